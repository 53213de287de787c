// Samples the process table while the Activity tab is mounted (= on screen): a setTimeout
// chain, so a slow sample never overlaps the next, and unmounting stops it. The CPU baseline
// lives in the monitor of this mount: reopening the tab measures afresh.
import {useCallback, useEffect, useState} from 'react';
import {ActivityMonitor, type ActivityAdapter, type ProcessTarget} from '../../core/activity/monitor.js';
import type {ActivityReport} from '../../core/activity/types.js';

export interface ActivityState {
  report: ActivityReport | null;
  /** The last sample failed (one line); the previous report stays on screen. */
  error: string | null;
}

/** The second sample comes sooner, so "measuring…" gives way to CPU figures within a second. */
const FIRST_GAP_MS = 1000;

export function useActivity(adapter: ActivityAdapter, refreshSecs: number): ActivityState & {terminate: (t: ProcessTarget) => Promise<string>} {
  const [state, setState] = useState<ActivityState>({report: null, error: null});
  const periodMs = Math.max(1, refreshSecs) * 1000;

  useEffect(() => {
    const monitor = new ActivityMonitor(adapter);
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    let first = true;
    const step = async () => {
      try {
        const report = await monitor.tick();
        if (!stopped) setState({report, error: null});
      } catch (err) {
        if (!stopped) setState((s) => ({...s, error: (err as Error).message.split('\n')[0] ?? String(err)}));
      }
      if (stopped) return;
      timer = setTimeout(() => void step(), first ? Math.min(FIRST_GAP_MS, periodMs) : periodMs);
      first = false;
    };
    void step();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [adapter, periodMs]);

  const terminate = useCallback((t: ProcessTarget) => adapter.terminate(t), [adapter]);
  return {...state, terminate};
}
