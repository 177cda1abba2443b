// The built-in scenario library, bundled into the app as text (the same files the CLI reads).

import type { ScenarioSource } from '../state/store.ts';

const files = import.meta.glob('../../../scenarios/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export interface Builtin extends ScenarioSource {
  id: string;
}

export const BUILTINS: readonly Builtin[] = Object.entries(files)
  .map(([path, text]) => {
    const file = path.slice(path.lastIndexOf('/') + 1);
    return { kind: 'builtin' as const, id: file.replace(/\.yaml$/, ''), file, text };
  })
  .sort((a, b) => a.id.localeCompare(b.id));
