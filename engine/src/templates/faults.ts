// The failures a new scenario can start from. Each plan fills the answer key for one topology:
// the culprit change, the fault, the root cause, what fixes it and what does not, the hints, a
// runbook, the evidence an expert follows and the debrief. The renderer adds what every plan
// shares: the innocent change (a red herring), its revert, the page as evidence and a ticket.
// Every topology x fault pair is held to the scenario contract by templates.test.ts.

import type { Topology, ServiceSpec } from './topologies.ts';
import type { TemplateInfo } from './types.ts';

type Param = [string, string | number | boolean];

export interface ChangeSpec {
  id: string;
  at: string;
  type: 'deploy' | 'config' | 'flag';
  service: string;
  version?: string;
  flag?: string;
  value?: boolean;
  author: string;
  summary: string;
  diff?: string;
}

export interface FaultSpec {
  id: string;
  type: 'errorRate' | 'latency' | 'memoryLeak' | 'connectionPoolExhaustion' | 'certificateExpiry' | 'diskFull' | 'badFeatureFlag';
  target: string;
  start: string;
  causedBy?: string;
  description: string;
  params: Param[];
}

export interface MitigationSpec {
  type: string;
  target: string;
  params?: Param[];
  effect: 'fixes' | 'temporary' | 'none' | 'harmful';
  why: string;
}

export interface EvidenceSpec {
  id: string;
  kind: 'log' | 'metric' | 'change' | 'alert';
  description: string;
  service?: string;
  contains?: string;
  severity?: 'WARN' | 'ERROR';
  metric?: string;
  op?: '>' | '<';
  value?: number;
  change?: string;
  alert?: string;
  key?: boolean;
}

export interface FaultPlan {
  title: string;
  summary: string;
  difficulty: 'beginner' | 'intermediate';
  objectives: string[];
  tags: string[];
  /** Fields a service needs for this fault (a memory limit for a leak, a disk for logs). */
  patches?: { service: string; fields: Partial<ServiceSpec> }[];
  flags?: { id: string; service: string; description: string }[];
  /** The culprit change, when a change caused it. */
  changes: ChangeSpec[];
  fault: FaultSpec;
  rootCause: { component: string; category: 'code-bug' | 'config' | 'certificate' | 'capacity'; change?: string; summary: string };
  /** Which alert an expert starts from: the availability page, the slowness page or the restarts ticket. */
  page: 'availability' | 'latency' | 'restarts';
  /** The page alert when the topology's own does not apply (a fault away from `app`). */
  pageAlert?: string;
  mitigations: MitigationSpec[];
  hints: [string, string, string];
  runbook: { id: string; title: string; service: string; body: string };
  evidence: EvidenceSpec[];
  /** Evidence ids in the order an expert follows them, after the page. */
  evidencePath: string[];
  debrief: { summary: string; why: { question: string; answer: string }[]; expertActions: string[] };
  expectations: { detectWithin: string; fixAt: string; recoverWithin: string };
  ticket: { at: string; subject: string; body: string };
}

export interface FaultTemplate {
  info: TemplateInfo;
  plan(t: Topology): FaultPlan;
}

function nameOf(t: Topology, id: string): string {
  return t.services.find((s) => s.id === id)?.name ?? id;
}

/** The id of the change that deploys the application's next version: `deploy-orders-142`. */
function nextDeployId(t: Topology): string {
  return `deploy-${t.app}-${t.nextVersion.replace(/[^0-9]/g, '')}`;
}

