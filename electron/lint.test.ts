// The shell's layering rules are lint rules (eslint.config.js); these make sure they bite.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });
async function restricted(code: string, filePath: string): Promise<boolean> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).some((m) => m.ruleId === 'no-restricted-imports');
}

describe('electron/ import rules', () => {
  it('lets only main.ts and preload.ts import electron', async () => {
    const code = "import { app } from 'electron';\nexport const x = app;\n";
    expect(await restricted(code, 'electron/fileStore.ts')).toBe(true);
    expect(await restricted(code, 'electron/main.ts')).toBe(false);
    expect(await restricted(code, 'electron/preload.ts')).toBe(false);
  });
  it('allows the platform contract and nothing else from renderer/', async () => {
    expect(await restricted("import { STORE_KEY } from '../renderer/src/bridge/desktop-api.ts';\nexport const x = STORE_KEY;\n", 'electron/ipc.ts')).toBe(false);
    expect(await restricted("import { STORE_KEY } from '../renderer/src/bridge/desktop-api.ts';\nexport const x = STORE_KEY;\n", 'electron/main.ts')).toBe(false);
    expect(await restricted("import { App } from '../renderer/src/app/App.tsx';\nexport const x = App;\n", 'electron/ipc.ts')).toBe(true);
    expect(await restricted("import { x as y } from '../renderer/src/bridge/memoryPlatform.ts';\nexport const x = y;\n", 'electron/main.ts')).toBe(true);
  });
  it('keeps Node and zod out of the sandboxed preload', async () => {
    expect(await restricted("import { readFile } from 'node:fs/promises';\nexport const x = readFile;\n", 'electron/preload.ts')).toBe(true);
    expect(await restricted("import { z } from 'zod';\nexport const x = z;\n", 'electron/preload.ts')).toBe(true);
    expect(await restricted("import { readFile } from 'node:fs/promises';\nexport const x = readFile;\n", 'electron/main.ts')).toBe(false);
  });
});
