// One requestAnimationFrame for every chart: charts mark themselves dirty (data, clock, crosshair)
// and all of them draw together in the next frame, each at most once. Also resolves theme
// colours (CSS variables) for the canvas, cached until the theme changes.

type Job = () => void;

const dirty = new Set<Job>();
let pending = false;

const raf: (cb: () => void) => void =
  typeof requestAnimationFrame === 'function' ? (cb) => requestAnimationFrame(cb) : (cb) => setTimeout(cb, 16);

function flush(): void {
  pending = false;
  const jobs = [...dirty];
  dirty.clear();
  for (const job of jobs) job();
}

/** Runs `job` in the next animation frame (once, however often it is scheduled before then). */
export function scheduleDraw(job: Job): void {
  dirty.add(job);
  if (!pending) {
    pending = true;
    raf(flush);
  }
}

export function cancelDraw(job: Job): void {
  dirty.delete(job);
}

// ---------------------------------------------------------------------------------------------
// Theme colours for the canvas

const cache = new Map<string, string>();
let watching = false;

function watchTheme(): void {
  if (watching || typeof window === 'undefined') return;
  watching = true;
  window.matchMedia?.('(prefers-color-scheme: light)').addEventListener?.('change', () => cache.clear());
  if (typeof MutationObserver === 'function') {
    new MutationObserver(() => cache.clear()).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class', 'style'] });
  }
}

/** A colour the canvas understands: "var(--s1)" and "--s1" resolve against the document's theme. */
export function themeColor(color: string): string {
  const m = /^var\((--[\w-]+)\)$/.exec(color.trim());
  const name = m ? m[1] : color.startsWith('--') ? color : null;
  if (!name) return color;
  const hit = cache.get(name);
  if (hit !== undefined) return hit;
  watchTheme();
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
  cache.set(name, v);
  return v;
}
