// The systems a new scenario can start from. Each names the roles the fault templates act on:
// `entry` receives the traffic, `app` is the service whose team ships code and config (bad
// deploys, leaks, pools, disks and flags live there), `db` is the store it calls through a
// connection pool, and `other` owns the innocent change that makes the red herring.
// Capacities are sized so that healthy services run at 15–45% and a fault pushes them over.

import type { TemplateInfo } from './types.ts';

export interface CallSpec {
  to: string;
  perRequest?: number;
  timeoutMs: number;
  retries?: number;
  pool?: number;
  onMiss?: string;
}

export interface ServiceSpec {
  id: string;
  type: 'gateway' | 'api' | 'worker' | 'database' | 'cache' | 'queue';
  name: string;
  /** One line on what it is: written above it in the file. */
  about: string;
  language?: 'java' | 'go' | 'node' | 'python';
  version?: string;
  replicas: number;
  concurrency: number;
  serviceTimeMs: number;
  startupSec?: number;
  cpuCores?: number;
  memory?: { baselineMb: number; limitMb: number };
  disk?: { sizeGb: number; usedGb: number };
  hitRatio?: number;
  partitions?: number;
  consumes?: string;
  calls: CallSpec[];
}

export interface SloSpec {
  id: string;
  service: string;
  indicator: 'availability' | 'latency';
  objective: number;
  thresholdMs?: number;
  description: string;
}

export type AlertSpec =
  | { id: string; type: 'burnRate'; slo: string; longWindow: string; shortWindow: string; burnRate: number; severity: 'page' | 'ticket'; summary: string }
  | { id: string; type: 'threshold'; service: string; metric: string; op: '>' | '<'; value: number; for: string; severity: 'page' | 'ticket'; summary: string };

export interface Topology {
  info: TemplateInfo;
  company: string;
  domain: string;
  /** The trainee's seat, for the briefing. */
  role: string;
  services: ServiceSpec[];
  rps: number;
  entry: string;
  app: string;
  db: string;
  other: string;
  /** What `app` handles, for prose: "orders", "events". */
  work: string;
  /** The endpoint (or operation) that fails under a bad build. */
  endpoint: string;
  /** Versions of `app`: running at the start, and the one a deploy in the scenario ships. */
  appVersion: string;
  nextVersion: string;
  slos: SloSpec[];
  alerts: AlertSpec[];
  /** The alert an expert starts from: a page on the SLO that `app` problems burn. */
  pageAlert: string;
  /** The page for slowness, when it is not the latency SLO's burn (a consumer-lag page). */
  slowAlert?: string;
  /** The ticket for restarting pods. */
  restartAlert: string;
  /** Added query time that overloads `app` without drowning it (slow-database). */
  slowQueryMs: number;
  /**
   * Where a crash-looping service shows at once (disk-full), when not `app`: a consumer with no
   * ready pods processes nothing, so its SLOs see no bad events until the backlog drains.
   */
  crashTarget?: { service: string; alert: string };
  /** The innocent change to `other` that lands a few minutes after the fault starts. */
  innocent: { id: string; summary: string; diff: string; author: string };
}

