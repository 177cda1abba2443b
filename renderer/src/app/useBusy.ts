// Which of a screen's long actions is running, so the others wait: `run(id, task)` marks `id`
// busy for the task's duration (whether it succeeds or throws).

import { useCallback, useState } from 'react';

export function useBusy(): { busy: string | null; run(id: string, task: () => Promise<unknown>): Promise<void> } {
  const [busy, setBusy] = useState<string | null>(null);
  const run = useCallback(async (id: string, task: () => Promise<unknown>) => {
    setBusy(id);
    try {
      await task();
    } finally {
      setBusy(null);
    }
  }, []);
  return { busy, run };
}
