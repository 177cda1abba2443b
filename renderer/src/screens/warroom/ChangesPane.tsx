// Changes: every deploy, config change, flag flip and infrastructure change across environments,
// newest first and grouped by hour, with filters and search. Expanding one shows its config diff
// and details; that counts as looking at the change, as opening the feed counts as reading it.

import { Fragment, useMemo, useRef, useState } from 'react';
import { useApp, useAppShallow, useFiredrill } from '../../app/context.tsx';
import { clockTime, duration, offset } from '../../app/format.ts';
import { useSimQuery } from '../../app/useSimQuery.ts';
import type { ChangeView } from '../../worker/protocol.ts';
import './ChangesPane.css';

const TYPES: ChangeView['type'][] = ['deploy', 'config', 'flag', 'infra'];
const TYPE_LABEL: Record<ChangeView['type'], string> = { deploy: 'Deploy', config: 'Config', flag: 'Flag', infra: 'Infra' };
const CI_TONE: Record<ChangeView['ci'], string> = { passed: 'ok', failed: 'crit', skipped: 'warn' };
const RECENT_SEC = 300;

const DAY = 86_400;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Tue 10 Mar" (UTC) of an epoch second; no locale, so every machine shows the same. */
function dayLabel(epochSec: number): string {
  const d = new Date(Math.floor(epochSec / DAY) * DAY * 1000);
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
}

/** The hour a change falls in, as a group: key and heading. */
function hourGroup(startEpochSec: number, atSec: number): { key: number; label: string } {
  const epoch = startEpochSec + atSec;
  const hour = Math.floor(epoch / 3600) * 3600;
  const hh = clockTime(0, hour).slice(0, 5);
  const next = clockTime(0, hour + 3600).slice(0, 5);
  return { key: hour, label: `${dayLabel(hour)} · ${hh}–${next} UTC` };
}

/**
 * A diff's lines, classed for colour. In a diff with +/- lines, an unprefixed line names a file;
 * in one without (an infrastructure change's log, say), every line is plain text.
 */
export function diffLines(diff: string): { kind: 'add' | 'del' | 'hunk' | 'ctx' | 'file' | 'text'; text: string }[] {
  const lines = diff.replace(/\n+$/, '').split('\n');
  const isDiff = lines.some((l) => /^[+-]/.test(l) || l.startsWith('@@'));
  return lines.map((text) => {
    if (!isDiff) return { kind: 'text', text };
    if (text.startsWith('+++') || text.startsWith('---')) return { kind: 'file', text };
    if (text.startsWith('+')) return { kind: 'add', text };
    if (text.startsWith('-')) return { kind: 'del', text };
    if (text.startsWith('@@')) return { kind: 'hunk', text };
    if (text.startsWith(' ') || text === '') return { kind: 'ctx', text };
    return { kind: 'file', text };
  });
}

function versionText(c: ChangeView): string | null {
  if (c.type === 'deploy') {
    if (c.previousVersion && c.version && c.previousVersion !== c.version) return `${c.previousVersion} → ${c.version}`;
    return c.version ?? null;
  }
  if (c.type === 'flag' && c.flag) return `${c.flag} → ${c.value === undefined ? 'changed' : c.value ? 'on' : 'off'}`;
  return c.version ?? null;
}

function matches(c: ChangeView, q: string): boolean {
  if (!q) return true;
  const hay = [c.id, c.type, c.service, c.env, c.version, c.previousVersion, c.author, c.summary, c.diff, c.flag, c.ci].filter(Boolean).join('\n').toLowerCase();
  return q
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w));
}

