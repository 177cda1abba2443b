// A DesktopApi kept in memory: for component tests, and the fallback when a browser refuses
// IndexedDB (private windows in some browsers), where it says so rather than failing silently.

import { STORE_KEY, type DesktopApi, type PackSource, type PickedFile, type PickedPack, type SaveRequest, type StoreName, type StoredItem } from './desktop-api.ts';

export interface MemoryPlatform extends DesktopApi {
  /** Files "opened" next: each openFile call takes the first (null = the user cancelled). */
  queueOpen(file: PickedFile | null): void;
  /** Packs "picked" next: each openPack call takes the first (null = the user cancelled). */
  queuePack(pack: PickedPack | null): void;
  /** The source of each openPack call, in order. */
  readonly packAsks: PackSource[];
  /** Everything saveFile received, in order. */
  readonly saved: SaveRequest[];
  /** Raw stored text, by store and key (tests may corrupt it on purpose). */
  readonly raw: Map<string, string>;
}

export function createMemoryPlatform(now: () => number = () => 0): MemoryPlatform {
  const raw = new Map<string, string>();
  const stamps = new Map<string, number>();
  const opens: (PickedFile | null)[] = [];
  const packs: (PickedPack | null)[] = [];
  const packAsks: PackSource[] = [];
  const saved: SaveRequest[] = [];
  const k = (store: StoreName, key: string): string => {
    if (!STORE_KEY.test(key)) throw new Error(`invalid store key "${key}"`);
    return `${store}/${key}`;
  };
  return {
    kind: 'browser',
    raw,
    saved,
    packAsks,
    queueOpen(file) {
      opens.push(file);
    },
    queuePack(pack) {
      packs.push(pack);
    },
    async openFile() {
      return opens.shift() ?? null;
    },
    async openPack(source) {
      packAsks.push(source);
      return packs.shift() ?? null;
    },
    async saveFile(request) {
      saved.push(request);
      return { saved: true, where: `download ${request.suggestedName}` };
    },
    async put(store, key, value) {
      raw.set(k(store, key), JSON.stringify(value));
      stamps.set(k(store, key), now());
    },
    async get(store, key) {
      const text = raw.get(k(store, key));
      if (text === undefined) return null;
      try {
        return { ok: true, value: JSON.parse(text) as unknown };
      } catch (err) {
        return { ok: false, error: { key, message: `not valid JSON: ${err instanceof Error ? err.message : String(err)}` } };
      }
    },
    async list(store) {
      const out: StoredItem[] = [];
      for (const [full, text] of raw) {
        if (!full.startsWith(`${store}/`)) continue;
        out.push({ key: full.slice(store.length + 1), updatedAt: stamps.get(full) ?? 0, bytes: new TextEncoder().encode(text).length });
      }
      return out.sort((a, b) => b.updatedAt - a.updatedAt);
    },
    async remove(store, key) {
      raw.delete(k(store, key));
    },
    async quarantine(store, key) {
      const text = raw.get(k(store, key));
      if (text === undefined) throw new Error(`nothing stored under ${store}/${key}`);
      let n = 1;
      while (raw.has(k(store, `${key}.corrupt-${n}`))) n++;
      const to = `${key}.corrupt-${n}`;
      raw.set(k(store, to), text);
      raw.delete(k(store, key));
      return `${store}/${to}`;
    },
  };
}
