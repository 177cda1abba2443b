// The app:// protocol without Electron: appReply as a pure mapping (request → status, headers,
// file), and the whole protocol.handle handler with a stand-in for net.fetch that reads file: URLs.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_INDEX_URL, APP_ORIGIN, APP_SCHEME_PRIVILEGED, appReply, createAppHandler, withSecurityHeaders, type FetchFile } from './appProtocol.ts';
import { CSP, SECURITY_HEADERS } from './csp.ts';

let base: string;
let root: string;
const fetched: string[] = [];
const fetchFile: FetchFile = async (url) => {
  fetched.push(url);
  return new Response(await readFile(fileURLToPath(url)));
};

beforeAll(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'firedrill-app-')));
  root = join(base, 'renderer');
  await mkdir(join(root, 'assets', 'sub'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Firedrill</title>');
  await writeFile(join(root, 'assets', 'index-abc.js'), 'export {};');
  await writeFile(join(root, 'assets', 'sim.worker-abc.js'), 'postMessage(1);');
  await writeFile(join(root, 'assets', 'index-abc.js.map'), '{}');
  await writeFile(join(root, 'assets', 'style.css'), 'body{}');
  await writeFile(join(root, 'assets', 'engine.wasm'), Buffer.from([0, 97, 115, 109]));
  await writeFile(join(root, 'assets', 'logo.svg'), '<svg/>');
  await writeFile(join(root, 'assets', 'a b.json'), '{}');
  await writeFile(join(root, 'assets', 'blob.bin'), 'x');
  await writeFile(join(base, 'secret.txt'), 'top secret');
  await writeFile(join(base, 'renderer-evil.txt'), 'sibling with the root as prefix');
  await symlink(join(base, 'secret.txt'), join(root, 'link.txt'));
  await symlink(base, join(root, 'assets', 'up'));
});
afterAll(() => rm(base, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => appReply(root, { url, method });

describe('app:// scheme', () => {
  it('is app://firedrill, standard and secure, with fetch, and no more privileges than that', () => {
    expect(APP_ORIGIN).toBe('app://firedrill');
    expect(APP_INDEX_URL).toBe('app://firedrill/index.html');
    expect(APP_SCHEME_PRIVILEGED).toEqual({ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } });
  });
});

describe('appReply (request → status, headers, file)', () => {
  it('serves index.html for /, for a bare origin and by name, whatever the query or hash', async () => {
    for (const url of ['app://firedrill/', 'app://firedrill', APP_INDEX_URL, `${APP_INDEX_URL}?play=checkout-bad-deploy&at=900`, `${APP_INDEX_URL}#/war-room`]) {
      const r = await get(url);
      expect(r, url).toEqual({
        status: 200,
        headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' },
        bodyPath: join(root, 'index.html'),
        body: null,
      });
    }
  });

  it.each([
    ['/assets/index-abc.js', 'text/javascript; charset=utf-8'],
    ['/assets/sim.worker-abc.js', 'text/javascript; charset=utf-8'],
    ['/assets/index-abc.js.map', 'application/json; charset=utf-8'],
    ['/assets/style.css', 'text/css; charset=utf-8'],
    ['/assets/engine.wasm', 'application/wasm'],
    ['/assets/logo.svg', 'image/svg+xml'],
    ['/assets/a%20b.json', 'application/json; charset=utf-8'],
    ['/assets/blob.bin', 'application/octet-stream'],
  ])('serves %s as %s, with the security headers', async (path, type) => {
    const r = await get(`${APP_ORIGIN}${path}`);
    expect(r.status).toBe(200);
    expect(r.bodyPath).toBe(join(root, decodeURIComponent(path)));
    expect(r.headers).toMatchObject({ ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'public, max-age=31536000, immutable' });
    expect(r.headers['Content-Security-Policy']).toBe(CSP);
    expect(r.headers['X-Content-Type-Options']).toBe('nosniff');
  });

  it.each([
    ['encoded ..', '/..%2f..%2fsecret.txt'],
    ['encoded .. and backslash', '/..%5csecret.txt'],
    ['an encoded .. segment after a folder', '/assets/..%2f..%2f..%2fsecret.txt'],
    ['a Windows drive', '/C:%5cWindows%5cwin.ini'],
    ['a symlink out of the root', '/link.txt'],
    ['a path through a symlinked folder', '/assets/up/secret.txt'],
  ])('refuses %s with 403 and no file', async (_name, path) => {
    const r = await get(`${APP_ORIGIN}${path}`);
    expect(r).toMatchObject({ status: 403, bodyPath: null, body: 'Forbidden\n' });
    expect(r.headers).toMatchObject(SECURITY_HEADERS);
  });

  it('keeps a .. that the URL parser resolves inside the root (404, never the file outside)', async () => {
    // The WHATWG parser (and Chromium's) resolves plain and %2e dot segments before we see them.
    for (const url of ['app://firedrill/../secret.txt', 'app://firedrill/%2e%2e/%2e%2e/secret.txt', 'app://firedrill/assets/../../renderer-evil.txt']) {
      const r = await get(url);
      expect(r.status, url).toBe(404);
      expect(r.bodyPath).toBeNull();
    }
  });

  it('answers 400 for a NUL byte or a malformed escape', async () => {
    expect((await get(`${APP_ORIGIN}/index.html%00.js`)).status).toBe(400);
    expect((await get(`${APP_ORIGIN}/%E0%A4%A`)).status).toBe(400);
  });

  it('answers 404, with the headers, for a missing file, a folder and another host', async () => {
    for (const url of [`${APP_ORIGIN}/assets/missing.js`, `${APP_ORIGIN}/assets`, `${APP_ORIGIN}/assets/`, 'app://other/index.html', 'app://u:p@firedrill/index.html', 'file:///index.html']) {
      const r = await get(url);
      expect(r, url).toEqual({ status: 404, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }, bodyPath: null, body: 'Not found\n' });
    }
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    expect(await get(APP_INDEX_URL, 'HEAD')).toMatchObject({ status: 200, bodyPath: null, body: null, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
    expect(await get(`${APP_ORIGIN}/missing`, 'HEAD')).toMatchObject({ status: 404, bodyPath: null, body: null });
    const post = await get(APP_INDEX_URL, 'POST');
    expect(post).toMatchObject({ status: 405, bodyPath: null, headers: { Allow: 'GET, HEAD', 'Content-Security-Policy': CSP } });
  });
});

describe('createAppHandler (the protocol.handle handler)', () => {
  const handler = () => createAppHandler(root, fetchFile);

  it('streams the file with our status and headers', async () => {
    const res = await handler()(new Request(`${APP_ORIGIN}/assets/sim.worker-abc.js`));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('postMessage(1);');
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(fetched.at(-1)).toMatch(/^file:\/\/.*\/renderer\/assets\/sim\.worker-abc\.js$/);
  });

  it('never reads a file for a refusal or a HEAD', async () => {
    const before = fetched.length;
    const h = handler();
    const traversal = await h(new Request(`${APP_ORIGIN}/..%2fsecret.txt`));
    expect(traversal.status).toBe(403);
    expect(await traversal.text()).toBe('Forbidden\n');
    expect(traversal.headers.get('content-security-policy')).toBe(CSP);
    const head = await h(new Request(APP_INDEX_URL, { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect((await h(new Request(`${APP_ORIGIN}/nope.js`))).status).toBe(404);
    expect(fetched.length).toBe(before);
  });

  it('answers 404 when the file vanishes before it is read, or the build is missing', async () => {
    const failing = createAppHandler(root, () => Promise.reject(new Error('ENOENT')));
    const res = await failing(new Request(APP_INDEX_URL));
    expect(res.status).toBe(404);
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    const notFound = createAppHandler(root, async () => new Response(null, { status: 404 }));
    expect((await notFound(new Request(APP_INDEX_URL))).status).toBe(404);

    const later = join(base, 'later');
    const unbuilt = createAppHandler(later, fetchFile);
    expect((await unbuilt(new Request(APP_INDEX_URL))).status).toBe(404);
    // Built afterwards: served without restarting.
    await mkdir(later);
    await writeFile(join(later, 'index.html'), 'built');
    const res2 = await unbuilt(new Request(APP_INDEX_URL));
    expect(res2.status).toBe(200);
    expect(await res2.text()).toBe('built');
  });
});

describe('withSecurityHeaders (session.webRequest)', () => {
  it('sets the CSP and nosniff once, replacing any copy whatever its case, and keeps the rest', () => {
    expect(withSecurityHeaders({ 'content-security-policy': ["default-src *"], 'X-CONTENT-TYPE-OPTIONS': ['x'], 'X-A': ['1'] })).toEqual({
      'X-A': ['1'],
      'Content-Security-Policy': [CSP],
      'X-Content-Type-Options': ['nosniff'],
    });
    expect(withSecurityHeaders(undefined)).toEqual({ 'Content-Security-Policy': [CSP], 'X-Content-Type-Options': ['nosniff'] });
  });
});
