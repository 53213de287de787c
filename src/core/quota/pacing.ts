// Session-budget pacing (aura-seed-spec 4): how much of this 5-hour window can be spent
// without running out of the weekly window before it resets. Pure over records and a clock.
import {localDay} from '../time.js';
import type {UsageRecord} from '../types.js';
import {tokensBetween} from '../window-tokens.js';
import type {QuotaSnapshot, QuotaWindow} from './types.js';
import {sessionWindow, weeklyWindow} from './types.js';

export const INSUFFICIENT_ACTIVE_WINDOWS = 3;
export const MIN_WINDOWS_LEFT = 0.5;
/** Under this used %, inverting tokens into a cap amplifies noise too much. */
export const MIN_PCT_FOR_CAP = 3;
export const WINDOW_MS = 18_000_000; // 5 hours
export const TRIM_FRACTION = 0.1;
const DAY_MS = 86_400_000;
const EPSILON = 1e-9;

export const NEEDS_LIVE = 'Needs live quota data';
export const WARMING_HISTORY = 'Warming up — need more history to pace';
export const WARMING_CAPS = 'Warming up — not enough usage yet to estimate caps';

export interface PacingSettings {
  historyDays: number;
  minTokens: number;
}

export interface PacingPattern {
  /** 10 %-trimmed mean of active windows per active day. */
  activeWindowsPerDay: number;
  /** Active windows whose first record fell on today's local date. */
  windowsUsedToday: number;
  activeWindowCount: number;
  /** Active-window count of each active day, in date order. */
  perDay: {date: string; windows: number}[];
}

