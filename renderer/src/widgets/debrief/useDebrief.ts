// The debrief's data: the run played to its end and reported once (then written to the finished
// sessions), the postmortem draft, the live rubric (debounced), and the counterfactual replay of
// the postmortem's action items on demand.

import { useCallback, useEffect, useRef, useState } from 'react';
import type { AfterActionReport, CounterfactualResult, PostmortemScore, Session } from '../../../../engine/src/index.ts';
import { useApp, useFiredrill } from '../../app/context.tsx';
import type { ExpectedPace } from '../../worker/protocol.ts';
import { replayableItems } from './model.ts';

/** Wait after the last edit before the rubric is asked again, ms. */
export const RUBRIC_DEBOUNCE_MS = 350;

export interface DebriefReport {
  report: AfterActionReport;
  session: Session;
  expected: ExpectedPace | null;
}

export interface RubricState {
  score: PostmortemScore | null;
  /** Schema messages from the worker ("postmortem: path: message"). */
  errors: string[];
  pending: boolean;
}

/** One replay: some of the action items' specs applied to the run. */
export interface CounterfactualRun {
  /** The action items (indexes into the postmortem's list) applied. */
  indexes: number[];
  result: CounterfactualResult | null;
  errors: string[];
}

export interface CounterfactualState {
  running: boolean;
  /** "Replaying 2 of 4…" while running. */
  progress: string | null;
  /** Each item alone (when there are several), then all of them together (last). */
  runs: CounterfactualRun[];
  /** Problems not tied to a run (nothing to replay, the worker failed). */
  errors: string[];
  /** The items replayed (JSON), to tell when the action items changed since. */
  itemsKey: string | null;
}

export interface DebriefData {
  loading: boolean;
  error: string | null;
  data: DebriefReport | null;
  rubric: RubricState;
  cf: CounterfactualState;
  runCounterfactual(): Promise<void>;
}

export function useDebrief(): DebriefData {
  const { ctl, services, store } = useFiredrill();
  const [data, setData] = useState<DebriefReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rubric, setRubric] = useState<RubricState>({ score: null, errors: [], pending: false });
  const [cf, setCf] = useState<CounterfactualState>({ running: false, progress: null, runs: [], errors: [], itemsKey: null });
  const postmortem = useApp((s) => s.postmortem);
  const rubricSeq = useRef(0);

  // Once: pause, play on to the end, report, draft the postmortem if there is none, finish.
  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        await ctl.endRun();
        const r = await services.sim.call('debrief/report', {});
        if (!live) return;
        if (!r.ok) {
          setError(r.errors.join('; '));
          return;
        }
        setData({ report: r.report, session: r.session, expected: r.expected ?? null });
        if (store.getState().postmortem === null) {
          const draft = await services.sim.call('debrief/draft', {});
          if (live && store.getState().postmortem === null) ctl.setPostmortem(draft);
        }
        if (live) await ctl.finish({ session: r.session, score: r.report.score });
      } catch (err) {
        if (live) setError(err instanceof Error ? err.message : String(err));
      }
    })();
    return () => {
      live = false;
    };
  }, [ctl, services.sim, store]);

  // The rubric, a moment after the last edit.
  useEffect(() => {
    if (!postmortem) return;
    const mine = ++rubricSeq.current;
    setRubric((r) => ({ ...r, pending: true }));
    const t = setTimeout(() => {
      services.sim.call('debrief/rubric', { postmortem }).then(
        (r) => {
          if (rubricSeq.current !== mine) return;
          if (r.ok) {
            setRubric({ score: r.score, errors: [], pending: false });
            ctl.setPostmortemScore({ total: r.score.total, grade: r.score.grade });
          } else setRubric((prev) => ({ score: prev.score, errors: r.errors, pending: false }));
        },
        (err: unknown) => {
          if (rubricSeq.current === mine) setRubric((prev) => ({ score: prev.score, errors: [err instanceof Error ? err.message : String(err)], pending: false }));
        },
      );
    }, RUBRIC_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [postmortem, services.sim, ctl]);

  const runCounterfactual = useCallback(async () => {
    const items = replayableItems(store.getState().postmortem);
    if (items.length === 0) {
      setCf({ running: false, progress: null, runs: [], errors: ['No action item has a “Simulate this” spec yet: pick one (a new alert, a pre-production gate, …) on an action item.'], itemsKey: null });
      return;
    }
    const key = JSON.stringify(items.map((x) => x.item));
    // Each item alone shows what it buys by itself (an alert's earlier page is hidden when a gate
    // in the same replay prevents the incident); then all of them together.
    const plan = items.length > 1 ? [...items.map((x) => [x]), items] : [items];
    const runs: CounterfactualRun[] = [];
    setCf((c) => ({ ...c, running: true, progress: null, errors: [] }));
    try {
      for (const [k, group] of plan.entries()) {
        setCf((c) => ({ ...c, progress: plan.length > 1 ? `Replaying ${k + 1} of ${plan.length}…` : 'Replaying…' }));
        const r = await services.sim.call('debrief/report', { items: group.map((x) => x.item) });
        const indexes = group.map((x) => x.index);
        runs.push(r.ok ? { indexes, result: r.report.counterfactual, errors: r.report.counterfactualErrors } : { indexes, result: null, errors: r.errors });
      }
      setCf({ running: false, progress: null, runs, errors: [], itemsKey: key });
    } catch (err) {
      setCf({ running: false, progress: null, runs, errors: [err instanceof Error ? err.message : String(err)], itemsKey: key });
    }
  }, [services.sim, store]);

  return { loading: data === null && error === null, error, data, rubric, cf, runCounterfactual };
}
