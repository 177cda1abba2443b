// The app:// scheme the Electron window loads the built renderer from (app://firedrill/index.html)
// instead of file://: a standard, secure scheme gives the page a real origin, so its module
// scripts, the module Web Worker and IndexedDB behave as on https, and every response can carry
// our security headers (file:// responses have none). Plain Node: main.ts registers the scheme
// and hands `createAppHandler` to `protocol.handle`; tests drive the handler directly.

import { pathToFileURL } from 'node:url';
import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SECURITY_HEADERS } from './csp.ts';
import { locateFile, STATUS_TEXT } from './staticServer.ts';

export const APP_SCHEME = 'app';
export const APP_HOST = 'firedrill';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page the window loads; the only page whose top frame may call IPC (ipc.ts). */
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/**
 * `protocol.registerSchemesAsPrivileged` entry (Electron's CustomScheme). `standard`: a real
 * origin (app://firedrill), relative URLs and web storage (IndexedDB); `secure`: a secure context,
 * like https; `supportFetchAPI`: the page may fetch() its own files. Module scripts and the module
 * worker are same-origin requests, which need no more. Deliberately not `bypassCSP` (the CSP
 * applies to app:// like anything else), nor `corsEnabled` (which would let other origins read
 * app:// responses), `allowServiceWorkers` or `stream`.
 */
export const APP_SCHEME_PRIVILEGED = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
} as const;

/** What the handler answers, before the body is read: a file to send, a short text, or nothing (HEAD). */
export interface AppReply {
  status: 200 | 400 | 403 | 404 | 405;
  headers: Record<string, string>;
  /** Absolute real path of the file to send (200 to GET only). */
  bodyPath: string | null;
  /** Text body of a refusal (null for HEAD). */
  body: string | null;
}

/** A refusal: its status, a one-line text body (none for HEAD), the security headers, no caching. */
export function refusal(status: Exclude<AppReply['status'], 200>, method: string, extra: Record<string, string> = {}): AppReply {
  return {
    status,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra },
    bodyPath: null,
    body: method === 'HEAD' ? null : STATUS_TEXT[status],
  };
}

/**
 * Maps one request to our origin onto `base` (dist/renderer, already a real path): GET and HEAD
 * only (405), our host only (404 for any other), "/" is index.html, nothing outside `base`
 * (`resolveRequestPath` and the symlink check, via `locateFile`), 404 for what is missing, the
 * MIME type of the file, and the security headers (CSP included) on every answer.
 */
export async function appReply(base: string, request: { url: string; method: string }): Promise<AppReply> {
  const { method } = request;
  if (method !== 'GET' && method !== 'HEAD') return refusal(405, method, { Allow: 'GET, HEAD' });
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return refusal(400, method);
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username !== '' || url.password !== '') return refusal(404, method);
  // Node leaves the path of a bare "app://firedrill" empty; Chromium makes it "/".
  const found = await locateFile(base, url.pathname || '/');
  if (!found.ok) return refusal(found.status, method);
  return {
    status: 200,
    headers: { ...SECURITY_HEADERS, 'Content-Type': found.contentType, 'Cache-Control': found.cacheControl },
    bodyPath: method === 'HEAD' ? null : found.path,
    body: null,
  };
}

/** Reads a file:// URL as a Response (Electron's `net.fetch` in main.ts; it also reads inside app.asar). */
export type FetchFile = (fileUrl: string) => Promise<Response>;

/**
 * The `protocol.handle` handler for app://: `appReply` on the real path of `root`, the file's bytes
 * streamed from `fetchFile`, our status and headers (never those of the file fetch).
 */
export function createAppHandler(root: string, fetchFile: FetchFile): (request: Request) => Promise<Response> {
  const send = (reply: AppReply, body: ReadableStream<Uint8Array> | string | null = reply.body): Response =>
    new Response(body, { status: reply.status, headers: reply.headers });
  let base: Promise<string> | null = null;
  return async (request) => {
    let real: string;
    try {
      base ??= realpath(resolve(root));
      real = await base;
    } catch {
      base = null; // not built yet: look again on the next request
      return send(refusal(404, request.method));
    }
    const reply = await appReply(real, request);
    if (reply.bodyPath === null) return send(reply);
    try {
      const file = await fetchFile(pathToFileURL(reply.bodyPath).href);
      if (file.ok && file.body) return send(reply, file.body);
    } catch {
      // gone since appReply looked: a 404 like any missing file
    }
    return send(refusal(404, request.method));
  };
}

/**
 * Response headers with the CSP and nosniff set exactly once (any existing copy, whatever its
 * case, replaced): for the session's `webRequest.onHeadersReceived`, which sees every response.
 */
export function withSecurityHeaders(headers: Record<string, string[]> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower !== 'content-security-policy' && lower !== 'x-content-type-options') out[name] = value;
  }
  out['Content-Security-Policy'] = [SECURITY_HEADERS['Content-Security-Policy'] as string];
  out['X-Content-Type-Options'] = ['nosniff'];
  return out;
}