const BAD_DEPLOY: FaultTemplate = {
  info: {
    id: 'bad-deploy',
    kind: 'fault',
    title: 'Bad deploy: a new build fails a share of requests',
    description: 'A deploy of the application ships a bug (errorRate, causedBy the deploy). Fixed by rolling back; restarting is a red herring.',
  },
  plan(t) {
    const deploy = nextDeployId(t);
    return {
      title: `${nameOf(t, t.app)} fails after the morning deploy`,
      summary: `Shortly after a routine deploy, a share of ${t.work} at ${t.company} start failing. Another team changed something too. Find which change broke it, stop the bleeding and tell the business.`,
      difficulty: 'beginner',
      objectives: [
        'Start from the page and find the service whose errors rose first',
        'Line up the start of the errors with the change feed',
        'Read the stack trace in the logs before acting',
        'Roll back the culprit, not the innocent change, and watch the SLI recover',
      ],
      tags: ['deploy', 'rollback', 'template'],
      changes: [
        {
          id: deploy,
          at: '2m',
          type: 'deploy',
          service: t.app,
          version: t.nextVersion,
          author: 'm.rossi',
          summary: `${nameOf(t, t.app)}: refactor input validation into RequestValidator`,
          diff: `RequestValidator.java\n- String ref = req.getReference() != null ? req.getReference().trim() : "";\n+ String ref = req.getReference().trim();`,
        },
      ],
      fault: {
        id: 'null-reference',
        type: 'errorRate',
        target: t.app,
        start: '2m',
        causedBy: deploy,
        description: `${t.nextVersion} throws a NullPointerException for requests without a reference (about a fifth of them)`,
        params: [['ratio', 0.2], ['endpoint', t.endpoint]],
      },
      rootCause: {
        component: t.app,
        category: 'code-bug',
        change: deploy,
        summary: `${nameOf(t, t.app)} ${t.nextVersion} dropped a null check: every request without a reference throws a NullPointerException (about 20% of ${t.work}). Rolling back to ${t.appVersion} removes the bug.`,
      },
      page: 'availability',
      mitigations: [
        { type: 'rollback', target: t.app, effect: 'fixes', why: `The bug ships in ${t.nextVersion}; ${t.appVersion} has the null check.` },
        { type: 'restart', target: t.app, effect: 'none', why: `Restarted pods run the same ${t.nextVersion} build and fail the same way.` },
      ],
      hints: [
        `The page is about errors. Which service's error ratio rose first, and what changed right before?`,
        `The errors start when ${t.app} ${t.nextVersion} rolls out, a few minutes before the other change. Read ${t.app}'s ERROR logs: which exception do you see?`,
        `A NullPointerException in the new build: roll back ${t.app} to ${t.appVersion}, then watch the 5-minute SLI recover.`,
      ],
      runbook: {
        id: `${t.app}-errors`,
        title: `${nameOf(t, t.app)}: elevated 5xx`,
        service: t.app,
        body: `1. Open the ${t.app} dashboard: is the error ratio up, and since when?\n2. Check the change feed for ${t.app} and its dependencies in the last hour.\n3. Search ${t.app} logs at ERROR for the window and read one stack trace.\n4. If a deploy lines up with the start of the errors, roll it back first and investigate after.\n5. Post a status update with the impact and the time of the next update.`,
      },
      evidence: [
        { id: 'error-spike', kind: 'metric', service: t.app, metric: 'error_ratio', op: '>', value: 0.1, description: `${t.app}'s error ratio jumps to about 20% when the deploy rolls out.` },
        { id: 'culprit-deploy', kind: 'change', change: deploy, description: `${t.app} ${t.nextVersion} rolled out at 2m, exactly when the errors began.` },
        { id: 'stack-trace', kind: 'log', service: t.app, contains: 'Request processing failed', severity: 'ERROR', description: 'The stack trace names the code the new build changed.' },
      ],
      evidencePath: ['error-spike', 'culprit-deploy', 'stack-trace'],
      debrief: {
        summary: `At 2m ${t.app} ${t.nextVersion} started rolling out. Pod by pod, about 20% of ${t.work} began failing with a NullPointerException. The fast-burn alert paged a few minutes later. The other change at 5m looked suspicious because it was the most recent, but the errors had started three minutes before it. Rolling back ${t.app} ended the errors.`,
        why: [
          { question: 'Why did the pipeline let it through?', answer: 'The tests always sent a reference, so the null path never ran.' },
          { question: 'Why was the most recent change not the culprit?', answer: 'It landed after the errors began, and its service stayed healthy. Line changes up with the start of the impact, not with the moment you look.' },
        ],
        expertActions: [
          'Acknowledge the page and open the SLO panel.',
          `See ${t.app}'s error ratio step up at 2m; match it to ${deploy} in the change feed.`,
          `Confirm with ${t.app}'s ERROR logs (NullPointerException).`,
          `Roll back ${t.app}; declare an incident and post a first status update.`,
          'Watch the 5-minute SLI recover, then resolve with the root cause.',
        ],
      },
      expectations: { detectWithin: '10m', fixAt: '12m', recoverWithin: '10m' },
      ticket: { at: '8m', subject: `Errors from ${t.company}`, body: 'Several customers report "Something went wrong". Some retries work. Started a few minutes ago.' },
    };
  },
};

