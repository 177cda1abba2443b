import { describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { CHANNELS } from './channels.ts';
import { openFilters, packDialog, saveFilters } from './dialogs.ts';
import { MAX_TEXT_BYTES, PAYLOADS, checkCall, isTrustedSender, toStoredText } from './ipc.ts';
import { appPaths } from './windowConfig.ts';

const { indexUrl } = appPaths('/opt/Firedrill/resources/app.asar/dist/electron');
const fileIndexUrl = pathToFileURL('/opt/Firedrill/resources/app.asar/dist/renderer/index.html').href;
const top = (url: string | null) => ({ url, isMainFrame: true });

describe('IPC channels', () => {
  it('has one namespaced channel per DesktopApi method, each with a schema', () => {
    expect(Object.keys(CHANNELS).sort()).toEqual(['get', 'list', 'openFile', 'openPack', 'put', 'quarantine', 'remove', 'saveFile']);
    for (const [method, channel] of Object.entries(CHANNELS)) {
      expect(channel).toBe(`firedrill:${method}`);
      expect(PAYLOADS[channel]).toBeDefined();
    }
  });
});

describe('sender check', () => {
  it('trusts only the top frame of app://firedrill/index.html, with any query or hash', () => {
    expect(indexUrl).toBe('app://firedrill/index.html');
    expect(isTrustedSender(top(indexUrl), indexUrl)).toBe(true);
    expect(isTrustedSender(top(`${indexUrl}?play=checkout-bad-deploy&at=900`), indexUrl)).toBe(true);
    expect(isTrustedSender(top(`${indexUrl}#/war-room`), indexUrl)).toBe(true);
    // The same URL, spelt with a dot segment: it is our page.
    expect(isTrustedSender(top('app://firedrill/assets/../index.html'), indexUrl)).toBe(true);
  });

  it.each([
    ['an iframe of the same page', { url: indexUrl, isMainFrame: false }],
    ['an iframe of the same page with a query', { url: `${indexUrl}?x=1`, isMainFrame: false }],
    ['a destroyed frame', top(null)],
    ['another page of our origin', top('app://firedrill/other.html')],
    ['our origin at "/"', top('app://firedrill/')],
    ['a script of our origin', top('app://firedrill/assets/index.js')],
    ['index.html in a folder', top('app://firedrill/assets/index.html')],
    ['another host of our scheme', top('app://evil/index.html')],
    ['our host as a subdomain', top('app://firedrill.evil/index.html')],
    ['our scheme with a port', top('app://firedrill:1/index.html')],
    ['our scheme with user info', top('app://x@firedrill/index.html')],
    ['another scheme, same host and path', top('apps://firedrill/index.html')],
    ['the built file over file://', top(fileIndexUrl)],
    ['a file elsewhere on disk', top('file:///home/me/Downloads/index.html')],
    ['a file:// URL with our host', top('file://firedrill/index.html')],
    ['a web page', top('https://firedrill/index.html')],
    ['a local server', top('http://127.0.0.1:4173/index.html')],
    ['a data: URL', top('data:text/html,<script>1</script>')],
    ['a blob: URL of our origin', top('blob:app://firedrill/6d1c0b4e-0000-4000-8000-000000000000')],
    ['about:blank', top('about:blank')],
    ['garbage', top('not a url')],
  ])('refuses %s', (_name, sender) => {
    expect(isTrustedSender(sender, indexUrl)).toBe(false);
  });

  it('trusts nothing when the expected page is not on app:// (never file://, never http)', () => {
    expect(isTrustedSender(top(fileIndexUrl), fileIndexUrl)).toBe(false);
    expect(isTrustedSender(top('http://127.0.0.1:4173/index.html'), 'http://127.0.0.1:4173/index.html')).toBe(false);
    expect(isTrustedSender(top(indexUrl), 'not a url')).toBe(false);
  });
});

describe('payload schemas', () => {
  const ok = top(indexUrl);
  it('accepts well-formed calls and returns the parsed arguments', () => {
    expect(checkCall(CHANNELS.openFile, ok, ['scenario'], indexUrl)).toEqual({ ok: true, args: ['scenario'] });
    expect(checkCall(CHANNELS.openPack, ok, ['folder'], indexUrl)).toEqual({ ok: true, args: ['folder'] });
    expect(checkCall(CHANNELS.openPack, ok, ['zip'], indexUrl)).toEqual({ ok: true, args: ['zip'] });
    expect(checkCall(CHANNELS.put, ok, ['library', 'example.orders-bad-deploy.1a2b3c4d', { text: 'x' }], indexUrl).ok).toBe(true);
    expect(checkCall(CHANNELS.put, ok, ['autosave', 'run-1.v2', { a: [1] }], indexUrl)).toEqual({ ok: true, args: ['autosave', 'run-1.v2', { a: [1] }] });
    expect(checkCall(CHANNELS.get, ok, ['prefs', 'speed'], indexUrl).ok).toBe(true);
    expect(checkCall(CHANNELS.list, ok, ['finished'], indexUrl).ok).toBe(true);
    expect(checkCall(CHANNELS.remove, ok, ['drafts', 'd'], indexUrl).ok).toBe(true);
    expect(checkCall(CHANNELS.quarantine, ok, ['autosave', 'run'], indexUrl).ok).toBe(true);
    const save = { kind: 'report', suggestedName: 'postmortem 2024-05-01.md', text: '# PM', mime: 'text/markdown' };
    expect(checkCall(CHANNELS.saveFile, ok, [save], indexUrl)).toEqual({ ok: true, args: [save] });
  });

  it.each([
    ['openFile', CHANNELS.openFile, ['exe']],
    ['openFile without args', CHANNELS.openFile, []],
    ['openFile with an extra arg', CHANNELS.openFile, ['scenario', '/etc/passwd']],
    ['openPack without args', CHANNELS.openPack, []],
    ['openPack with a path', CHANNELS.openPack, ['/home/me/packs']],
    ['openPack with a path after its source', CHANNELS.openPack, ['folder', '/etc']],
    ['openPack of another kind', CHANNELS.openPack, ['scenario']],
    ['put to an unknown store', CHANNELS.put, ['secrets', 'k', 1]],
    ['put with a traversal key', CHANNELS.put, ['prefs', '../../.bashrc', 'x']],
    ['put with a slash in the key', CHANNELS.put, ['prefs', 'a/b', 'x']],
    ['put with an empty key', CHANNELS.put, ['prefs', '', 'x']],
    ['put with a 129-char key', CHANNELS.put, ['prefs', 'k'.repeat(129), 'x']],
    ['get with a number key', CHANNELS.get, ['prefs', 7]],
    ['list of a non-string', CHANNELS.list, [{ toString: () => 'prefs' }]],
    ['saveFile into a folder', CHANNELS.saveFile, [{ kind: 'report', suggestedName: '../../x.md', text: '', mime: 'text/markdown' }]],
    ['saveFile with a Windows path', CHANNELS.saveFile, [{ kind: 'report', suggestedName: 'C:\\x.md', text: '', mime: 'text/markdown' }]],
    ['saveFile named ".."', CHANNELS.saveFile, [{ kind: 'report', suggestedName: '..', text: '', mime: 'text/markdown' }]],
    ['saveFile with an extra field', CHANNELS.saveFile, [{ kind: 'report', suggestedName: 'x.md', text: '', mime: 'text/markdown', path: '/etc/x' }]],
    ['saveFile with a bad MIME type', CHANNELS.saveFile, [{ kind: 'report', suggestedName: 'x.md', text: '', mime: 'text/markdown\r\nX: y' }]],
    ['saveFile too large', CHANNELS.saveFile, [{ kind: 'report', suggestedName: 'x.md', text: 'x'.repeat(MAX_TEXT_BYTES + 1), mime: 'text/plain' }]],
  ])('rejects %s', (_name, channel, args) => {
    const res = checkCall(channel, ok, args, indexUrl);
    expect(res.ok).toBe(false);
    expect(!res.ok && res.error).toMatch(new RegExp(`^${channel}: invalid arguments`));
  });

  it('checks the sender before the payload', () => {
    const res = checkCall(CHANNELS.put, top('https://evil.example/'), ['prefs', 'k', 1], indexUrl);
    expect(res).toEqual({ ok: false, error: "firedrill:put: refused, the call did not come from Firedrill's own page" });
    // A pack dialog too: a frame that is not our page learns nothing, not even that its arguments were bad.
    expect(checkCall(CHANNELS.openPack, top('file:///home/me/Downloads/index.html'), ['folder'], indexUrl)).toEqual({ ok: false, error: "firedrill:openPack: refused, the call did not come from Firedrill's own page" });
    expect(checkCall(CHANNELS.openPack, { url: indexUrl, isMainFrame: false }, ['nonsense'], indexUrl)).toMatchObject({ ok: false, error: expect.stringMatching(/refused/) });
  });

  it('stores only JSON-serialisable values', () => {
    expect(toStoredText({ a: 1 })).toBe('{"a":1}');
    expect(() => toStoredText(undefined)).toThrow(/not JSON-serialisable/);
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => toStoredText(loop)).toThrow();
  });
});

