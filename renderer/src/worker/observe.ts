// What the trainee looked at, as `observe` actions: scoring credits the key evidence actually
// seen, so an observation must name the same things the scenario's evidence names (service,
// environment, severity and text for logs; the metric for charts; the change, the trace id).
// Only defined fields are kept: the params go into the session file, which is JSON.

import type { ActionInput } from '../../../engine/src/index.ts';
import type { ArgsOf, CommandName, JsonValue, ResultOf } from './protocol.ts';

type Observation = Omit<ActionInput, 'atSec'> & { params: Record<string, JsonValue> };

function defined(fields: Record<string, JsonValue | undefined>): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = v;
  return out;
}

/**
 * The observe action for a query the trainee made on purpose, or null for a query that is not one.
 * `result` is the query's answer: an opened trace is recorded with the services it crosses, which
 * is what a scenario's trace evidence names.
 */
export function observationOf<K extends CommandName>(name: K, a: ArgsOf<K>, result?: ResultOf<K>): Observation | null {
  switch (name) {
    case 'query/metrics': {
      const m = a as ArgsOf<'query/metrics'>;
      return { type: 'observe', target: 'metrics', params: defined({ service: m.service, env: m.env ?? 'prod', metrics: [...m.metrics], fromSec: m.fromSec, toSec: m.toSec }) };
    }
    case 'query/logs':
    case 'query/logCounts': {
      const q = a as ArgsOf<'query/logs'>;
      return {
        type: 'observe',
        target: 'logs',
        params: defined({ service: q.service, env: q.env, minSeverity: q.minSeverity, text: q.text, traceId: q.traceId, fromSec: q.fromSec, toSec: q.toSec }),
      };
    }
    case 'query/traces': {
      const q = a as ArgsOf<'query/traces'>;
      return { type: 'observe', target: 'traces', params: defined({ service: q.service, env: q.env, status: q.status, fromSec: q.fromSec, toSec: q.toSec }) };
    }
    case 'query/trace': {
      const spans = (result as ResultOf<'query/trace'> | undefined)?.trace?.spans ?? [];
      const root = spans.find((x) => x.parentSpanId === undefined) ?? spans[0];
      const services = [...new Set(spans.map((x) => x.service))];
      return {
        type: 'observe',
        target: 'trace',
        params: defined({ traceId: (a as ArgsOf<'query/trace'>).traceId.toLowerCase(), service: root?.service, env: root?.env, services: services.length ? services : undefined }),
      };
    }
    case 'query/changes':
      return { type: 'observe', target: 'changes', params: defined({ env: (a as ArgsOf<'query/changes'>).env }) };
    case 'query/overview':
      return { type: 'observe', target: 'overview', params: {} };
    case 'query/slos':
      return { type: 'observe', target: 'slos', params: {} };
    case 'query/alerts':
      return { type: 'observe', target: 'alerts', params: {} };
    case 'query/injects':
      return { type: 'observe', target: 'injects', params: {} };
    default:
      return null;
  }
}
