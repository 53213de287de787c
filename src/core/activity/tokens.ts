// "Tokens today" of the sessions on screen, from the usage dataset.
import {localDay} from '../time.js';
import {uiTokens, type UsageDataset} from '../types.js';
import type {ActivityReport} from './types.js';

/** A local day never spans more than 26 hours (DST), so older records cannot be today. */
const LOOKBACK_MS = 27 * 3_600_000;

/** sessionId -> input + output tokens of records on the local day of `now` in `tz`. */
export function tokensTodayBySession(dataset: UsageDataset, tz: string, now: number): Map<string, number> {
  const today = localDay(now, tz);
  const out = new Map<string, number>();
  // Records are sorted by time: walk back from the newest and stop well before today.
  for (let i = dataset.records.length - 1; i >= 0; i--) {
    const r = dataset.records[i]!;
    if (r.timestamp < now - LOOKBACK_MS) break;
    if (localDay(r.timestamp, tz) !== today) continue;
    out.set(r.sessionId, (out.get(r.sessionId) ?? 0) + uiTokens(r.tokens));
  }
  return out;
}

/** The report with each linked session's tokens today (0 for a linked session with none; null when not linked or no dataset). */
export function withTokensToday(report: ActivityReport, dataset: UsageDataset | null, tz: string, now: number): ActivityReport {
  if (dataset === null) return report;
  const today = tokensTodayBySession(dataset, tz, now);
  return {...report, sessions: report.sessions.map((s) => ({...s, tokensToday: s.sessionId === null ? null : (today.get(s.sessionId) ?? 0)}))};
}