const SLOW_DATABASE: FaultTemplate = {
  info: {
    id: 'slow-database',
    kind: 'fault',
    title: 'Slow database after a schema change',
    description: 'A config change to the database (a dropped index) slows every query (latency, causedBy the change); callers fill up and time out. Fixed by reverting the change.',
  },
  plan(t) {
    const change = `cfg-${t.db}-drop-index`;
    const table = t.work.replace(/[^a-z]/g, '');
    return {
      title: `${nameOf(t, t.app)} times out after a database change`,
      summary: `${nameOf(t, t.app)} at ${t.company} slows down and starts timing out. Its own code did not change today. Find where the time goes and restore the service.`,
      difficulty: 'intermediate',
      objectives: [
        'Follow the latency from the paging service down the call graph',
        "Tell a slow dependency from a broken caller: the caller's own work did not change",
        'Revert the change that slowed the database instead of scaling the caller',
      ],
      tags: ['database', 'latency', 'dependency', 'template'],
      changes: [
        {
          id: change,
          at: '2m',
          type: 'config',
          service: t.db,
          author: 'j.okafor',
          summary: `${nameOf(t, t.db)}: drop index ${table}_by_customer (unused, says the report)`,
          diff: `- CREATE INDEX ${table}_by_customer ON ${table} (customer_id);`,
        },
      ],
      fault: {
        id: 'full-table-scans',
        type: 'latency',
        target: t.db,
        start: '2m',
        causedBy: change,
        description: 'Without the index, the most frequent query scans the whole table',
        params: [['addMs', t.slowQueryMs]],
      },
      rootCause: {
        component: t.db,
        category: 'config',
        change,
        summary: `Dropping the index made the most frequent query scan the whole table: each query now takes about ${t.slowQueryMs} ms more. ${nameOf(t, t.app)} holds a connection and a worker thread for every query, so its pool and its concurrency fill up and requests time out. Reverting the change restores the index.`,
      },
      page: 'latency',
      mitigations: [
        { type: 'revertConfig', target: change, effect: 'fixes', why: 'Restoring the index brings the queries back to a few milliseconds.' },
        { type: 'restart', target: t.app, effect: 'none', why: `${t.app} is waiting on the database; restarted pods wait just the same.` },
      ],
      hints: [
        `${t.app} is slow, but is it ${t.app}'s own work or something it waits on? Compare its latency with ${t.db}'s.`,
        `${t.db}'s latency rose at 2m, right when its index was dropped. ${t.app}'s connection pool to ${t.db} is full.`,
        `Revert ${change}; ${t.app} recovers as the queries speed up.`,
      ],
      runbook: {
        id: `${t.db}-slow`,
        title: `${nameOf(t, t.db)}: slow queries`,
        service: t.db,
        body: `1. Compare the latency of ${t.db} with that of its callers: who slowed first?\n2. Check the change feed for schema and configuration changes to ${t.db}.\n3. Look at the callers' connection pools: are they full, with requests waiting?\n4. Revert a schema change that lines up with the slowdown; do not raise timeouts, that only holds more connections.`,
      },
      evidence: [
        { id: 'db-latency', kind: 'metric', service: t.db, metric: 'latency_p95_ms', op: '>', value: Math.round(t.slowQueryMs * 0.6), description: `${t.db}'s p95 latency jumps from a few milliseconds to over ${t.slowQueryMs} ms at 2m.` },
        { id: 'app-slow', kind: 'metric', service: t.app, metric: 'latency_p95_ms', op: '>', value: 1000, description: `${t.app}'s p95 latency climbs past a second: it waits on ${t.db}.` },
        { id: 'culprit-change', kind: 'change', change, description: `The index was dropped at 2m, exactly when ${t.db} slowed down.` },
      ],
      evidencePath: ['app-slow', 'db-latency', 'culprit-change'],
      debrief: {
        summary: `At 2m an index on ${t.db} was dropped. The most frequent query became a full table scan, ${t.slowQueryMs} ms slower. ${nameOf(t, t.app)} keeps a connection busy for every query, so its pool and its threads filled up; requests queued past their timeouts and failed. Reverting the change restored the index and the service.`,
        why: [
          { question: 'Why did the report say the index was unused?', answer: 'It was collected on a replica that serves only reports; the primary uses the index for every order lookup.' },
          { question: 'Why did the caller fail rather than just slow down?', answer: 'Its connection pool and concurrency are bounded: once full, requests wait for a slot, and waiting counts against the timeout.' },
        ],
        expertActions: [
          'Acknowledge the page and open the SLO panel.',
          `See that ${t.app}'s pool to ${t.db} is full while its own code did not change.`,
          `Compare ${t.db}'s latency: it rose at 2m; find ${change} in the change feed.`,
          `Revert ${change}; declare an incident and post a status update.`,
          'Watch the SLIs recover, then resolve with the root cause.',
        ],
      },
      expectations: { detectWithin: '10m', fixAt: '12m', recoverWithin: '10m' },
      ticket: { at: '8m', subject: 'Very slow and failing', body: 'Pages take ages and sometimes fail with a timeout. It started a few minutes ago.' },
    };
  },
};

