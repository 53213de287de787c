// The quota reading for the Quota and Forecast tabs. Owns the polling timer: a setTimeout
// chain (never two reads at once), cancelled on unmount. The service decides whether a tick
// really calls the API (shared cache, refresh interval, back-off), so ticking often is cheap
// and picks up statusline records and stale ages promptly.
import {useInput} from 'ink';
import {useEffect, useMemo, useRef, useState} from 'react';
import {getQuotaSnapshot, type QuotaServiceOptions} from '../../adapters/quota-service.js';
import type {AuraConfig} from '../../core/config/schema.js';
import {demoQuota} from '../../core/quota/estimate.js';
import {nextCheckText, provenanceText} from '../../core/quota/present.js';
import {clockTime, posixLocale, uses12HourClock} from '../../core/quota/reset-time.js';
import type {QuotaSnapshot} from '../../core/quota/types.js';
import type {UsageDataset} from '../../core/types.js';

export const QUOTA_TICK_MS = 30_000;

/** The 12/24-hour choice follows the user's locale (LC_ALL, LC_TIME, LANG). */
export const TWELVE_HOUR = uses12HourClock(posixLocale());

export interface QuotaView {
  snapshot: QuotaSnapshot | null;
  /** The instant the view is drawn at: now, or the demo's own clock. */
  at: number;
  /** Where the reading came from and when the API is asked next, for the section heading. */
  heading: string;
}

export interface UseQuotaOptions {
  config: AuraConfig;
  claudeDirs: readonly string[];
  dataset: UsageDataset | null;
  demo: boolean;
  now: () => number;
  /** Zone of the dashboard, for the demo's "as of" time. */
  tz?: string;
  /** Injected in tests; the real service otherwise. */
  service?: (o: QuotaServiceOptions) => Promise<QuotaSnapshot>;
  tickMs?: number;
  timeoutMs?: number;
  /** The tab's keys are live: `r` (the shell's "refresh now") also asks for the quota at once. */
  keysActive?: boolean;
}

export function useQuota({config, claudeDirs, dataset, demo, now, tz = 'UTC', service = getQuotaSnapshot, tickMs = QUOTA_TICK_MS, timeoutMs, keysActive = false}: UseQuotaOptions): QuotaView {
  const [live, setLive] = useState<QuotaSnapshot | null>(null);
  // The latest records, read by each tick without restarting the timer when the data refreshes.
  const records = useRef(dataset?.records ?? null);
  records.current = dataset?.records ?? null;
  const dirsKey = claudeDirs.join('\n');
  // Ask again once the first index build lands, so a local estimate doesn't wait a whole tick.
  const hasData = dataset !== null;
  const {enabled, refresh_secs, usage_url} = config.quota;

  // `r`: ask the service at once instead of at the next tick. It re-reads the shared cache and
  // the statusline record; the API itself is called only if the refresh interval and back-off
  // allow. `kick` is the running effect's "tick now" (a no-op in demo mode or with the quota off).
  const kick = useRef<() => void>(() => {});
  useInput(
    (input, key) => {
      if (input === 'r' && !key.ctrl && !key.meta) kick.current();
    },
    {isActive: keysActive && !demo && enabled},
  );

  useEffect(() => {
    if (demo || !enabled) return;
    let cancelled = false;
    let timer: NodeJS.Timeout | undefined;
    let asking = false;
    const ask = (offline: boolean) =>
      service({config: {quota: {enabled, refresh_secs, usage_url}}, configDirs: dirsKey ? dirsKey.split('\n') : [], now, records: records.current, timeoutMs, offline});
    const tick = async () => {
      asking = true;
      try {
        const s = await ask(false);
        if (!cancelled) setLive(s);
      } catch {
        // The service reports problems in the snapshot; anything else keeps the last reading.
      } finally {
        asking = false;
        if (!cancelled) timer = setTimeout(tick, tickMs);
      }
    };
    // Never two reads at once: a refresh while one runs is answered by that one.
    kick.current = () => {
      if (cancelled || asking) return;
      clearTimeout(timer);
      void tick();
    };
    // Paint what is already known at once, then ask (a request can take up to its deadline).
    asking = true;
    void ask(true)
      .then((s) => {
        if (!cancelled) setLive((cur) => cur ?? s);
      })
      .catch(() => undefined)
      .finally(() => {
        asking = false;
        if (!cancelled) void tick();
      });
    return () => {
      cancelled = true;
      clearTimeout(timer);
      kick.current = () => {};
    };
  }, [demo, enabled, refresh_secs, usage_url, dirsKey, service, now, tickMs, timeoutMs, hasData]);

  const demoView = useMemo(() => {
    if (!demo || !dataset) return null;
    const asked = now();
    return {...demoQuota(dataset.records, asked), asked};
  }, [demo, dataset, now]);
  const at = now();
  if (demo) {
    if (!demoView) return {snapshot: null, at, heading: 'demo'};
    // The demo is drawn when its data ends if that is earlier than when it was asked: say so.
    const asOf = demoView.at < demoView.asked ? `, as of ${clockTime(demoView.at, tz, TWELVE_HOUR)}` : '';
    return {snapshot: demoView.snapshot, at: demoView.at, heading: `demo · from demo data${asOf}`};
  }
  const next = live ? nextCheckText(live, at) : null;
  return {snapshot: live, at, heading: live ? `${provenanceText(live, at)}${next ? ` · ${next}` : ''}` : ''};
}
