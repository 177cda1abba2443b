// Test fixtures for scenario packs: the example pack (scenarios/packs/example) as a platform hands
// over a picked folder, and zipped as a user would zip it. Read through Vite's ?raw glob:
// renderer/ has no node:fs.

import { strToU8, zipSync } from 'fflate';

const raw = import.meta.glob('../../../scenarios/packs/example/**/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const PREFIX = '../../../scenarios/packs/example/';

/** The example pack's YAML files by path inside the pack, `/` separated, sorted. */
export const EXAMPLE_FILES: { path: string; text: string }[] = Object.entries(raw)
  .map(([p, text]) => ({ path: p.slice(PREFIX.length), text }))
  .sort((a, b) => (a.path < b.path ? -1 : 1));

/** The example pack as a .zip of its folder (`example/...`). */
export function exampleZip(): Uint8Array {
  return zipSync(Object.fromEntries(EXAMPLE_FILES.map((f) => [`example/${f.path}`, strToU8(f.text)])));
}