describe('dialog filters', () => {
  it('offers YAML for scenarios, JSON for sessions and anything for reports', () => {
    expect(openFilters('scenario')).toEqual([{ name: 'Firedrill scenario (YAML)', extensions: ['yaml', 'yml'] }]);
    expect(openFilters('session')).toEqual([{ name: 'Firedrill session (JSON)', extensions: ['json'] }]);
    expect(openFilters('report')).toEqual([{ name: 'All files', extensions: ['*'] }]);
    expect(saveFilters('report', 'postmortem.md')[0]).toEqual({ name: 'Markdown', extensions: ['md'] });
    expect(saveFilters('report', 'report.HTML')[0]).toEqual({ name: 'HTML page', extensions: ['html'] });
    expect(saveFilters('report', 'noext')).toEqual([{ name: 'All files', extensions: ['*'] }]);
    expect(saveFilters('session', 'x.session.json')).toEqual(openFilters('session'));
  });

  it('picks a pack as a folder or as a .zip file', () => {
    expect(packDialog('folder')).toEqual({ title: 'Import a scenario pack (folder)', filters: [], properties: ['openDirectory'] });
    expect(packDialog('zip')).toEqual({ title: 'Import a scenario pack (.zip)', filters: [{ name: 'Scenario pack (.zip)', extensions: ['zip'] }], properties: ['openFile'] });
  });
});