/** Mean of the values with the lowest and highest 10 % cut off (plain mean when too few). */
export function trimmedMean(values: readonly number[], fraction = TRIM_FRACTION): number {
  const n = values.length;
  if (n === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const cut = Math.floor(n * fraction);
  const kept = cut > 0 && n > 2 * cut ? sorted.slice(cut, n - cut) : sorted;
  return kept.reduce((s, v) => s + v, 0) / kept.length;
}

/** Euclidean floor division: the 5-hour slot of `ts` on the grid through `anchor` (negative before it). */
export const windowIndex = (ts: number, anchor: number): number => Math.floor((ts - anchor) / WINDOW_MS);

/**
 * Learns how many 5-hour windows a day the user really works in. Records of the last
 * `historyDays` days are bucketed on the live reset grid (anchored at the 5-hour window's
 * reset, so buckets line up with the account's real windows); a bucket with at least
 * `minTokens` input + output tokens is an active window, dated by its first record (local day).
 */
export function learnPattern(records: readonly UsageRecord[], now: number, anchor: number, tz: string, s: PacingSettings): PacingPattern {
  const from = now - s.historyDays * DAY_MS;
  const buckets = new Map<number, {tokens: number; first: number}>();
  for (const r of records) {
    if (r.timestamp < from || r.timestamp > now) continue;
    const i = windowIndex(r.timestamp, anchor);
    const b = buckets.get(i);
    const tokens = r.tokens.inputTokens + r.tokens.outputTokens;
    if (b) {
      b.tokens += tokens;
      if (r.timestamp < b.first) b.first = r.timestamp;
    } else buckets.set(i, {tokens, first: r.timestamp});
  }
  const today = localDay(now, tz);
  const perDate = new Map<string, number>();
  let activeWindowCount = 0;
  let windowsUsedToday = 0;
  for (const b of buckets.values()) {
    if (b.tokens < s.minTokens) continue;
    activeWindowCount++;
    const date = localDay(b.first, tz);
    if (date === today) windowsUsedToday++;
    perDate.set(date, (perDate.get(date) ?? 0) + 1);
  }
  const perDay = [...perDate.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([date, windows]) => ({date, windows}));
  return {activeWindowsPerDay: trimmedMean(perDay.map((d) => d.windows)), windowsUsedToday, activeWindowCount, perDay};
}

export interface Caps {
  sessionCapTokens: number;
  weeklyCapTokens: number;
}

type CapResult = {ok: true; tokens: number} | {ok: false; reason: string};

/**
 * Tokens a full window holds: local tokens from the window's start to `at` (the moment the
 * percentage was read), divided by its used share.
 */
export function windowCap(w: QuotaWindow | undefined, records: readonly UsageRecord[], at: number): CapResult {
  if (!w || w.usedPercent === null || w.resetsAt === null || w.lengthMinutes === null) return {ok: false, reason: NEEDS_LIVE};
  if (w.usedPercent < MIN_PCT_FOR_CAP) return {ok: false, reason: WARMING_CAPS};
  const tokens = tokensBetween(records, w.resetsAt - w.lengthMinutes * 60_000, at);
  if (tokens === 0) return {ok: false, reason: WARMING_CAPS};
  return {ok: true, tokens: tokens / (w.usedPercent / 100)};
}

export interface CapEstimates {
  session: CapResult;
  weekly: CapResult;
}

/** Both caps, inverted at the snapshot's reading time (never after now). */
export function estimateCaps(snapshot: QuotaSnapshot, records: readonly UsageRecord[], now: number): CapEstimates {
  const at = Math.min(now, snapshot.fetchedAt);
  return {session: windowCap(sessionWindow(snapshot), records, at), weekly: windowCap(weeklyWindow(snapshot), records, at)};
}

/** Caps for the budget: null when either window can't be inverted. */
export const capsOf = (e: CapEstimates): Caps | null =>
  e.session.ok && e.weekly.ok ? {sessionCapTokens: e.session.tokens, weeklyCapTokens: e.weekly.tokens} : null;

export type BudgetStatus = 'ok' | 'watch' | 'over' | 'insufficient';
export const BUDGET_STATUS_LABELS: Record<BudgetStatus, string> = {ok: 'On track', watch: 'Watch', over: 'Over', insufficient: '—'};

export interface SessionBudget {
  status: BudgetStatus;
  recommendedPercent: number | null;
  headroomPercent: number | null;
  sessionUsedPercent: number | null;
  weeklyRemainingPercent: number | null;
  activeWindowsPerDay: number;
  windowsLeft: number;
  note: string;
}

/** A stale reading (a later poll failed) still paces while it is this young. */
export const LIVE_MAX_STALE_MS = 15 * 60_000;

/**
 * Live sources: the usage API and Claude Code's own statusline feed (the same numbers from the
 * same server). A last good reading kept after a failed poll still counts for a short while.
 */
export const isLiveSource = (s: QuotaSnapshot, now: number): boolean =>
  (s.source === 'api' || s.source === 'statusline') && (!s.stale || now - s.fetchedAt <= LIVE_MAX_STALE_MS);

const insufficient = (note: string, pattern: PacingPattern | null): SessionBudget => ({
  status: 'insufficient',
  recommendedPercent: null,
  headroomPercent: null,
  sessionUsedPercent: null,
  weeklyRemainingPercent: null,
  activeWindowsPerDay: pattern?.activeWindowsPerDay ?? 0,
  windowsLeft: 0,
  note,
});

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** The recommendation, in the spec's guard order. */
export function sessionBudget(snapshot: QuotaSnapshot, caps: Caps | null, pattern: PacingPattern | null, now: number): SessionBudget {
  if (!isLiveSource(snapshot, now)) return insufficient(NEEDS_LIVE, pattern);
  if (!pattern) return insufficient(WARMING_HISTORY, pattern);
  const weekly = weeklyWindow(snapshot);
  const session = sessionWindow(snapshot);
  if (!weekly || !session) return insufficient(NEEDS_LIVE, pattern);
  if (!caps) return insufficient(WARMING_CAPS, pattern);
  if (pattern.activeWindowCount < INSUFFICIENT_ACTIVE_WINDOWS || pattern.activeWindowsPerDay <= 0) return insufficient(WARMING_HISTORY, pattern);
  if (weekly.resetsAt === null) return insufficient(NEEDS_LIVE, pattern);

  const weeklyRemaining = clamp(100 - (weekly.usedPercent ?? 0), 0, 100);
  const sessionUsed = clamp(session.usedPercent ?? 0, 0, 100);
  const daysLeft = Math.max(0, (weekly.resetsAt - now) / 1000 / 86_400);
  const windowsLeft = Math.max(MIN_WINDOWS_LEFT, pattern.activeWindowsPerDay * daysLeft - pattern.windowsUsedToday);
  const weeklyRemainingTokens = (caps.weeklyCapTokens * weeklyRemaining) / 100;
  const budgetTokens = weeklyRemainingTokens / windowsLeft;
  const recommended = clamp((budgetTokens / Math.max(caps.sessionCapTokens, EPSILON)) * 100, 0, 100);
  const headroom = recommended - sessionUsed;
  const status: BudgetStatus = sessionUsed > recommended ? 'over' : headroom <= 10 ? 'watch' : 'ok';
  return {
    status,
    recommendedPercent: recommended,
    headroomPercent: headroom,
    sessionUsedPercent: sessionUsed,
    weeklyRemainingPercent: weeklyRemaining,
    activeWindowsPerDay: pattern.activeWindowsPerDay,
    windowsLeft,
    note: `~${windowsLeft.toFixed(0)} active 5h-windows left this week · ${weeklyRemaining.toFixed(0)}% weekly left`,
  };
}

export interface Calibration {
  /** Tokens (input + output) per 1 % of each window; null when its cap can't be estimated. */
  fiveHour: number | null;
  week: number | null;
  /** Why a figure is missing. */
  reason: string | null;
}

/** "1 % of your 5-hour window ≈ N tokens": the same caps, per percent. */
export function calibration(e: CapEstimates): Calibration {
  return {
    fiveHour: e.session.ok ? e.session.tokens / 100 : null,
    week: e.weekly.ok ? e.weekly.tokens / 100 : null,
    reason: !e.session.ok ? e.session.reason : !e.weekly.ok ? e.weekly.reason : null,
  };
}

export interface PacingResult {
  budget: SessionBudget;
  calibration: Calibration;
  pattern: PacingPattern | null;
}

/** Everything the Forecast tab and `aura quota` show about pacing, from one snapshot and the records. */
export function computePacing(snapshot: QuotaSnapshot, records: readonly UsageRecord[] | null, now: number, tz: string, s: PacingSettings): PacingResult {
  const anchor = sessionWindow(snapshot)?.resetsAt ?? now;
  const pattern = records && records.length > 0 ? learnPattern(records, now, anchor, tz, s) : null;
  const estimates: CapEstimates = isLiveSource(snapshot, now)
    ? estimateCaps(snapshot, records ?? [], now)
    : {session: {ok: false, reason: NEEDS_LIVE}, weekly: {ok: false, reason: NEEDS_LIVE}};
  return {budget: sessionBudget(snapshot, capsOf(estimates), pattern, now), calibration: calibration(estimates), pattern};
}