const MEMORY_LEAK: FaultTemplate = {
  info: {
    id: 'memory-leak',
    kind: 'fault',
    title: 'Memory leak: pods are OOM-killed over and over',
    description: 'A deploy before the shift ships an unbounded in-process cache (memoryLeak, causedBy the deploy): pods grow until OOM-killed. Restarting helps for a while; rolling back fixes it.',
  },
  plan(t) {
    const deploy = nextDeployId(t);
    return {
      title: `${nameOf(t, t.app)} pods keep restarting`,
      summary: `${nameOf(t, t.app)} at ${t.company} has been restarting pods since the start of your shift, and errors come in waves. Find out why and make it stop.`,
      difficulty: 'beginner',
      objectives: [
        'Read memory and restart metrics: a sawtooth that ends in an OOM kill is a leak',
        'Tell a temporary mitigation (restart) from a fix (remove the leaking code)',
        'Find the deploy that introduced the leak even though it happened before the incident',
      ],
      tags: ['memory', 'oom', 'rollback', 'template'],
      patches: [{ service: t.app, fields: { startupSec: 30 } }],
      changes: [
        {
          id: deploy,
          at: '-20m',
          type: 'deploy',
          service: t.app,
          version: t.nextVersion,
          author: 'r.haddad',
          summary: `${nameOf(t, t.app)}: cache customer profiles in process to save a round trip`,
          diff: 'ProfileCache.java\n+ private final Map<String, Profile> profiles = new HashMap<>(); // never evicted',
        },
      ],
      fault: {
        id: 'profile-cache-leak',
        type: 'memoryLeak',
        target: t.app,
        start: '0s',
        causedBy: deploy,
        description: 'The in-process profile cache is never evicted',
        params: [['mbPerMinute', 90]],
      },
      rootCause: {
        component: t.app,
        category: 'code-bug',
        change: deploy,
        summary: `${nameOf(t, t.app)} ${t.nextVersion} caches customer profiles in a map that is never evicted. Each pod grows by about 90 MB a minute until the kernel kills it at its memory limit; while it restarts, the other pods take its traffic and requests in flight fail. Restarting only resets the clock; rolling back removes the cache.`,
      },
      page: 'restarts',
      mitigations: [
        { type: 'rollback', target: t.app, effect: 'fixes', why: `${t.appVersion} has no unbounded cache.` },
        { type: 'restart', target: t.app, effect: 'temporary', why: 'Fresh pods start small, then leak again and are killed a few minutes later.' },
      ],
      hints: [
        `Look at ${t.app}'s memory and restart metrics side by side.`,
        `Memory climbs steadily in every pod until each is OOM-killed, then starts again: a leak. It began with ${t.nextVersion}.`,
        `Roll back ${t.app} to ${t.appVersion}; a restart only buys a few minutes.`,
      ],
      runbook: {
        id: `${t.app}-restarts`,
        title: `${nameOf(t, t.app)}: pods restarting`,
        service: t.app,
        body: `1. Check the restart reason: OOMKilled (exit code 137) means the pod hit its memory limit.\n2. Chart memory per pod: a steady climb is a leak; a sudden jump is a big request or a batch.\n3. A restart buys time only. Find the version that started it and roll it back.\n4. Raising the memory limit delays the kills; it does not fix the leak.`,
      },
      evidence: [
        { id: 'memory-climb', kind: 'metric', service: t.app, metric: 'memory_utilization', op: '>', value: 0.9, description: `${t.app}'s pods climb to their memory limit.` },
        { id: 'restarts', kind: 'metric', service: t.app, metric: 'restarts', op: '>', value: 0, description: 'Pods are restarted: OOM kills.' },
        { id: 'oom', kind: 'log', service: t.app, contains: 'OutOfMemoryError', severity: 'ERROR', description: 'The runtime runs out of heap just before each kill.' },
        { id: 'culprit-deploy', kind: 'change', change: deploy, description: `${t.nextVersion} added the unbounded in-process cache.` },
      ],
      evidencePath: ['restarts', 'memory-climb', 'oom', 'culprit-deploy'],
      debrief: {
        summary: `${t.app} ${t.nextVersion}, deployed 20 minutes before the shift began, caches customer profiles in a map that is never evicted. Every pod grew by about 90 MB a minute until it was OOM-killed at its limit, restarted, and began again. Each kill failed the requests in flight and slowed the rest. Restarts bought minutes; rolling back ended it.`,
        why: [
          { question: 'Why did nobody notice at deploy time?', answer: 'Fresh pods are small; the leak takes minutes to reach the limit, long after the deploy looked healthy.' },
          { question: 'Why did restarting not fix it?', answer: 'The leaking code is still there: restarted pods start small and grow again.' },
        ],
        expertActions: [
          'Acknowledge the page and open the SLO panel.',
          `Chart ${t.app}'s memory and restarts: a sawtooth ending in OOM kills.`,
          `Find ${deploy} in the change feed: the leak started with it.`,
          `Roll back ${t.app}; post a status update.`,
          'Check memory stays flat after the rollback, then resolve.',
        ],
      },
      expectations: { detectWithin: '12m', fixAt: '14m', recoverWithin: '10m' },
      ticket: { at: '9m', subject: 'Slow and flaky', body: 'Every few minutes things get slow or fail, then it works again.' },
    };
  },
};

