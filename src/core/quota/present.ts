// Words and numbers the Quota / Forecast tabs and `aura quota` share, so both say the same.
import {thousands} from '../format.js';
import type {WindowForecast} from './forecast.js';
import {FORECAST_STATUS_LABELS, forecastWindows, WARMING_UP_TEXT} from './forecast.js';
import type {PacingResult, SessionBudget} from './pacing.js';
import {ageText, formatReset, untilText} from './reset-time.js';
import type {QuotaSnapshot, QuotaSource, QuotaWindow} from './types.js';

export const SOURCE_LABELS: Record<QuotaSource, string> = {
  statusline: 'statusline',
  api: 'usage API',
  estimate: 'local estimate',
  unavailable: 'unavailable',
};

export interface Clock {
  now: number;
  tz: string;
  twelveHour: boolean;
}

/** "37% used", "12,345 tokens" (a local estimate) or "—". */
export function usedText(w: QuotaWindow): string {
  if (w.usedPercent !== null) return `${w.usedPercent.toFixed(0)}% used`;
  if (w.usedTokens !== null) return `${thousands(w.usedTokens)} tokens`;
  return '—';
}

export function resetText(w: QuotaWindow, c: Clock): string {
  if (w.resetsAt === null) return w.usedTokens !== null ? 'rolling window, reset time unknown' : 'Reset time unknown';
  const when = formatReset(w.resetsAt, c.now, c.tz, c.twelveHour);
  return w.resetsAt < c.now ? `Reset at ${when} (reading predates it)` : `Resets ${when}`;
}

/** Seconds since the reading was taken. */
export const ageSeconds = (s: QuotaSnapshot, now: number): number => Math.max(0, Math.round((now - s.fetchedAt) / 1000));

/** "from usage API · 2m old" / "from statusline · stale, 14m old" / "unavailable". */
export function provenanceText(s: QuotaSnapshot, now: number): string {
  if (s.source === 'unavailable') return SOURCE_LABELS.unavailable;
  const age = s.source === 'api' || s.source === 'statusline' ? ` · ${s.stale ? 'stale, ' : ''}${ageText(now - s.fetchedAt)} old` : '';
  return `from ${SOURCE_LABELS[s.source]}${age}`;
}

/** "next check in 2m" (the usage API, after the refresh interval or a back-off), or null when none is planned. */
export function nextCheckText(s: QuotaSnapshot, now: number): string | null {
  if (s.nextPollAt === undefined) return null;
  const when = s.nextPollAt === null ? 'now' : untilText(s.nextPollAt, now);
  return when === 'now' ? 'next check now' : `next check in ${when}`;
}

export const forecastText = (f: WindowForecast): string =>
  `${f.usedPercent.toFixed(0)}% / ${f.projectedPercent === null ? '—' : `${f.projectedPercent.toFixed(0)}%`}`;

export function forecastSubline(f: WindowForecast, c: Clock): string {
  if (f.status === 'insufficient') return WARMING_UP_TEXT;
  if (f.status === 'overshoot' && f.overshootAt !== null) return `Will hit 100% at ${formatReset(f.overshootAt, c.now, c.tz, c.twelveHour)}`;
  return `Projected at reset ${formatReset(f.resetsAt, c.now, c.tz, c.twelveHour)}`;
}

export const budgetHeadline = (b: SessionBudget): string | null =>
  b.recommendedPercent === null ? null : `Spend up to ~${b.recommendedPercent.toFixed(0)}% of this 5h session`;

export const budgetFigures = (b: SessionBudget): string =>
  `${b.sessionUsedPercent === null ? '—' : `${b.sessionUsedPercent.toFixed(0)}%`} / ${b.recommendedPercent === null ? '—' : `${b.recommendedPercent.toFixed(0)}%`}`;

export function calibrationText(p: PacingResult): string {
  const c = p.calibration;
  if (c.fiveHour === null && c.week === null) return `Calibration: ${c.reason ?? 'unknown'}`;
  const f = (v: number | null) => (v === null ? '— tokens' : `${thousands(v)} tokens`);
  return `1% of your 5-hour window ≈ ${f(c.fiveHour)}, 1% of the week ≈ ${f(c.week)}`;
}

/** ISO text of an instant; null for none (and, defensively, for one Date cannot represent). */
const iso = (ms: number | null): string | null => (ms === null || !Number.isFinite(ms) || Math.abs(ms) > 8.64e15 ? null : new Date(ms).toISOString());
const round = (v: number | null, digits = 2): number | null => (v === null ? null : Number(v.toFixed(digits)));

/** The `aura quota --json` document. */
export function quotaReport(s: QuotaSnapshot, now: number, pacing: PacingResult | null) {
  const age = ageSeconds(s, now);
  return {
    source: s.source,
    stale: s.stale,
    ageSeconds: age,
    fetchedAt: iso(s.fetchedAt),
    note: s.note,
    subscriptionType: s.subscriptionType,
    windows: s.windows.map((w) => ({
      id: w.id,
      label: w.label,
      usedPercent: w.usedPercent,
      usedTokens: w.usedTokens,
      resetsAt: iso(w.resetsAt),
      lengthMinutes: w.lengthMinutes,
      binding: w.binding,
      source: s.source,
      stale: s.stale,
      ageSeconds: age,
    })),
    forecast: forecastWindows(s.windows, now).map((f) => ({
      id: f.id,
      label: f.label,
      usedPercent: f.usedPercent,
      projectedPercent: round(f.projectedPercent),
      status: f.status,
      statusLabel: FORECAST_STATUS_LABELS[f.status],
      overshootAt: iso(f.overshootAt),
    })),
    sessionBudget: pacing && {
      recommendedPercent: round(pacing.budget.recommendedPercent),
      headroomPercent: round(pacing.budget.headroomPercent),
      sessionUsedPercent: round(pacing.budget.sessionUsedPercent),
      weeklyRemainingPercent: round(pacing.budget.weeklyRemainingPercent),
      status: pacing.budget.status,
      activeWindowsPerDay: round(pacing.budget.activeWindowsPerDay),
      windowsLeft: round(pacing.budget.windowsLeft),
      note: pacing.budget.note,
      tokensPerPercent: {fiveHour: round(pacing.calibration.fiveHour, 0), week: round(pacing.calibration.week, 0)},
    },
  };
}
