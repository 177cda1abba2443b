// What main accepts over IPC: who may call (the sender check) and with what (zod schemas of the
// argument list of each channel). Pure: tested in node without the Electron binary.

import { z } from 'zod';
import { PACK_SOURCES, STORE_KEY, STORE_NAMES, type FileKind, type PackSource, type SaveRequest, type StoreName } from '../renderer/src/bridge/desktop-api.ts';
import { APP_SCHEME } from './appProtocol.ts';
import { CHANNELS, type Channel, type InvokeMethod } from './channels.ts';

/** Largest text accepted in one call (a session file, a report, a stored document). */
export const MAX_TEXT_BYTES = 32 * 1024 * 1024;

const fileKind = z.enum(['scenario', 'session', 'report'] satisfies FileKind[]);
const packSource = z.enum(PACK_SOURCES as [PackSource, ...PackSource[]]);
const storeName = z.enum(STORE_NAMES as [StoreName, ...StoreName[]]);
const storeKey = z.string().regex(STORE_KEY, 'a store key is 1-128 letters, digits, dots, dashes or underscores');

/** A file name for a save dialog: no directories, no device names tricks, no control characters. */
const fileName = z
  .string()
  .min(1)
  .max(255)
  .refine((s) => !/[/\\:*?"<>|\u0000-\u001f]/.test(s), 'a file name without directories or reserved characters')
  .refine((s) => s !== '.' && s !== '..', 'a file name, not "." or ".."');

const saveRequest = z.strictObject({
  kind: fileKind,
  suggestedName: fileName,
  text: z.string().max(MAX_TEXT_BYTES),
  mime: z.string().min(1).max(127).regex(/^[\w.+-]+\/[\w.+-]+$/, 'a MIME type like text/markdown'),
}) satisfies z.ZodType<SaveRequest>;

/** The argument list of each channel, exactly as `ipcRenderer.invoke(channel, ...args)` sends it. */
export const PAYLOADS = {
  [CHANNELS.openFile]: z.tuple([fileKind]),
  [CHANNELS.openPack]: z.tuple([packSource]),
  [CHANNELS.saveFile]: z.tuple([saveRequest]),
  [CHANNELS.put]: z.tuple([storeName, storeKey, z.unknown()]),
  [CHANNELS.get]: z.tuple([storeName, storeKey]),
  [CHANNELS.list]: z.tuple([storeName]),
  [CHANNELS.remove]: z.tuple([storeName, storeKey]),
  [CHANNELS.quarantine]: z.tuple([storeName, storeKey]),
} as const satisfies Record<Channel, z.ZodType<unknown[]>>;

export type Payload<M extends InvokeMethod> = z.infer<(typeof PAYLOADS)[(typeof CHANNELS)[M]]>;

/** The frame an IPC message came from, as main sees it (`event.senderFrame`). */
export interface SenderInfo {
  /** The frame's URL; null when the frame is gone. */
  url: string | null;
  /** Top-level frame of the window (not an iframe). */
  isMainFrame: boolean;
}

/**
 * True only for our own page: the top frame at app://firedrill/index.html (`indexUrl`, any query or
 * hash, which deep links use). Anything else (another path or host of app://, file://, http(s),
 * an iframe, a data: URL, about:blank) is refused, and so is any `indexUrl` not on our scheme.
 */
export function isTrustedSender(sender: SenderInfo, indexUrl: string): boolean {
  if (!sender.isMainFrame || !sender.url) return false;
  let got: URL;
  let want: URL;
  try {
    got = new URL(sender.url);
    want = new URL(indexUrl);
  } catch {
    return false;
  }
  if (want.protocol !== `${APP_SCHEME}:`) return false;
  // Node keeps the case of a non-special scheme's host; Chromium lowercases a standard scheme's,
  // so an exact comparison refuses nothing Chromium would report for our page.
  return (
    got.protocol === want.protocol &&
    got.username === want.username &&
    got.password === want.password &&
    got.host === want.host &&
    got.pathname === want.pathname
  );
}

export type CallCheck<C extends Channel> = { ok: true; args: z.infer<(typeof PAYLOADS)[C]> } | { ok: false; error: string };

/** Checks one IPC call: sender first (an untrusted frame learns nothing about payloads), then arguments. */
export function checkCall<C extends Channel>(channel: C, sender: SenderInfo, args: readonly unknown[], indexUrl: string): CallCheck<C> {
  if (!isTrustedSender(sender, indexUrl)) return { ok: false, error: `${channel}: refused, the call did not come from Firedrill's own page` };
  const schema = PAYLOADS[channel] as unknown as z.ZodType<z.infer<(typeof PAYLOADS)[C]>>;
  const parsed = schema.safeParse(args);
  if (!parsed.success) return { ok: false, error: `${channel}: invalid arguments: ${z.prettifyError(parsed.error).replace(/\n\s*/g, ' ')}` };
  return { ok: true, args: parsed.data };
}

/** The JSON text of a value to store, or an error that says why it cannot be stored. */
export function toStoredText(value: unknown): string {
  const text = JSON.stringify(value) as string | undefined;
  if (text === undefined) throw new Error('the value is not JSON-serialisable');
  if (Buffer.byteLength(text) > MAX_TEXT_BYTES) throw new Error(`the document is larger than ${MAX_TEXT_BYTES} bytes`);
  return text;
}
