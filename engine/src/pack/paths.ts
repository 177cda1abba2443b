// Paths inside a scenario pack. A pack is a set of files addressed by normalised relative paths
// (`shared/topology.yaml`); a reference in one file (`extends: ../shared/topology.yaml`) is
// resolved against that file's folder and must land inside the pack. Only normalised in-pack
// paths ever reach a reader, so `..` escapes, absolute paths, drive letters, URLs, backslashes
// and empty segments are refused here, whatever the reader would do with them.

export type PathResult = { ok: true; path: string } | { ok: false; message: string; hint?: string };

const PACK_FILE = /\.ya?ml$/i;

/** True for the files a pack is made of: .yaml and .yml. */
export function isPackFile(path: string): boolean {
  return PACK_FILE.test(path);
}

/** A path of the pack itself (a file name in a folder or an archive), normalised. */
export function normalisePackPath(path: string): PathResult {
  return resolveSegments([], path, path);
}

/** `ref`, written in the file `from`, as a normalised pack path. */
export function resolvePackPath(from: string, ref: unknown): PathResult {
  if (typeof ref !== 'string') return { ok: false, message: `expected a path (a string) like shared/topology.yaml, got ${ref === null ? 'nothing' : Array.isArray(ref) ? 'a list' : typeof ref}` };
  const dir = from.split('/').slice(0, -1);
  const out = resolveSegments(dir, ref, ref);
  if (!out.ok) return out;
  if (!isPackFile(out.path)) return { ok: false, message: `"${ref}" is not a YAML file`, hint: 'pack files end in .yaml or .yml' };
  return out;
}

function resolveSegments(base: string[], path: string, shown: string): PathResult {
  if (path === '') return { ok: false, message: 'the path is empty' };
  if (path.length > 1000) return { ok: false, message: 'the path is longer than 1000 characters' };
  if (/[\u0000-\u001f\u007f]/.test(path)) return { ok: false, message: `"${printable(shown)}" contains control characters` };
  if (path.includes('\\')) return { ok: false, message: `"${shown}" contains a backslash`, hint: 'separate folders with forward slashes: shared/topology.yaml' };
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(path)) {
    return { ok: false, message: `"${shown}" is a URL or a drive path; a pack only refers to its own files`, hint: 'write the path relative to this file, like shared/topology.yaml' };
  }
  if (path.startsWith('/') || path.startsWith('~')) {
    return { ok: false, message: `"${shown}" is an absolute path; a pack only refers to its own files`, hint: 'write the path relative to this file, like shared/topology.yaml' };
  }
  const out = [...base];
  const parts = path.split('/');
  for (let i = 0; i < parts.length; i++) {
    const seg = parts[i] ?? '';
    if (seg === '') {
      if (i === parts.length - 1) return { ok: false, message: `"${shown}" names a folder, not a file` };
      return { ok: false, message: `"${shown}" has an empty folder name (//)` };
    }
    if (seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) return { ok: false, message: `"${shown}" leads outside the pack`, hint: 'a pack may only refer to files inside its own folder' };
      out.pop();
      continue;
    }
    out.push(seg);
  }
  if (out.length === 0) return { ok: false, message: `"${shown}" names the pack folder, not a file` };
  return { ok: true, path: out.join('/') };
}

function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, '?');
}
