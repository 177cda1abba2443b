// zod schemas for every command's args: the worker trusts nothing that crosses the message
// boundary. Each schema is typed against SimCommands, so the protocol and the checks cannot drift.

import { z } from 'zod';
import { ACTION_TYPES, MAX_LOG_LIMIT, MAX_TRACE_LIMIT, SEVERITIES, SessionSchema } from '../../../engine/src/index.ts';
import { PACK_LIMITS } from '../bridge/desktop-api.ts';
import { SPEEDS, type ArgsOf, type CommandName, type JsonValue, type PackLoadArgs } from './protocol.ts';

const MAX_SEC = 400 * 86_400;
const sec = z.number().int().min(0).max(MAX_SEC);
const name = z.string().min(1).max(200);
const observe = { observe: z.boolean().optional() };

// JSON only, and -0 as 0: the session file is JSON and the state hash reads numbers bit by bit,
// so anything JSON would change (undefined, NaN, -0, typed arrays) would make a replay diverge.
const json: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string().max(20_000),
    z
      .number()
      .refine(Number.isFinite, 'numbers must be finite')
      .transform((n) => (n === 0 ? 0 : n)),
    z.boolean(),
    z.null(),
    z.array(json).max(1000),
    z.record(z.string().max(100), json),
  ], { error: 'must be JSON data: a string, a finite number, true/false, null, an array or an object' }),
);

const logQuery = {
  fromSec: sec,
  toSec: sec,
  service: name.optional(),
  env: name.optional(),
  minSeverity: z.enum(SEVERITIES as readonly ['DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL']).optional(),
  text: z.string().max(500).optional(),
  traceId: z.string().regex(/^[0-9a-fA-F]{32}$/, 'a trace id is 32 hex digits').optional(),
  limit: z.number().int().min(1).max(MAX_LOG_LIMIT).optional(),
  order: z.enum(['asc', 'desc']).optional(),
};

const none = z.strictObject({});

// A picked pack. The .zip reader enforces its own caps on the bytes; a folder's files are capped
// here as the platforms cap them (count, each file, all together).
const packName = z.string().min(1).max(255);
const packPath = z.string().min(1).max(1000);
const packLoad: z.ZodType<PackLoadArgs> = z.union([
  z
    .strictObject({
      name: packName,
      files: z.array(z.strictObject({ path: packPath, text: z.string().max(PACK_LIMITS.maxFileBytes) })).max(PACK_LIMITS.maxFiles),
      skipped: z.array(z.strictObject({ path: packPath, reason: z.string().max(500) })).max(PACK_LIMITS.maxEntries).optional(),
    })
    .refine((a) => a.files.reduce((n, f) => n + f.text.length, 0) <= PACK_LIMITS.maxTotalBytes, `a pack's files may come to at most ${PACK_LIMITS.maxTotalBytes / 1024 / 1024} MB`),
  z.strictObject({
    name: packName,
    // By its tag, not instanceof: bytes from another realm (a frame, a test environment) are bytes
    // too; re-viewed here so the reader gets this realm's Uint8Array.
    zip: z
      .custom<Uint8Array>((v) => ArrayBuffer.isView(v) && Object.prototype.toString.call(v) === '[object Uint8Array]', 'expected the bytes of a .zip file')
      .transform((v) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength)),
  }),
]);

type Schemas = { [K in CommandName]: z.ZodType<ArgsOf<K>> };

