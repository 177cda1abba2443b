import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { CSP } from './csp.ts';
import { mimeType, portFromEnv, resolveRequestPath, startStaticServer, type StaticServer } from './staticServer.ts';

/** A raw GET: the path is sent exactly as given (no client-side normalisation of "..'). */
function get(port: number, path: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

let base: string;
let root: string;
let served: StaticServer;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'firedrill-serve-'));
  root = join(base, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Firedrill</title>');
  await writeFile(join(root, 'assets', 'main-abc.js'), 'export {};');
  await writeFile(join(root, 'assets', 'main-abc.js.map'), '{}');
  await writeFile(join(root, 'assets', 'style.css'), 'body{}');
  await writeFile(join(root, 'assets', 'engine.wasm'), Buffer.from([0, 97, 115, 109]));
  await writeFile(join(root, 'assets', 'logo.svg'), '<svg/>');
  await writeFile(join(root, 'assets', 'data.json'), '{}');
  await writeFile(join(root, 'assets', 'blob.bin'), 'x');
  await writeFile(join(base, 'secret.txt'), 'top secret');
  await symlink(join(base, 'secret.txt'), join(root, 'link.txt'));
  served = await startStaticServer(root, 0);
});

afterAll(async () => {
  await served.close();
  await rm(base, { recursive: true, force: true });
});

describe('static server', () => {
  it('serves index.html for / on 127.0.0.1 with the security headers', async () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await get(served.port, '/');
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>Firedrill</title>');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(CSP);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-cache');
    // Deep links keep their query string.
    expect((await get(served.port, '/?play=checkout-bad-deploy&at=900')).status).toBe(200);
  });

  it.each([
    ['/assets/main-abc.js', 'text/javascript; charset=utf-8'],
    ['/assets/main-abc.js.map', 'application/json; charset=utf-8'],
    ['/assets/style.css', 'text/css; charset=utf-8'],
    ['/assets/engine.wasm', 'application/wasm'],
    ['/assets/logo.svg', 'image/svg+xml'],
    ['/assets/data.json', 'application/json; charset=utf-8'],
    ['/assets/blob.bin', 'application/octet-stream'],
  ])('serves %s as %s', async (path, type) => {
    const res = await get(served.port, path);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(type);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get(served.port, '/assets/style.css', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['content-length']).toBe('6');
    const post = await get(served.port, '/', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('404s what is not there, folders included', async () => {
    expect((await get(served.port, '/nope.js')).status).toBe(404);
    expect((await get(served.port, '/assets')).status).toBe(404);
    expect((await get(served.port, '/assets/')).status).toBe(404);
    const missing = await get(served.port, '/missing');
    expect(missing.headers['content-security-policy']).toBe(CSP);
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/..%5csecret.txt',
    '/assets/%2E%2E/%2E%2E/secret.txt',
    '/link.txt',
  ])('refuses to leave the root: %s', async (path) => {
    const res = await get(served.port, path);
    expect([403, 404]).toContain(res.status);
    expect(res.body).not.toContain('top secret');
  });

  it('400s malformed paths', async () => {
    expect((await get(served.port, '/%E0%A4%A')).status).toBe(400);
    expect((await get(served.port, '/a%00.js')).status).toBe(400);
  });
});

describe('request path resolution', () => {
  const r = resolve('/srv/app');
  it('maps paths inside the root and refuses the rest', () => {
    expect(resolveRequestPath(r, '/')).toEqual({ ok: true, path: join(r, 'index.html') });
    expect(resolveRequestPath(r, '/assets/a.js?v=1#x')).toEqual({ ok: true, path: join(r, 'assets', 'a.js') });
    expect(resolveRequestPath(r, '/a%20b.css')).toEqual({ ok: true, path: join(r, 'a b.css') });
    expect(resolveRequestPath(r, '/../etc/passwd')).toEqual({ ok: false, status: 403 });
    expect(resolveRequestPath(r, '/%2e%2e%2fetc%2fpasswd')).toEqual({ ok: false, status: 403 });
    expect(resolveRequestPath(r, '/C:/Windows/win.ini')).toEqual({ ok: false, status: 403 });
    expect(resolveRequestPath(r, '//etc/passwd')).toEqual({ ok: true, path: join(r, 'etc', 'passwd') });
    expect(resolveRequestPath(r, 'http://evil/x')).toEqual({ ok: false, status: 400 });
    expect(resolveRequestPath(r, '/%zz')).toEqual({ ok: false, status: 400 });
  });

  it('knows the MIME types the app uses', () => {
    expect(mimeType('a.JS')).toBe('text/javascript; charset=utf-8');
    expect(mimeType('x.woff2')).toBe('font/woff2');
  });
});

describe('port from PORT', () => {
  it('reads PORT, falls back, and rejects nonsense', () => {
    expect(portFromEnv({}, 4173)).toBe(4173);
    expect(portFromEnv({ PORT: '' }, 4173)).toBe(4173);
    expect(portFromEnv({ PORT: '5000' }, 4173)).toBe(5000);
    expect(portFromEnv({ PORT: '0' }, 4173)).toBe(0);
    expect(() => portFromEnv({ PORT: '70000' }, 4173)).toThrow(/PORT must be/);
    expect(() => portFromEnv({ PORT: 'abc' }, 4173)).toThrow(/PORT must be/);
  });
});

describe('npm run serve', () => {
  // Builds dist/renderer first when it is missing or stale (as `npm run serve` does).
  it('serves dist/renderer on the port from PORT and prints the URL', async () => {
    const repo = resolve(import.meta.dirname, '..');
    const probe = await startStaticServer(root, 0);
    const port = probe.port; // a port that was free a moment ago
    await probe.close();
    const child = spawn(process.execPath, [join(repo, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(repo, 'electron', 'serve.ts')], {
      cwd: repo,
      env: { ...process.env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const line = await new Promise<string>((done, fail) => {
        let out = '';
        let err = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /Serving Firedrill at (\S+)/.exec(out);
          if (m?.[1]) done(m[1]);
        });
        child.stderr.on('data', (c: Buffer) => (err += c.toString()));
        child.on('exit', (code) => fail(new Error(`serve exited with ${code}: ${out}${err}`)));
      });
      expect(line).toBe(`http://127.0.0.1:${port}/`);
      const res = await get(port, '/');
      expect(res.status).toBe(200);
      expect(res.body).toContain('<div id="root">');
      expect(res.headers['content-security-policy']).toBe(CSP);
    } finally {
      child.kill('SIGTERM');
    }
  }, 180_000);
});
