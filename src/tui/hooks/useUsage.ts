// Loads usage through a UsageSource, then keeps it live: file changes (batched) and `r`
// read only new bytes. No timer runs while nothing changes.
import {useCallback, useEffect, useRef, useState} from 'react';
import type {LoadProgress} from '../../core/usage.js';
import type {UsageDataset} from '../../core/types.js';
import type {UsageSource} from '../data/source.js';

export interface UsageState {
  dataset: UsageDataset | null;
  /** Set during a read that reports progress (the first build). */
  progress: LoadProgress | null;
  /** The last read failed (message for the user); the previous dataset is kept. */
  error: string | null;
  /** Epoch ms of the last completed read. */
  refreshedAt: number | null;
}

/** Changes within this window after the first one are read together. */
export const BATCH_MS = 300;
// Progress callbacks can fire per file: re-render at most this often.
const PROGRESS_EVERY_MS = 100;

export function useUsage(source: UsageSource, clock: () => number = Date.now): {state: UsageState; refresh: () => void} {
  const [state, setState] = useState<UsageState>({dataset: null, progress: null, error: null, refreshedAt: null});
  const running = useRef(false);
  const pending = useRef(false);
  const alive = useRef(true);

  const run = useCallback(async () => {
    if (running.current) {
      pending.current = true;
      return;
    }
    running.current = true;
    let lastProgress = 0;
    try {
      do {
        pending.current = false;
        try {
          const dataset = await source.refresh((p) => {
            const t = clock();
            if (!alive.current || (t - lastProgress < PROGRESS_EVERY_MS && p.filesDone < p.filesTotal)) return;
            lastProgress = t;
            setState((s) => ({...s, progress: p}));
          });
          if (alive.current) setState({dataset, progress: null, error: null, refreshedAt: clock()});
        } catch (err) {
          if (alive.current) setState((s) => ({...s, progress: null, error: (err as Error).message || String(err)}));
        }
      } while (pending.current && alive.current);
    } finally {
      running.current = false;
    }
  }, [source, clock]);

  useEffect(() => {
    alive.current = true;
    void run();
    let timer: NodeJS.Timeout | undefined;
    const stop = source.watch(() => {
      // One read per burst of writes: the first change starts the timer and later ones join it.
      // It is not restarted, so a session that writes without pause still updates steadily.
      timer ??= setTimeout(() => {
        timer = undefined;
        void run();
      }, BATCH_MS);
    });
    return () => {
      alive.current = false;
      clearTimeout(timer);
      stop();
    };
  }, [source, run]);

  return {state, refresh: () => void run()};
}
