// Windows when no live reading exists: the local estimate (tokens only) and demo mode.
import type {UsageRecord} from '../types.js';
import {tokensBetween} from '../window-tokens.js';
import type {QuotaSnapshot, QuotaWindow} from './types.js';
import {FIVE_HOUR_MINUTES, WEEK_MINUTES, markBinding} from './windows.js';

const HOUR = 3_600_000;

/**
 * Last resort: this machine's input + output tokens over the last 5 hours and 7 days. No
 * percentages (the cap is unknown) and no reset times (the real grid is unknown).
 */
export function localEstimateWindows(records: readonly UsageRecord[], now: number): QuotaWindow[] {
  const est = (id: string, label: string, spanMs: number): QuotaWindow => ({
    id,
    label,
    usedPercent: null,
    resetsAt: null,
    lengthMinutes: null,
    binding: false,
    usedTokens: tokensBetween(records, now - spanMs, now),
  });
  return [est('estimate:five_hour', 'Last 5 hours (local est.)', 5 * HOUR), est('estimate:seven_day', 'Last 7 days (local est.)', 168 * HOUR)];
}

export interface DemoQuota {
  snapshot: QuotaSnapshot;
  /** The instant the demo is shown at: now, or just after the data ends if the data is older. */
  at: number;
}

/**
 * Deterministic demo windows (5-hour 42 % resetting in 2h10m, weekly 61 % in 3d 4h) over the
 * demo dataset. If the data stops before the demo 5-hour window began, the demo is shown at the
 * end of the data so the caps and the budget have tokens to work with.
 */
export function demoQuota(records: readonly UsageRecord[], now: number): DemoQuota {
  let last = -Infinity;
  for (const r of records) if (r.timestamp > last && r.timestamp <= now) last = r.timestamp;
  if (last === -Infinity) last = now;
  const sessionElapsed = FIVE_HOUR_MINUTES * 60_000 - (2 * HOUR + 10 * 60_000);
  const at = last < now - sessionElapsed ? last + 30 * 60_000 : now;
  const w = (id: string, label: string, used: number, inMs: number, minutes: number): QuotaWindow => ({
    id,
    label,
    usedPercent: used,
    resetsAt: at + inMs,
    lengthMinutes: minutes,
    binding: false,
    usedTokens: null,
  });
  const windows = markBinding([
    w('five_hour', 'Current session', 42, 2 * HOUR + 10 * 60_000, FIVE_HOUR_MINUTES),
    w('seven_day', 'Current week (all models)', 61, 76 * HOUR, WEEK_MINUTES),
    w('seven_day_opus', 'Current week (Opus only)', 23, 76 * HOUR, WEEK_MINUTES),
  ]);
  return {at, snapshot: {windows, source: 'api', fetchedAt: at, stale: false, note: 'demo data', subscriptionType: 'max'}};
}