const THREE_TIER: Topology = {
  info: {
    id: 'three-tier',
    kind: 'topology',
    title: 'Three tiers: web → api → db',
    description: 'The smallest useful system: a web gateway, one API and its PostgreSQL database (3 services). Start here.',
  },
  company: 'Acme Books',
  domain: 'online bookshop',
  role: "You are the on-call engineer for Acme Books' web shop this week: pages reach you first.",
  services: [
    {
      id: 'web',
      type: 'gateway',
      name: 'Web gateway (Envoy)',
      about: 'The entry point: receives every customer request and forwards it to the API.',
      replicas: 2,
      concurrency: 256,
      serviceTimeMs: 2,
      calls: [{ to: 'api', timeoutMs: 3000 }],
    },
    {
      id: 'api',
      type: 'api',
      name: 'Orders API',
      about: 'The application: your team ships its code and its configuration.',
      language: 'java',
      version: 'v2.7.0',
      replicas: 3,
      concurrency: 16,
      serviceTimeMs: 20,
      memory: { baselineMb: 400, limitMb: 768 },
      calls: [{ to: 'db', perRequest: 2, timeoutMs: 1000, pool: 10 }],
    },
    {
      id: 'db',
      type: 'database',
      name: 'Orders database (PostgreSQL)',
      about: 'The database the API reads and writes, twice per request.',
      version: '16.2',
      replicas: 1,
      concurrency: 32,
      serviceTimeMs: 6,
      cpuCores: 8,
      calls: [],
    },
  ],
  rps: 600,
  entry: 'web',
  app: 'api',
  db: 'db',
  other: 'web',
  work: 'orders',
  endpoint: 'POST /api/orders',
  appVersion: 'v2.7.0',
  nextVersion: 'v2.8.0',
  slos: [
    { id: 'web-availability', service: 'web', indicator: 'availability', objective: 0.999, description: '99.9% of shop requests succeed' },
    { id: 'web-latency', service: 'web', indicator: 'latency', objective: 0.99, thresholdMs: 1000, description: '99% of shop requests answer within 1 s' },
  ],
  alerts: [
    { id: 'web-fast-burn', type: 'burnRate', slo: 'web-availability', longWindow: '1h', shortWindow: '5m', burnRate: 14.4, severity: 'page', summary: 'The shop is burning its 30-day error budget 14x too fast' },
    { id: 'web-latency-burn', type: 'burnRate', slo: 'web-latency', longWindow: '1h', shortWindow: '5m', burnRate: 14.4, severity: 'page', summary: 'Shop requests are too slow, 14x the budgeted rate' },
    { id: 'api-restarts', type: 'threshold', service: 'api', metric: 'restarts', op: '>', value: 0, for: '0s', severity: 'ticket', summary: 'api pods are restarting' },
  ],
  pageAlert: 'web-fast-burn',
  restartAlert: 'api-restarts',
  slowQueryMs: 150,
  innocent: {
    id: 'cfg-web-compression',
    summary: 'Web gateway: gzip level 5 -> 6 for HTML responses',
    diff: '- compression.gzip.level: 5\n+ compression.gzip.level: 6',
    author: 'k.tanaka',
  },
};

