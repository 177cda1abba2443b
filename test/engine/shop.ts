// A small online-store topology used by the fault and action tests: every kind of service,
// a cache in front of a database, a pooled database, an external provider and an async queue.

import type { Scenario, ScenarioInput } from '../../engine/src/index.ts';
import { scenario } from './build.ts';

export function shop(extra: Partial<Omit<ScenarioInput, 'metadata'>> & { minutes?: number } = {}): Scenario {
  return scenario({
    id: 'shop',
    minutes: 30,
    services: [
      { id: 'gateway', type: 'gateway', replicas: 3, concurrency: 128, serviceTimeMs: 3, calls: [{ to: 'checkout', timeoutMs: 5000 }] },
      {
        id: 'checkout', type: 'api', replicas: 4, concurrency: 16, serviceTimeMs: 20, startupSec: 20,
        memory: { baselineMb: 300, limitMb: 512 },
        calls: [
          { to: 'cart-cache', perRequest: 2, timeoutMs: 200, onMiss: 'catalog-db' },
          { to: 'orders-db', perRequest: 1, timeoutMs: 2000, pool: 10 },
          { to: 'payments', perRequest: 1, timeoutMs: 3000, retries: 1 },
          { to: 'orders-queue', perRequest: 1, timeoutMs: 500 },
        ],
      },
      { id: 'cart-cache', type: 'cache', replicas: 3, concurrency: 64, serviceTimeMs: 1, hitRatio: 0.95 },
      { id: 'catalog-db', type: 'database', replicas: 1, concurrency: 2, serviceTimeMs: 16, queueLimit: 100 },
      { id: 'orders-db', type: 'database', replicas: 1, concurrency: 64, serviceTimeMs: 5 },
      { id: 'payments', type: 'external', replicas: 10, concurrency: 50, serviceTimeMs: 120 },
      { id: 'orders-queue', type: 'queue', replicas: 3, concurrency: 64, serviceTimeMs: 2, partitions: 6 },
      { id: 'emailer', type: 'worker', replicas: 2, concurrency: 8, serviceTimeMs: 40, consumes: 'orders-queue', calls: [{ to: 'mail-provider', timeoutMs: 2000 }] },
      { id: 'mail-provider', type: 'external', replicas: 5, concurrency: 20, serviceTimeMs: 60 },
    ],
    traffic: [{ entry: 'gateway', rps: 120, noise: 0.03 }],
    slos: [
      { id: 'checkout-availability', service: 'gateway', indicator: 'availability', objective: 0.999 },
      { id: 'checkout-latency', service: 'gateway', indicator: 'latency', objective: 0.99, thresholdMs: 1000 },
    ],
    alerts: [
      { id: 'checkout-fast-burn', type: 'burnRate', slo: 'checkout-availability', longWindow: '1h', shortWindow: '5m', burnRate: 14.4, severity: 'page' },
      { id: 'email-lag', type: 'threshold', service: 'emailer', metric: 'consumer_lag_sec', op: '>', value: 120, for: '2m', severity: 'ticket' },
    ],
    ...extra,
  });
}