const POOL_EXHAUSTION: FaultTemplate = {
  info: {
    id: 'pool-exhaustion',
    kind: 'fault',
    title: 'Connection pool exhaustion after a config change',
    description: "A config change shrinks the application's database connection pool (connectionPoolExhaustion, causedBy the change); requests wait for a connection and time out. Fixed by reverting the change.",
  },
  plan(t) {
    const change = `cfg-${t.app}-pool`;
    return {
      title: `${nameOf(t, t.app)} starves for database connections`,
      summary: `${nameOf(t, t.app)} at ${t.company} starts timing out, yet the database looks calm. Find the bottleneck and remove it.`,
      difficulty: 'intermediate',
      objectives: [
        'Recognise pool exhaustion: the caller waits while the database is idle',
        'Connect a configuration change to the saturation it caused',
        'Revert the bad config rather than scaling the database',
      ],
      tags: ['connection-pool', 'config', 'template'],
      changes: [
        {
          id: change,
          at: '2m',
          type: 'config',
          service: t.app,
          author: 'l.meyer',
          summary: `${nameOf(t, t.app)}: shared pool settings from the platform defaults`,
          diff: `- datasource.pool.maximumPoolSize: 10\n+ datasource.pool.maximumPoolSize: 1`,
        },
      ],
      fault: {
        id: 'pool-too-small',
        type: 'connectionPoolExhaustion',
        target: t.app,
        start: '2m',
        causedBy: change,
        description: 'The new defaults set the connection pool to 1 per pod',
        params: [['dependency', t.db], ['poolSize', 1]],
      },
      rootCause: {
        component: t.app,
        category: 'config',
        change,
        summary: `A config change applied the platform's default pool size of 1 to ${t.app}. Each pod can now run one query at a time, so requests queue for a connection and time out while ${t.db} sits idle. Reverting the change restores the pool of 10.`,
      },
      page: 'availability',
      mitigations: [
        { type: 'revertConfig', target: change, effect: 'fixes', why: 'The old pool size of 10 is enough for the load.' },
        { type: 'raiseLimit', target: t.app, params: [['resource', 'pool'], ['value', 10], ['dependency', t.db]], effect: 'temporary', why: 'A bigger pool helps until the next config rollout re-applies the bad default; revert the change itself.' },
        { type: 'restart', target: t.app, effect: 'none', why: 'Restarted pods read the same config: the pool is still 1.' },
      ],
      hints: [
        `${t.app} is failing, but is ${t.db} busy? Compare ${t.app}'s pool utilisation with ${t.db}'s load.`,
        `${t.app}'s pool to ${t.db} is at 100% with requests waiting, while ${t.db} is almost idle. What changed the pool at 2m?`,
        `Revert ${change}; the pool returns to 10 connections per pod.`,
      ],
      runbook: {
        id: `${t.app}-pool`,
        title: `${nameOf(t, t.app)}: connection pool saturated`,
        service: t.app,
        body: `1. Check pool utilisation and pending requests on ${t.app}.\n2. Check ${t.db}'s latency: if it is normal, the pool is too small, not the database too slow.\n3. Look for config changes to the pool settings; revert them.\n4. Raising the pool by hand is a stop-gap until the config is fixed.`,
      },
      evidence: [
        { id: 'pool-full', kind: 'metric', service: t.app, metric: 'pool_utilization', op: '>', value: 0.95, description: `${t.app}'s connection pool is full from 2m.` },
        { id: 'pool-timeouts', kind: 'log', service: t.app, contains: 'Connection is not available', severity: 'ERROR', description: 'HikariCP gives up waiting for a connection.' },
        { id: 'culprit-change', kind: 'change', change, description: 'The pool size dropped from 10 to 1 at 2m.' },
      ],
      evidencePath: ['pool-full', 'pool-timeouts', 'culprit-change'],
      debrief: {
        summary: `At 2m a config change applied the platform default pool size of 1 to ${t.app}. Each pod could run a single query at a time; requests queued for a connection and timed out, while ${t.db} was idle. Reverting the change brought the pool back to 10 and the errors stopped.`,
        why: [
          { question: 'Why was the default so small?', answer: 'The platform default suits batch jobs with one thread; nobody checked it against a web service.' },
          { question: 'Why did the database look healthy?', answer: 'It received fewer queries than before: the bottleneck was in front of it.' },
        ],
        expertActions: [
          'Acknowledge the page and open the SLO panel.',
          `See ${t.app}'s pool at 100% and ${t.db} idle.`,
          `Find ${change} in the change feed at 2m.`,
          `Revert ${change}; post a status update.`,
          'Watch the pool drain and the SLI recover, then resolve.',
        ],
      },
      expectations: { detectWithin: '10m', fixAt: '12m', recoverWithin: '10m' },
      ticket: { at: '8m', subject: 'Timeouts', body: 'Requests hang for a few seconds and then fail. Started a few minutes ago.' },
    };
  },
};