const WEB_SHOP: Topology = {
  info: {
    id: 'web-shop',
    kind: 'topology',
    title: 'Web shop: edge, API, cache, database, queue, worker',
    description: 'An online store (6 services): the edge gateway, the shop API with a Redis cache in front of PostgreSQL, and an order queue drained by a fulfilment worker.',
  },
  company: 'Northwind Outfitters',
  domain: 'online store',
  role: "You are the primary on-call engineer for Northwind Outfitters' online shop: pages reach you first.",
  services: [
    {
      id: 'edge',
      type: 'gateway',
      name: 'Edge gateway (Envoy)',
      about: 'The entry point: every customer request comes in here.',
      replicas: 3,
      concurrency: 256,
      serviceTimeMs: 2,
      calls: [{ to: 'shop-api', timeoutMs: 3000 }],
    },
    {
      id: 'shop-api',
      type: 'api',
      name: 'Shop API',
      about: 'The application: browsing, carts and checkout. Your team ships its code and configuration.',
      language: 'java',
      version: 'v5.12.0',
      replicas: 4,
      concurrency: 16,
      serviceTimeMs: 18,
      memory: { baselineMb: 450, limitMb: 1024 },
      calls: [
        { to: 'cart-cache', perRequest: 3, timeoutMs: 200, onMiss: 'shop-db' },
        { to: 'shop-db', perRequest: 1, timeoutMs: 1000, pool: 10 },
        { to: 'orders', perRequest: 0.1, timeoutMs: 500 },
      ],
    },
    {
      id: 'cart-cache',
      type: 'cache',
      name: 'Cart cache (Redis)',
      about: 'Answers most reads; a miss falls through to the database (onMiss).',
      replicas: 3,
      concurrency: 128,
      serviceTimeMs: 0.8,
      hitRatio: 0.95,
      calls: [],
    },
    {
      id: 'shop-db',
      type: 'database',
      name: 'Shop database (PostgreSQL)',
      about: 'Products, carts and orders.',
      version: '16.2',
      replicas: 1,
      concurrency: 48,
      serviceTimeMs: 5,
      cpuCores: 8,
      calls: [],
    },
    {
      id: 'orders',
      type: 'queue',
      name: 'orders topic (Kafka)',
      about: 'Placed orders wait here for fulfilment.',
      replicas: 3,
      concurrency: 64,
      serviceTimeMs: 2,
      partitions: 12,
      calls: [],
    },
    {
      id: 'fulfilment',
      type: 'worker',
      name: 'Fulfilment worker',
      about: 'Consumes the orders topic and books shipments (consumes: orders).',
      language: 'python',
      version: 'v1.9.3',
      replicas: 2,
      concurrency: 4,
      serviceTimeMs: 40,
      consumes: 'orders',
      calls: [{ to: 'shop-db', perRequest: 1, timeoutMs: 1000, pool: 4 }],
    },
  ],
  rps: 800,
  entry: 'edge',
  app: 'shop-api',
  db: 'shop-db',
  other: 'fulfilment',
  work: 'shop requests',
  endpoint: 'POST /api/cart/checkout',
  appVersion: 'v5.12.0',
  nextVersion: 'v5.13.0',
  slos: [
    { id: 'shop-availability', service: 'shop-api', indicator: 'availability', objective: 0.999, description: '99.9% of shop API requests succeed' },
    { id: 'shop-latency', service: 'shop-api', indicator: 'latency', objective: 0.99, thresholdMs: 1000, description: '99% of shop API requests answer within 1 s' },
  ],
  alerts: [
    { id: 'shop-fast-burn', type: 'burnRate', slo: 'shop-availability', longWindow: '1h', shortWindow: '5m', burnRate: 14.4, severity: 'page', summary: 'The shop API is burning its 30-day error budget 14x too fast' },
    { id: 'shop-latency-burn', type: 'burnRate', slo: 'shop-latency', longWindow: '1h', shortWindow: '5m', burnRate: 14.4, severity: 'page', summary: 'Shop API requests are too slow, 14x the budgeted rate' },
    { id: 'shop-api-restarts', type: 'threshold', service: 'shop-api', metric: 'restarts', op: '>', value: 0, for: '0s', severity: 'ticket', summary: 'shop-api pods are restarting' },
    { id: 'fulfilment-lag', type: 'threshold', service: 'fulfilment', metric: 'consumer_lag_sec', op: '>', value: 300, for: '5m', severity: 'ticket', summary: 'fulfilment is more than 5 minutes behind the orders topic' },
  ],
  pageAlert: 'shop-fast-burn',
  restartAlert: 'shop-api-restarts',
  slowQueryMs: 150,
  innocent: {
    id: 'cfg-fulfilment-batch',
    summary: 'Fulfilment: carrier label batch size 20 -> 50',
    diff: '- carrier.labels.batchSize: 20\n+ carrier.labels.batchSize: 50',
    author: 'a.lindqvist',
  },
};

