// Fetches from the worker when its inputs change, keeping the last answer on screen while the
// next one is on its way and dropping answers that arrive out of order.

import { useEffect, useRef, useState } from 'react';
import type { SimClient } from '../bridge/simClient.ts';
import { useFiredrill } from './context.tsx';

export interface QueryState<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
}

/**
 * `run` is called with the sim client whenever `deps` change (include the store's `scrape` to
 * refresh on each new scrape). Pass `null` as run to fetch nothing.
 */
export function useSimQuery<T>(run: ((sim: SimClient) => Promise<T>) | null, deps: readonly unknown[]): QueryState<T> {
  const { services } = useFiredrill();
  const [state, setState] = useState<QueryState<T>>({ data: null, error: null, loading: run !== null });
  const seq = useRef(0);
  const runRef = useRef(run);
  runRef.current = run;
  useEffect(() => {
    const fn = runRef.current;
    if (!fn) return;
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    fn(services.sim).then(
      (data) => {
        if (seq.current === mine) setState({ data, error: null, loading: false });
      },
      (err: unknown) => {
        if (seq.current === mine) setState((s) => ({ data: s.data, error: err instanceof Error ? err.message : String(err), loading: false }));
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [services.sim, ...deps]);
  return state;
}
