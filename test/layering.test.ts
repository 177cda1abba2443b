// The architecture rules are enforced by lint (eslint.config.js); these tests make sure the
// rules really reject what they are meant to, so a config edit cannot silently drop one.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

async function messages(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? ''}: ${m.message}`);
}

describe('engine/ determinism and layering', () => {
  it.each([
    ['Math.random', 'export const x = Math.random();', 'no-restricted-properties'],
    ['Date.now', 'export const x = Date.now();', 'no-restricted-'],
    ['new Date()', 'export const x = new Date();', 'no-restricted-'],
    ['performance.now', 'export const x = performance.now();', 'no-restricted-'],
    ['setTimeout', 'setTimeout(() => 0, 1);', 'no-restricted-globals'],
    ['crypto', 'export const x = crypto.randomUUID();', 'no-restricted-globals'],
    ['toLocaleString', 'export const x = (1).toLocaleString();', 'no-restricted-syntax'],
    ['node:fs', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;", 'no-restricted-imports'],
    ['fs', "import { readFileSync } from 'fs';\nexport const x = readFileSync;", 'no-restricted-imports'],
    ['react', "import { useState } from 'react';\nexport const x = useState;", 'no-restricted-imports'],
    ['cli/', "import { x as y } from '../../cli/main.ts';\nexport const x = y;", 'no-restricted-imports'],
  ])('rejects %s', async (_name, code, rule) => {
    const found = await messages(code, 'engine/src/sim/example.ts');
    expect(found.some((m) => m.startsWith(rule))).toBe(true);
  });

  it('accepts pure code', async () => {
    expect(await messages('export const twice = (x: number): number => 2 * x;\n', 'engine/src/sim/example.ts')).toEqual([]);
  });
});

describe('upper layers', () => {
  it('cli/ imports the engine only through its public surface', async () => {
    const found = await messages("import { tick } from '../engine/src/sim/tick.ts';\nexport const x = tick;", 'cli/example.ts');
    expect(found.some((m) => m.startsWith('no-restricted-imports'))).toBe(true);
    expect(await messages("import { createSim } from '../engine/src/index.ts';\nexport const x = createSim;", 'cli/example.ts')).toEqual([]);
  });

  it('renderer/ cannot import Node or Electron', async () => {
    for (const mod of ['node:fs', 'electron', 'child_process']) {
      const found = await messages(`import x from '${mod}';\nexport const y = x;`, 'renderer/src/example.ts');
      expect(found.some((m) => m.startsWith('no-restricted-imports'))).toBe(true);
    }
  });
});