const EVENT_PIPELINE: Topology = {
  info: {
    id: 'event-pipeline',
    kind: 'topology',
    title: 'Event pipeline: producer → queue → consumers → store',
    description: 'A telemetry pipeline (5 services): an ingest gateway and collector produce events to a Kafka topic; a processor consumes them and writes to a store.',
  },
  company: 'Fleetwise',
  domain: 'vehicle telemetry',
  role: "You are the on-call engineer for Fleetwise's telemetry pipeline: pages reach you first.",
  services: [
    {
      id: 'ingest',
      type: 'gateway',
      name: 'Ingest gateway (Envoy)',
      about: 'The entry point: vehicles post their telemetry batches here.',
      replicas: 2,
      concurrency: 256,
      serviceTimeMs: 2,
      calls: [{ to: 'collector', timeoutMs: 2000 }],
    },
    {
      id: 'collector',
      type: 'api',
      name: 'Collector (producer)',
      about: 'Validates each batch and produces it to the events topic.',
      language: 'go',
      version: 'v3.1.0',
      replicas: 3,
      concurrency: 32,
      serviceTimeMs: 8,
      calls: [{ to: 'events', timeoutMs: 500 }],
    },
    {
      id: 'events',
      type: 'queue',
      name: 'events topic (Kafka)',
      about: 'Buffers events between the collector and the processor.',
      replicas: 3,
      concurrency: 64,
      serviceTimeMs: 2,
      partitions: 24,
      calls: [],
    },
    {
      id: 'processor',
      type: 'worker',
      name: 'Event processor (consumer)',
      about: 'Consumes the events topic, enriches each event and writes it to the store (consumes: events).',
      language: 'java',
      version: 'v4.4.0',
      replicas: 6,
      concurrency: 8,
      serviceTimeMs: 12,
      memory: { baselineMb: 500, limitMb: 1024 },
      consumes: 'events',
      calls: [{ to: 'event-store', perRequest: 2, timeoutMs: 1000, pool: 8 }],
    },
    {
      id: 'event-store',
      type: 'database',
      name: 'Event store (TimescaleDB)',
      about: 'Where processed events land; dashboards and billing read from it.',
      version: '2.14.2',
      replicas: 1,
      concurrency: 48,
      serviceTimeMs: 6,
      cpuCores: 8,
      calls: [],
    },
  ],
  rps: 500,
  entry: 'ingest',
  app: 'processor',
  db: 'event-store',
  other: 'collector',
  work: 'events',
  endpoint: 'consume events',
  appVersion: 'v4.4.0',
  nextVersion: 'v4.5.0',
  slos: [
    { id: 'processing-success', service: 'processor', indicator: 'availability', objective: 0.999, description: '99.9% of events are processed without error' },
    { id: 'processing-freshness', service: 'processor', indicator: 'latency', objective: 0.99, thresholdMs: 60000, description: '99% of events are processed within 60 s of arriving' },
    { id: 'ingest-availability', service: 'collector', indicator: 'availability', objective: 0.999, description: 'Vehicles can post telemetry 99.9% of the time' },
  ],
  alerts: [
    { id: 'processing-fast-burn', type: 'burnRate', slo: 'processing-success', longWindow: '1h', shortWindow: '5m', burnRate: 14.4, severity: 'page', summary: 'Event processing is burning its error budget 14x too fast' },
    { id: 'freshness-burn', type: 'burnRate', slo: 'processing-freshness', longWindow: '1h', shortWindow: '5m', burnRate: 14.4, severity: 'page', summary: 'Events are processed too late, 14x the budgeted rate' },
    { id: 'ingest-fast-burn', type: 'burnRate', slo: 'ingest-availability', longWindow: '1h', shortWindow: '5m', burnRate: 14.4, severity: 'page', summary: 'Telemetry ingest is failing' },
    { id: 'processor-lag', type: 'threshold', service: 'processor', metric: 'consumer_lag_sec', op: '>', value: 60, for: '2m', severity: 'page', summary: 'processor is more than a minute behind the events topic' },
    { id: 'processor-restarts', type: 'threshold', service: 'processor', metric: 'restarts', op: '>', value: 0, for: '0s', severity: 'ticket', summary: 'processor pods are restarting' },
  ],
  pageAlert: 'processing-fast-burn',
  slowAlert: 'processor-lag',
  crashTarget: { service: 'collector', alert: 'ingest-fast-burn' },
  restartAlert: 'processor-restarts',
  slowQueryMs: 60,
  innocent: {
    id: 'cfg-collector-validation',
    summary: 'Collector: accept firmware 7.2 batch schema',
    diff: '- schemas.accepted: [7.0, 7.1]\n+ schemas.accepted: [7.0, 7.1, 7.2]',
    author: 'r.haddad',
  },
};

export const TOPOLOGIES: readonly Topology[] = [THREE_TIER, WEB_SHOP, EVENT_PIPELINE];
