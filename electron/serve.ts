// `npm run serve`: builds the app if needed and serves dist/renderer on 127.0.0.1:${PORT:-4173}
// without opening anything (your own browser, end-to-end tests). Ctrl-C stops.

import { join } from 'node:path';
import { ensureBuilt, REPO_ROOT } from './build.ts';
import { portFromEnv, startStaticServer } from './staticServer.ts';

async function main(): Promise<void> {
  const port = portFromEnv(process.env, 4173);
  await ensureBuilt({ electron: false });
  const served = await startStaticServer(join(REPO_ROOT, 'dist', 'renderer'), port);
  console.log(`Serving Firedrill at ${served.url} (Ctrl-C stops).`);
  const stop = (): void => {
    void served.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  const code = (err as { code?: unknown }).code;
  console.error(code === 'EADDRINUSE' ? `Port ${process.env.PORT ?? 4173} is in use; choose another with PORT=<port> npm run serve.` : err instanceof Error ? err.message : String(err));
  process.exit(1);
});
