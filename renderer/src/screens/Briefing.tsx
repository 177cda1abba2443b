// The briefing: what the trainee is walking into before the pager goes off. The system (map and
// services), its SLOs and paging rules, the on-call context and role, and the seed.

import { useState } from 'react';
import { useApp, useFiredrill } from '../app/context.tsx';
import { clockTime, duration, pct } from '../app/format.ts';
import { BriefingMap } from './BriefingMap.tsx';
import './briefing.css';

const DEFAULT_ROLE = 'You are the primary on-call engineer for the whole system this shift. You own the investigation until you hand it over.';
const DEFAULT_ONCALL =
  'Pages reach you first. Stakeholders will ask for updates; tickets from support may arrive. Use the dashboards, logs, traces and the change feed; mitigate before you fix; keep a timeline; tell people what is happening.';

export function Briefing() {
  const { ctl, store } = useFiredrill();
  const scenario = useApp((s) => s.scenario);
  const seed = useApp((s) => s.seed);
  const [seedText, setSeedText] = useState(String(seed ?? scenario?.seed ?? 1));
  const [starting, setStarting] = useState(false);
  if (!scenario) return null;
  const seedValue = Number(seedText);
  const seedOk = /^\d{1,9}$/.test(seedText.trim()) && Number.isSafeInteger(seedValue);

  const start = async () => {
    setStarting(true);
    try {
      await ctl.start(seedValue);
    } catch (err) {
      ctl.toast(`Could not start: ${err instanceof Error ? err.message : String(err)}`, 'error');
      setStarting(false);
    }
  };

  const pages = scenario.alerts.filter((a) => a.severity === 'page');
  return (
    <div className="briefing">
      <header className="briefing-head">
        <button className="ghost" onClick={() => store.setState({ screen: 'library', scenario: null, source: null })} aria-label="Back to the library">
          ← Library
        </button>
        <div className="grow">
          <div className="muted">
            {scenario.company ?? scenario.domain ?? 'Briefing'} · {scenario.difficulty} · {duration(scenario.durationSec)} from {clockTime(scenario.startEpochSec, 0)} UTC
          </div>
          <h1>{scenario.title}</h1>
        </div>
        <label className="row seed">
          Seed
          <input
            value={seedText}
            onChange={(e) => setSeedText(e.target.value)}
            inputMode="numeric"
            aria-invalid={!seedOk}
            aria-describedby="seed-help"
            size={10}
          />
        </label>
        <button className="primary" disabled={!seedOk || starting} onClick={() => void start()}>
          {starting ? 'Starting…' : 'Start the shift'}
        </button>
      </header>
      <div id="seed-help" className="muted seed-help">
        {seedOk ? `Seed ${seedValue}: the same seed replays the same incident. The scenario's own seed is ${scenario.seed}.` : 'The seed is a whole number (0 to 999999999).'}
      </div>

      <div className="briefing-grid">
        <section className="panel brief-text" aria-label="Situation">
          <div className="panel-head">
            <h2>Situation</h2>
          </div>
          <div className="panel-body">
            <p>{scenario.summary}</p>
            <h4>Your role</h4>
            <p>{scenario.role ?? DEFAULT_ROLE}</p>
            <h4>On call</h4>
            <p>{scenario.onCall ?? DEFAULT_ONCALL}</p>
            <h4>What you will practise</h4>
            <ul>
              {scenario.objectives.map((o) => (
                <li key={o}>{o}</li>
              ))}
            </ul>
          </div>
        </section>

        <section className="panel brief-map" aria-label="System map">
          <div className="panel-head">
            <h2>System</h2>
            <span className="muted">
              {scenario.services.length} services · environments {scenario.environments.map((e) => e.id).join(', ')}
            </span>
          </div>
          <BriefingMap services={scenario.services} />
        </section>

        <section className="panel" aria-label="Service level objectives">
          <div className="panel-head">
            <h2>SLOs</h2>
          </div>
          <table className="grid">
            <thead>
              <tr>
                <th>SLO</th>
                <th>Service</th>
                <th>Indicator</th>
                <th className="num">Objective</th>
                <th className="num">Window</th>
              </tr>
            </thead>
            <tbody>
              {scenario.slos.map((s) => (
                <tr key={s.id}>
                  <td>{s.id}</td>
                  <td>
                    {s.service}@{s.env}
                  </td>
                  <td>{s.indicator === 'latency' ? `latency ≤ ${s.thresholdMs ?? '?'} ms` : 'availability'}</td>
                  <td className="num">{pct(s.objective)}</td>
                  <td className="num">{s.windowDays} d</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>

        <section className="panel" aria-label="Paging rules">
          <div className="panel-head">
            <h2>What pages you</h2>
            <span className="muted">
              {pages.length} paging, {scenario.alerts.length - pages.length} ticket rules
            </span>
          </div>
          <table className="grid">
            <tbody>
              {scenario.alerts.map((a) => (
                <tr key={a.id}>
                  <td>
                    <span className={`badge ${a.severity === "page" ? "crit" : a.severity === "ticket" ? "warn" : "info"}`}>{a.severity}</span>
                  </td>
                  <td>{a.id}</td>
                  <td className="muted alert-rule">{a.summary ?? a.rule}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </div>
  );
}
