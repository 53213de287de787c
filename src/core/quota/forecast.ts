// Where each window lands at its reset at the current pace (aura-seed-spec 3.5).
import type {QuotaWindow} from './types.js';
import {FIVE_HOUR_MINUTES, WEEK_MINUTES} from './windows.js';

export type ForecastStatus = 'ok' | 'watch' | 'overshoot' | 'insufficient';

export interface WindowForecast {
  id: string;
  label: string;
  status: ForecastStatus;
  usedPercent: number;
  /** null while warming up (under 5 % of the window elapsed, or nothing used yet). */
  projectedPercent: number | null;
  /** Epoch ms at which 100 % is reached at the current pace; only when overshooting. */
  overshootAt: number | null;
  startedAt: number;
  resetsAt: number;
  lengthMs: number;
  elapsedFraction: number;
}

/** Below this share of the window elapsed, a projection is noise. */
export const MIN_ELAPSED_FRACTION = 0.05;
export const WATCH_PERCENT = 90;

export const FORECAST_STATUS_LABELS: Record<ForecastStatus, string> = {ok: 'On track', watch: 'Watch', overshoot: 'Overshoot', insufficient: '—'};
export const WARMING_UP_TEXT = 'warming up — check back in a few minutes';
export const NO_FORECAST_TEXT = 'No forecast available — quota source did not report any projectable windows.';

/** Window length in minutes: the reported length, else by label; null (not projectable) otherwise. */
export function windowLengthMinutes(w: QuotaWindow): number | null {
  if (w.lengthMinutes !== null && w.lengthMinutes > 0) return w.lengthMinutes;
  if (w.label === 'Current session') return FIVE_HOUR_MINUTES;
  if (w.label.startsWith('Current week (')) return WEEK_MINUTES;
  return null;
}

export function forecastWindow(w: QuotaWindow, now: number): WindowForecast | null {
  const minutes = windowLengthMinutes(w);
  if (minutes === null || w.resetsAt === null || w.usedTokens !== null) return null; // local estimates don't project
  const lengthMs = minutes * 60_000;
  const startedAt = w.resetsAt - lengthMs;
  const elapsedMs = now - startedAt;
  const elapsedFraction = Math.min(1, Math.max(0, elapsedMs / lengthMs));
  const used = w.usedPercent ?? 0;
  const base = {id: w.id, label: w.label, usedPercent: used, startedAt, resetsAt: w.resetsAt, lengthMs, elapsedFraction};
  if (elapsedFraction < MIN_ELAPSED_FRACTION || used <= 0) {
    return {...base, status: 'insufficient', projectedPercent: null, overshootAt: null};
  }
  const projected = used / elapsedFraction;
  const status: ForecastStatus = projected > 100 ? 'overshoot' : projected >= WATCH_PERCENT ? 'watch' : 'ok';
  const overshootAt = status === 'overshoot' ? Math.round(startedAt + elapsedMs * (100 / used)) : null;
  return {...base, status, projectedPercent: projected, overshootAt};
}

/** Forecasts of every projectable window, in the snapshot's order. */
export function forecastWindows(windows: readonly QuotaWindow[], now: number): WindowForecast[] {
  return windows.map((w) => forecastWindow(w, now)).filter((f): f is WindowForecast => f !== null);
}