export function ChangesPane() {
  const { ctl, store } = useFiredrill();
  const scenario = useApp((s) => s.scenario);
  const scrape = useApp((s) => s.scrape);
  const nowSec = useApp((s) => s.clock.nowSec);
  const ended = useApp((s) => s.clock.ended);
  const pinnedChanges = useAppShallow((s) => s.pinned.filter((p) => p.ref.kind === 'change').map((p) => String(p.ref.change)));

  const [env, setEnv] = useState('');
  const [service, setService] = useState('');
  const [type, setType] = useState<ChangeView['type'] | ''>('');
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set());

  // Opening the feed, and picking an environment, are observations; refreshes on new scrapes
  // are not.
  const observeNext = useRef(true);
  const feed = useSimQuery(
    (sim) => {
      const observe = observeNext.current && !ended;
      observeNext.current = false;
      return sim.call('query/changes', { ...(env ? { env } : {}), ...(observe ? { observe: true } : {}) });
    },
    [env, scrape],
  );
  const chooseEnv = (next: string): void => {
    observeNext.current = true;
    setEnv(next);
  };

  const observedChanges = useRef(new Set<string>());
  const toggle = (c: ChangeView): void => {
    const willOpen = !open.has(c.id);
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(c.id)) next.delete(c.id);
      else next.add(c.id);
      return next;
    });
    if (willOpen && !observedChanges.current.has(c.id) && !ended) {
      observedChanges.current.add(c.id);
      void ctl.act({ type: 'observe', target: 'change', params: { change: c.id, env: c.env } });
    }
  };

  const startEpoch = scenario?.startEpochSec ?? 0;
  const all = feed.data;
  const shown = useMemo(() => {
    const list = (all ?? []).filter((c) => (!service || c.service === service) && (!type || c.type === type) && matches(c, search.trim()));
    return list.slice().reverse(); // the feed comes oldest first
  }, [all, service, type, search]);

  const groups = useMemo(() => {
    const out: { key: number; label: string; items: ChangeView[] }[] = [];
    for (const c of shown) {
      const g = hourGroup(startEpoch, c.atSec);
      const last = out[out.length - 1];
      if (last && last.key === g.key) last.items.push(c);
      else out.push({ ...g, items: [c] });
    }
    return out;
  }, [shown, startEpoch]);

  if (!scenario) return <div className="panel-body muted">No scenario is loaded.</div>;
  const services = [...new Set([...scenario.services.map((s) => s.id), ...(all ?? []).flatMap((c) => (c.service ? [c.service] : []))])].sort();
  const filtered = env !== '' || service !== '' || type !== '' || search.trim() !== '';

  return (
    <div className="chg-pane panel">
      <div className="panel-head chg-head">
        <h2>Change feed</h2>
        <label className="row">
          <span className="muted">Environment</span>
          <select value={env} onChange={(e) => chooseEnv(e.target.value)}>
            <option value="">All</option>
            {scenario.environments.map((e) => (
              <option key={e.id} value={e.id}>
                {e.id}
              </option>
            ))}
          </select>
        </label>
        <label className="row">
          <span className="muted">Service</span>
          <select value={service} onChange={(e) => setService(e.target.value)}>
            <option value="">All</option>
            {services.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="row">
          <span className="muted">Type</span>
          <select value={type} onChange={(e) => setType(e.target.value as ChangeView['type'] | '')}>
            <option value="">All</option>
            {TYPES.map((t) => (
              <option key={t} value={t}>
                {TYPE_LABEL[t]}
              </option>
            ))}
          </select>
        </label>
        <input type="search" className="grow chg-search" aria-label="Search changes" placeholder="Search summary, author, version, diff…" value={search} onChange={(e) => setSearch(e.target.value)} />
        {filtered && (
          <button
            type="button"
            className="ghost"
            onClick={() => {
              if (env !== '') chooseEnv('');
              setService('');
              setType('');
              setSearch('');
            }}
          >
            Clear filters
          </button>
        )}
        <span className="muted chg-count" aria-live="polite">
          {all ? `${shown.length} of ${all.length}` : ''}
        </span>
      </div>
      <div className="chg-body scroll">
        {feed.error && <div className="chg-empty tone-crit">Could not read the change feed: {feed.error}</div>}
        {all && shown.length === 0 && <div className="chg-empty muted">{all.length === 0 ? 'No changes so far.' : 'No change matches these filters.'}</div>}
        <div className="chg-list" role="list" aria-label="Changes, newest first">
          {groups.map((g) => (
            <Fragment key={g.key}>
              <div className="chg-group" role="presentation">
                <span>{g.label}</span>
                <span className="muted">
                  {g.items.length} change{g.items.length === 1 ? '' : 's'}
                </span>
              </div>
              {g.items.map((c) => (
                <ChangeRow
                  key={c.id}
                  c={c}
                  startEpoch={startEpoch}
                  nowSec={nowSec}
                  expanded={open.has(c.id)}
                  pinned={pinnedChanges.includes(c.id)}
                  onToggle={() => toggle(c)}
                  onPin={() =>
                    ctl.pin({
                      ref: { kind: 'change', change: c.id, env: c.env },
                      label: `${TYPE_LABEL[c.type]} ${c.service ?? c.flag ?? ''}${c.version ? ` ${c.version}` : ''} (${c.env}) at ${clockTime(startEpoch, c.atSec)}: ${c.summary}`,
                      atSec: c.atSec,
                    })
                  }
                  onOpenService={c.service ? () => store.setState({ focus: { service: c.service ?? null, env: c.env }, dashboardService: c.service ?? null, pane: 'overview' }) : undefined}
                />
              ))}
            </Fragment>
          ))}
        </div>
      </div>
    </div>
  );
}

