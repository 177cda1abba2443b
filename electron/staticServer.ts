// A small static file server for dist/renderer on 127.0.0.1 (`npm run serve`, and `npm start`
// without Electron): GET/HEAD only, correct MIME types, the app's security headers, no path
// outside the root (decoded, resolved and checked, symlinks included), index.html for "/".

import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { SECURITY_HEADERS } from './csp.ts';

export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8',
  '.yml': 'text/yaml; charset=utf-8',
};

export function mimeType(path: string): string {
  return MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export type Resolved = { ok: true; path: string } | { ok: false; status: 400 | 403 };

/**
 * Maps a request target ("/assets/x.js?v=1") to a file under `root`, or refuses it: 400 for a
 * malformed path, 403 for anything that would leave the root (`..`, encoded or not, backslashes,
 * NUL bytes, absolute Windows paths). "/" is index.html.
 */
export function resolveRequestPath(root: string, target: string): Resolved {
  const rawPath = target.split(/[?#]/, 1)[0] ?? '';
  if (!rawPath.startsWith('/')) return { ok: false, status: 400 };
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { ok: false, status: 400 };
  }
  if (decoded.includes('\0')) return { ok: false, status: 400 };
  const segments = decoded.split(/[/\\]+/);
  if (segments.some((s) => s === '..' || /^[A-Za-z]:$/.test(s))) return { ok: false, status: 403 };
  const rel = decoded === '/' ? 'index.html' : decoded.replace(/^[/\\]+/, '');
  const base = resolve(root);
  const full = resolve(base, rel);
  if (full !== base && !full.startsWith(base + sep)) return { ok: false, status: 403 };
  return { ok: true, path: full };
}

/** Plain-text bodies of the refusals. */
export const STATUS_TEXT = { 400: 'Bad request\n', 403: 'Forbidden\n', 404: 'Not found\n', 405: 'Method not allowed\n' } as const;

export type Located =
  | { ok: true; path: string; size: number; contentType: string; cacheControl: string }
  | { ok: false; status: 400 | 403 | 404 };

/**
 * The file a request target names under `base` (which must already be a real path), or why not:
 * `resolveRequestPath`, then the real path (symlinks followed) checked against `base` again (403),
 * then a regular file (404 otherwise, or when missing). Shared by this server and Electron's
 * app:// protocol (appProtocol.ts).
 */
export async function locateFile(base: string, target: string): Promise<Located> {
  const where = resolveRequestPath(base, target);
  if (!where.ok) return where;
  try {
    const real = await realpath(where.path);
    if (real !== base && !real.startsWith(base + sep)) return { ok: false, status: 403 };
    const st = await stat(real);
    if (!st.isFile()) return { ok: false, status: 404 };
    return {
      ok: true,
      path: real,
      size: st.size,
      contentType: mimeType(real),
      // Hashed asset names change with each build; index.html must always be fresh.
      cacheControl: real.slice(base.length).startsWith(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
    };
  } catch {
    return { ok: false, status: 404 };
  }
}

export interface StaticServer {
  server: Server;
  /** http://127.0.0.1:PORT/ */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves `root` on 127.0.0.1:`port` (0 = any free port). */
export async function startStaticServer(root: string, port: number, host = '127.0.0.1'): Promise<StaticServer> {
  const base = await realpath(resolve(root));

  const server = createServer((req, res) => {
    const send = (status: number, body: string, extra: Record<string, string> = {}): void => {
      res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(405, STATUS_TEXT[405], { Allow: 'GET, HEAD' });
      return;
    }
    void locateFile(base, req.url ?? '/').then((found) => {
      if (!found.ok) {
        send(found.status, STATUS_TEXT[found.status]);
        return;
      }
      res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': found.contentType, 'Content-Length': String(found.size), 'Cache-Control': found.cacheControl });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      createReadStream(found.path)
        .on('error', () => res.destroy())
        .pipe(res);
    });
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const addr = server.address();
  const actual = typeof addr === 'object' && addr ? addr.port : port;
  return {
    server,
    port: actual,
    url: `http://${host}:${actual}/`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** The port from the environment: PORT if it is an integer 0-65535, else `fallback`. */
export function portFromEnv(env: NodeJS.ProcessEnv, fallback: number): number {
  const raw = env.PORT?.trim();
  if (!raw) return fallback;
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) throw new Error(`PORT must be a number from 0 to 65535, not "${env.PORT}"`);
  return Number(raw);
}