const CERT_EXPIRY: FaultTemplate = {
  info: {
    id: 'cert-expiry',
    kind: 'fault',
    title: 'Expired TLS certificate on an internal service',
    description: "The database's TLS certificate expires mid-shift (certificateExpiry): every connection to it fails the handshake. Nothing changed; renewing the certificate fixes it.",
  },
  plan(t) {
    return {
      title: `${nameOf(t, t.app)} cannot reach ${t.db}`,
      summary: `In the middle of a quiet shift, ${nameOf(t, t.app)} at ${t.company} starts failing almost every request. Nobody deployed anything to it. Find out why.`,
      difficulty: 'beginner',
      objectives: [
        'Read the error in the logs instead of guessing from the change feed',
        'Recognise an expired certificate: x509 errors at a precise time, with no change',
        'Renew the certificate rather than restarting or rolling back',
      ],
      tags: ['tls', 'certificate', 'template'],
      changes: [],
      fault: {
        id: 'db-cert-expired',
        type: 'certificateExpiry',
        target: t.db,
        start: '4m',
        description: `The TLS certificate of ${t.db} expired; automatic renewal had been failing silently`,
        params: [],
      },
      rootCause: {
        component: t.db,
        category: 'certificate',
        summary: `The TLS certificate of ${t.db} expired at 4m. Its automatic renewal had been failing for weeks without an alert. From then on every connection from ${t.app} failed the TLS handshake. Issuing a new certificate restores the connections.`,
      },
      page: 'availability',
      mitigations: [
        { type: 'renewCertificate', target: t.db, effect: 'fixes', why: 'A valid certificate ends the handshake failures.' },
        { type: 'restart', target: t.app, effect: 'none', why: `${t.app} is fine: restarted pods meet the same expired certificate.` },
      ],
      hints: [
        `Read ${t.app}'s ERROR logs: what does the connection to ${t.db} fail with?`,
        `"certificate has expired": the handshake fails at a precise moment, and nothing was deployed. Which certificate?`,
        `Renew ${t.db}'s certificate; the connections recover within minutes.`,
      ],
      runbook: {
        id: 'tls-errors',
        title: 'TLS handshake failures',
        service: t.db,
        body: `1. Search the callers' logs for x509 or "certificate" errors.\n2. Check the expiry date the error prints against the current time.\n3. Renew the certificate (renewCertificate) and check that the handshakes succeed.\n4. Afterwards: find why automatic renewal failed and alert on certificates expiring within 14 days.`,
      },
      evidence: [
        { id: 'error-spike', kind: 'metric', service: t.app, metric: 'error_ratio', op: '>', value: 0.5, description: `${t.app}'s error ratio jumps to nearly 100% at 4m.` },
        { id: 'x509', kind: 'log', service: t.app, contains: 'certificate', severity: 'ERROR', description: `The connection to ${t.db} fails: its certificate has expired.` },
      ],
      evidencePath: ['error-spike', 'x509'],
      debrief: {
        summary: `At 4m the TLS certificate of ${t.db} expired. Its automatic renewal had been failing silently for weeks. Every connection from ${t.app} failed the handshake, so nearly every request failed. Nothing had been deployed, so the change feed was a distraction; the logs named the certificate. Renewing it ended the incident.`,
        why: [
          { question: 'Why did renewal fail without anyone knowing?', answer: 'The renewal job logged its failure, but nothing alerted on it or on the expiry date.' },
          { question: 'Why did restarting not help?', answer: 'The problem was on the other end of the connection: the expired certificate.' },
        ],
        expertActions: [
          'Acknowledge the page and open the SLO panel.',
          `Read ${t.app}'s ERROR logs: x509 certificate has expired.`,
          `Renew ${t.db}'s certificate; post a status update.`,
          'Watch the errors stop, then resolve with the root cause.',
        ],
      },
      expectations: { detectWithin: '10m', fixAt: '12m', recoverWithin: '10m' },
      ticket: { at: '9m', subject: 'Nothing works', body: 'Every request fails with an error. It was fine ten minutes ago.' },
    };
  },
};

