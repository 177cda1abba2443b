// Writes large outputs (metric CSVs, log exports) line by line, respecting back-pressure, so a
// long run never builds one giant string in memory.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

export type WriteResult = { ok: true; lines: number } | { ok: false; message: string };

export async function writeLines(path: string, lines: Iterable<string>): Promise<WriteResult> {
  const stream = createWriteStream(path, { encoding: 'utf8' });
  let failure: Error | undefined;
  stream.on('error', (err) => {
    failure = err;
  });
  let n = 0;
  try {
    await once(stream, 'open');
    let chunk = '';
    for (const line of lines) {
      if (failure) break;
      chunk += `${line}\n`;
      n += 1;
      if (chunk.length >= 64 * 1024) {
        if (!stream.write(chunk)) await once(stream, 'drain'); // rejects if the stream errors meanwhile
        chunk = '';
      }
    }
    if (!failure && chunk) stream.write(chunk);
    stream.end();
    if (!failure) await once(stream, 'finish');
  } catch (err) {
    failure ??= err instanceof Error ? err : new Error(String(err));
    stream.destroy();
  }
  if (failure) return { ok: false, message: `cannot write ${path}: ${describe(failure)}` };
  return { ok: true, lines: n };
}

function describe(err: Error): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'its folder does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return err.message;
}