export const ARG_SCHEMAS: Schemas = {
  'scenario/load': z.strictObject({ text: z.string(), file: z.string().min(1).max(1000) }),
  'scenario/describe': z.strictObject({ text: z.string(), file: z.string().min(1).max(1000) }),
  'debrief/report': z.strictObject({ postmortem: z.unknown().optional(), items: z.array(z.unknown()).max(50).optional() }),
  'debrief/draft': z.strictObject({}),
  'debrief/rubric': z.strictObject({ postmortem: z.unknown() }),
  'debrief/render': z.strictObject({ postmortem: z.unknown().optional(), items: z.array(z.unknown()).max(50).optional(), format: z.enum(['md', 'html', 'json', 'postmortem-md']) }),
  'sim/start': z.strictObject({ seed: z.number().int().min(0).max(4_294_967_295).optional(), resume: SessionSchema.optional() }),
  'sim/hash': none,
  'sim/act': z.strictObject({
    type: z.enum(ACTION_TYPES),
    target: z.string().max(200).optional(),
    params: z.record(z.string().max(100), json).optional(),
  }),
  'hint/request': none,
  'clock/set': z.strictObject({ speed: z.union(SPEEDS.map((s) => z.literal(s))) as z.ZodType<(typeof SPEEDS)[number]> }),
  'clock/advance': z.strictObject({ toSec: sec }),
  'clock/nextEvent': z.strictObject({ withinSec: z.number().int().min(1).max(MAX_SEC).optional() }),
  'query/metrics': z.strictObject({
    service: name,
    env: name.optional(),
    metrics: z.array(name).min(1).max(50),
    fromSec: sec.optional(),
    toSec: sec.optional(),
    ...observe,
  }),
  'query/overview': z.strictObject(observe),
  'query/slos': z.strictObject({ windowSec: z.number().int().min(10).max(MAX_SEC).optional(), ...observe }),
  'query/sloSeries': z.strictObject({ slo: name, fromSec: sec.optional(), toSec: sec.optional() }),
  'query/logs': z.strictObject({ ...logQuery, ...observe }),
  'query/logCounts': z.strictObject({ ...logQuery, bucketSec: z.number().int().min(1).max(MAX_SEC), ...observe }),
  'query/traces': z.strictObject({
    fromSec: sec,
    toSec: sec,
    service: name.optional(),
    env: name.optional(),
    status: z.enum(['ok', 'error']).optional(),
    minDurationMs: z.number().min(0).max(1e9).optional(),
    limit: z.number().int().min(1).max(MAX_TRACE_LIMIT).optional(),
    ...observe,
  }),
  'query/trace': z.strictObject({ traceId: z.string().min(1).max(64), ...observe }),
  'query/changes': z.strictObject({ env: name.optional(), ...observe }),
  'query/timeline': z.strictObject({ sinceIndex: z.number().int().min(0).optional() }),
  'query/alerts': z.strictObject(observe),
  'query/injects': z.strictObject(observe),
  'session/export': z.strictObject({ scenario: z.string().min(1).max(1000).optional() }),
  'author/schema': none,
  'author/validate': z.strictObject({ text: z.string(), file: z.string().min(1).max(1000) }),
  'author/preview': z.strictObject({ text: z.string(), file: z.string().min(1).max(1000), maxSec: z.number().int().min(60).max(7 * 86_400).optional() }),
  'author/check': z.strictObject({ text: z.string(), file: z.string().min(1).max(1000), seedIndex: z.number().int().min(0).max(9) }),
  'author/difficulty': z.strictObject({ text: z.string(), file: z.string().min(1).max(1000) }),
  'author/templates': none,
  'author/fromTemplate': z.strictObject({ topology: name, fault: name, id: z.string().min(1).max(64).optional(), title: z.string().min(1).max(200).optional() }),
  'pack/load': packLoad,
};

export function isCommand(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(ARG_SCHEMAS, name);
}

/** Checked args, or an Error that says which field was wrong and how. */
export function parseArgs<K extends CommandName>(name: K, args: unknown): ArgsOf<K> {
  const schema = ARG_SCHEMAS[name] as z.ZodType<ArgsOf<K>>;
  const parsed = schema.safeParse(args ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.slice(0, 5).map((i) => `${i.path.length > 0 ? i.path.map(String).join('.') : '(args)'}: ${i.message}`);
  throw new Error(`bad arguments for ${name}: ${problems.join('; ')}`);
}