const DISK_FULL: FaultTemplate = {
  info: {
    id: 'disk-full',
    kind: 'fault',
    title: 'Disk full after debug logging was left on',
    description: "A config change turns on DEBUG logging (diskFull, causedBy the change): the application's disk fills and its pods crash. Fixed by reverting the change and freeing the disk.",
  },
  plan(topology) {
    // A worker that crash-loops processes nothing, so nothing counts against its SLOs until the
    // backlog drains: the disk fills on the service whose failures users see at once.
    const t = topology.crashTarget ? { ...topology, app: topology.crashTarget.service } : topology;
    const change = `cfg-${t.app}-debug-logging`;
    return {
      title: `${nameOf(t, t.app)} crashes with a full disk`,
      summary: `A few minutes into the shift, ${nameOf(t, t.app)} at ${t.company} starts crashing. Its code did not change. Find out why and bring it back.`,
      difficulty: 'beginner',
      objectives: [
        'Read the disk metric when pods crash without a code change',
        'Remove the cause (the log level) and the symptom (the full disk): one without the other is not enough',
      ],
      tags: ['disk', 'logging', 'config', 'template'],
      patches: [{ service: t.app, fields: { disk: { sizeGb: 20, usedGb: 8 } } }],
      changes: [
        {
          id: change,
          at: '1m',
          type: 'config',
          service: t.app,
          author: 'p.novak',
          summary: `${nameOf(t, t.app)}: log level DEBUG to investigate a customer report`,
          diff: '- logging.level.root: INFO\n+ logging.level.root: DEBUG',
        },
      ],
      fault: {
        id: 'debug-logs',
        type: 'diskFull',
        target: t.app,
        start: '1m',
        causedBy: change,
        description: 'DEBUG logging writes about 1.5 GB a minute',
        params: [['mbPerMinute', 1500]],
      },
      rootCause: {
        component: t.app,
        category: 'config',
        change,
        summary: `Someone turned on DEBUG logging on ${t.app} to investigate a report and left it on. The pods wrote about 1.5 GB of logs a minute, the disk filled within minutes, and at 100% the pods crash-looped. Reverting the log level stops the growth; freeing the disk brings the pods back.`,
      },
      page: 'availability',
      ...(topology.crashTarget ? { pageAlert: topology.crashTarget.alert } : {}),
      mitigations: [
        { type: 'revertConfig', target: change, effect: 'fixes', why: 'Back to INFO: the logs stop flooding the disk.' },
        { type: 'freeDisk', target: t.app, effect: 'fixes', why: 'Deleting old logs makes room so the pods can start again.' },
        { type: 'restart', target: t.app, effect: 'none', why: 'Restarted pods find the same full disk and crash again.' },
      ],
      hints: [
        `${t.app}'s pods are crashing: look at its disk usage.`,
        `The disk filled from 1m, when DEBUG logging was turned on. At 100% the pods cannot write and crash.`,
        `Revert ${change} and free ${t.app}'s disk; both are needed.`,
      ],
      runbook: {
        id: `${t.app}-disk`,
        title: `${nameOf(t, t.app)}: disk filling up`,
        service: t.app,
        body: `1. Check disk utilisation on ${t.app}: how fast is it growing?\n2. Look for a change to the log level or a new noisy log line.\n3. Revert the change, then free the disk (freeDisk rotates and deletes old logs).\n4. Freeing the disk alone only buys time while the cause keeps writing.`,
      },
      evidence: [
        { id: 'disk-full', kind: 'metric', service: t.app, metric: 'disk_utilization', op: '>', value: 0.95, description: `${t.app}'s disk fills up within minutes.` },
        { id: 'no-space', kind: 'log', service: t.app, contains: 'No space left on device', severity: 'ERROR', description: 'Writes fail: the disk is full.' },
        { id: 'culprit-change', kind: 'change', change, description: 'DEBUG logging was turned on at 1m.' },
      ],
      evidencePath: ['disk-full', 'no-space', 'culprit-change'],
      debrief: {
        summary: `At 1m DEBUG logging was turned on for ${t.app}. Its pods wrote about 1.5 GB of logs a minute; the disk filled and the pods crash-looped. Reverting the log level and freeing the disk restored the service.`,
        why: [
          { question: 'Why was DEBUG left on?', answer: 'It was turned on by hand to investigate a report, with no reminder or expiry.' },
          { question: 'Why did nothing warn before the disk was full?', answer: 'There was no alert on disk usage or its growth rate.' },
        ],
        expertActions: [
          'Acknowledge the page and open the SLO panel.',
          `See ${t.app}'s disk at 100% and its pods crashing.`,
          `Find ${change} in the change feed.`,
          `Revert ${change} and free the disk; post a status update.`,
          'Watch the pods come back, then resolve.',
        ],
      },
      expectations: { detectWithin: '15m', fixAt: '16m', recoverWithin: '10m' },
      ticket: { at: '10m', subject: 'Errors everywhere', body: 'Most requests fail since a few minutes ago.' },
    };
  },
};