interface RowProps {
  c: ChangeView;
  startEpoch: number;
  nowSec: number;
  expanded: boolean;
  pinned: boolean;
  onToggle: () => void;
  onPin: () => void;
  onOpenService: (() => void) | undefined;
}

function ChangeRow({ c, startEpoch, nowSec, expanded, pinned, onToggle, onPin, onOpenService }: RowProps) {
  const detailsId = `chg-details-${c.id}`;
  const ver = versionText(c);
  const recent = c.atSec >= 0 && nowSec - c.atSec <= RECENT_SEC;
  const ago = nowSec - c.atSec;
  return (
    <div className={`chg-item${expanded ? ' open' : ''}`} role="listitem">
      <button type="button" className="chg-row" aria-expanded={expanded} aria-controls={expanded ? detailsId : undefined} onClick={onToggle}>
        <span className="chg-caret" aria-hidden="true">
          {expanded ? '▾' : '▸'}
        </span>
        <span className="chg-time">
          <span className="mono">{clockTime(startEpoch, c.atSec)}</span>
          <span className="faint mono">{offset(c.atSec)}</span>
        </span>
        <span className={`chg-type t-${c.type}`}>{TYPE_LABEL[c.type]}</span>
        <span className="chg-main">
          <span className="chg-line1">
            <span className="chg-svc mono">{c.service ?? (c.type === 'flag' ? 'feature flag' : 'platform')}</span>
            <span className="chg-env">{c.env}</span>
            {ver && <span className="chg-ver mono">{ver}</span>}
            {recent && <span className="badge info chg-new">new</span>}
          </span>
          <span className="chg-summary">
            {c.summary}
            {c.diff && <span className="chg-hasdiff"> · has diff</span>}
          </span>
        </span>
        <span className="chg-author mono">{c.author}</span>
        <span className={`badge ${CI_TONE[c.ci]} chg-ci`}>CI {c.ci}</span>
      </button>
      {expanded && (
        <div className="chg-details" id={detailsId}>
          <dl className="chg-facts">
            <dt>Change</dt>
            <dd className="mono">{c.id}</dd>
            <dt>When</dt>
            <dd>
              <span className="mono">{clockTime(startEpoch, c.atSec)}</span> UTC · {offset(c.atSec)} · {ago >= 0 ? `${duration(ago)} ago` : 'scheduled'}
            </dd>
            <dt>Where</dt>
            <dd>
              {c.service ? <span className="mono">{c.service}</span> : 'no single service'} in <b>{c.env}</b>
            </dd>
            {c.type === 'deploy' && (
              <>
                <dt>Version</dt>
                <dd className="mono">
                  {c.previousVersion && c.previousVersion !== c.version ? (
                    <>
                      <span className="chg-old">{c.previousVersion}</span> → <span className="chg-newv">{c.version ?? '?'}</span>
                    </>
                  ) : (
                    (c.version ?? '—')
                  )}
                </dd>
              </>
            )}
            {c.type === 'flag' && c.flag && (
              <>
                <dt>Flag</dt>
                <dd>
                  <span className="mono">{c.flag}</span> set to <b>{c.value === undefined ? 'changed' : c.value ? 'on' : 'off'}</b>
                </dd>
              </>
            )}
            <dt>Author</dt>
            <dd className="mono">{c.author}</dd>
            <dt>CI</dt>
            <dd>
              <span className={`badge ${CI_TONE[c.ci]}`}>{c.ci}</span>
            </dd>
            <dt>Summary</dt>
            <dd>{c.summary}</dd>
          </dl>
          {c.diff ? (
            <pre className="chg-diff" aria-label={`Diff of ${c.id}`}>
              {diffLines(c.diff).map((l, i) => (
                <span key={i} className={`dl ${l.kind}`}>
                  {l.text || ' '}
                  {'\n'}
                </span>
              ))}
            </pre>
          ) : (
            <p className="muted chg-nodiff">No diff recorded for this change.</p>
          )}
          <div className="row chg-actions">
            <button type="button" onClick={onPin} disabled={pinned}>
              {pinned ? 'Pinned as evidence' : 'Pin as evidence'}
            </button>
            {onOpenService && (
              <button type="button" onClick={onOpenService}>
                Open {c.service} dashboard
              </button>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