const BAD_FLAG: FaultTemplate = {
  info: {
    id: 'bad-flag',
    kind: 'fault',
    title: 'Feature flag turns on a broken code path',
    description: 'A feature flag flip enables a new code path that fails (badFeatureFlag, causedBy the flag change). Fixed by turning the flag off; a rollback does nothing.',
  },
  plan(t) {
    const flag = 'new-pricing-engine';
    const change = `flag-${flag}`;
    return {
      title: `${nameOf(t, t.app)} fails after a feature launch`,
      summary: `The product team launched a feature at ${t.company} this morning; soon after, a share of ${t.work} start failing. No code was deployed. Find the cause and stop the bleeding.`,
      difficulty: 'beginner',
      objectives: [
        'Include flag flips in the change feed when looking for a culprit',
        'Turn a bad flag off instead of rolling back code that did not change',
      ],
      tags: ['feature-flag', 'template'],
      flags: [{ id: flag, service: t.app, description: 'Routes price calculations to the new pricing engine' }],
      changes: [
        {
          id: change,
          at: '2m',
          type: 'flag',
          service: t.app,
          flag,
          value: true,
          author: 'product-launch',
          summary: 'Launch: new pricing engine for all customers',
        },
      ],
      fault: {
        id: 'pricing-engine-bug',
        type: 'badFeatureFlag',
        target: t.app,
        start: '2m',
        causedBy: change,
        description: 'The new pricing engine throws for products without a list price',
        params: [['flag', flag], ['errorRatio', 0.25]],
      },
      rootCause: {
        component: t.app,
        category: 'code-bug',
        change,
        summary: `Turning on ${flag} routed every request through the new pricing engine, which throws for products without a list price: about a quarter of ${t.work} failed. Turning the flag off restores the old path at once.`,
      },
      page: 'availability',
      mitigations: [
        { type: 'toggleFlag', target: flag, params: [['value', false]], effect: 'fixes', why: 'The old pricing path works; turning the flag off takes effect in seconds.' },
        { type: 'restart', target: t.app, effect: 'none', why: 'Restarted pods read the same flag and take the same broken path.' },
      ],
      hints: [
        `The errors started at 2m. Nothing was deployed: what else is in the change feed?`,
        `${flag} was turned on at 2m, and ${t.app}'s ERROR logs mention it.`,
        `Turn ${flag} off; the errors stop within seconds.`,
      ],
      runbook: {
        id: `${t.app}-flags`,
        title: `${nameOf(t, t.app)}: feature flags`,
        service: t.app,
        body: `1. Flags flip without a deploy: always check the flag changes in the change feed.\n2. If errors line up with a flag flip, turn the flag off first (toggleFlag) and investigate after.\n3. A rollback does not change flags.`,
      },
      evidence: [
        { id: 'error-spike', kind: 'metric', service: t.app, metric: 'error_ratio', op: '>', value: 0.1, description: `${t.app}'s error ratio jumps to about 25% at 2m.` },
        { id: 'flag-flip', kind: 'change', change, description: `${flag} was turned on at 2m, exactly when the errors began.` },
        { id: 'flag-errors', kind: 'log', service: t.app, contains: flag, severity: 'ERROR', description: 'The failing requests took the new pricing path.' },
      ],
      evidencePath: ['error-spike', 'flag-flip', 'flag-errors'],
      debrief: {
        summary: `At 2m the product team turned on ${flag}. The new pricing engine throws for products without a list price, so about a quarter of ${t.work} failed. Nothing was deployed, which made the flag flip easy to miss. Turning the flag off ended the errors within seconds.`,
        why: [
          { question: 'Why did testing not catch it?', answer: 'The test catalogue has a list price on every product.' },
          { question: 'Why turn off the flag rather than roll back?', answer: 'The code did not change; the flag chose the broken path, and turning it off is immediate.' },
        ],
        expertActions: [
          'Acknowledge the page and open the SLO panel.',
          `See ${t.app}'s error ratio rise at 2m; find the flag flip in the change feed.`,
          `Confirm with ${t.app}'s ERROR logs, which name ${flag}.`,
          `Turn ${flag} off; post a status update.`,
          'Watch the SLI recover, then resolve.',
        ],
      },
      expectations: { detectWithin: '10m', fixAt: '12m', recoverWithin: '10m' },
      ticket: { at: '8m', subject: 'Checkout errors', body: 'Some customers cannot complete their purchase: "price unavailable".' },
    };
  },
};

export const FAULTS: readonly FaultTemplate[] = [BAD_DEPLOY, SLOW_DATABASE, MEMORY_LEAK, POOL_EXHAUSTION, CERT_EXPIRY, DISK_FULL, BAD_FLAG];
