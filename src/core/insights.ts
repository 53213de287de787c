// Insights (aura-seed-spec 5): top projects, top sessions, ultracode ROI, cache efficiency.
// Pure: takes a dataset already filtered to the period (see filterDataset).
import {compareText, modelUsage, projectUsage, sessionSummaries, type ProjectUsage, type SessionSummary} from './aggregate.js';
import {cacheReadSavings} from './cost.js';
import {uiTokens, type UsageDataset} from './types.js';

/** Ranked rows kept at most, so a different `top_n` needs no recomputation. */
export const INSIGHTS_CAP = 25;

export interface RoiSide {
  count: number;
  /** Integer-truncated mean of input + output per session. */
  avgTokens: number;
}

export interface UltracodeRoi {
  ultracode: RoiSide;
  normal: RoiSide;
  /** ultracode avg / normal avg; null when the ratio says nothing (no normal tokens, no ultracode session). */
  multiplier: number | null;
}

export interface CacheEfficiency {
  /** read / (read + write) as a fraction 0..1; null when there was no cache activity. */
  hitRatio: number | null;
  readTokens: number;
  writeTokens: number;
  /** Σ per model of cache reads × (input rate − read rate); unpriced models excluded. */
  savedUSD: number;
  /** Models with cache reads but no known price, left out of `savedUSD`. */
  unpricedModels: string[];
}

export interface Insights {
  /** Projects with tokens, by input + output desc, tie: name asc; at most the row limit. */
  topProjects: ProjectUsage[];
  /** Sessions with tokens, by input + output desc, tie: id asc; at most the row limit. */
  topSessions: SessionSummary[];
  roi: UltracodeRoi;
  cache: CacheEfficiency;
}

/** Rows shown for a `top_n` setting: 0 = all kept rows; never more than INSIGHTS_CAP. */
export const rowLimit = (topN: number): number => (topN <= 0 ? INSIGHTS_CAP : Math.min(Math.floor(topN), INSIGHTS_CAP));

export function rankProjects(projects: readonly ProjectUsage[], limit: number): ProjectUsage[] {
  return projects
    .filter((p) => uiTokens(p.tokens) > 0)
    .sort((a, b) => uiTokens(b.tokens) - uiTokens(a.tokens) || compareText(a.name, b.name))
    .slice(0, limit);
}

export function rankSessions(sessions: readonly SessionSummary[], limit: number): SessionSummary[] {
  return sessions
    .filter((s) => uiTokens(s.tokens) > 0)
    .sort((a, b) => uiTokens(b.tokens) - uiTokens(a.tokens) || compareText(a.id, b.id))
    .slice(0, limit);
}

/** Every session of the period counts, 0-token ones included (they lower the averages). */
export function ultracodeRoi(sessions: readonly SessionSummary[]): UltracodeRoi {
  const side = (list: readonly SessionSummary[]): RoiSide => ({
    count: list.length,
    avgTokens: list.length ? Math.trunc(list.reduce((n, s) => n + uiTokens(s.tokens), 0) / list.length) : 0,
  });
  const ultracode = side(sessions.filter((s) => s.ultracode));
  const normal = side(sessions.filter((s) => !s.ultracode));
  const multiplier = normal.avgTokens > 0 && ultracode.count > 0 ? ultracode.avgTokens / normal.avgTokens : null;
  return {ultracode, normal, multiplier};
}

/**
 * The ROI sentence for a multiplier (ultracode avg / normal avg): "N× heavier" above 1,
 * "N× lighter" (the inverse ratio) below, so the factor shown is never a fraction.
 */
export function roiSentence(multiplier: number): string {
  if (multiplier <= 0) return 'ultracode sessions used no tokens on average';
  const heavier = multiplier >= 1;
  const factor = (heavier ? multiplier : 1 / multiplier).toFixed(1);
  if (factor === '1.0') return 'ultracode sessions are about as heavy as normal ones on average';
  return `ultracode sessions are ${factor}× ${heavier ? 'heavier' : 'lighter'} on average`;
}

/** A share as a whole percent; a non-zero share that would round to 0 shows as "<1%". */
export const sharePercent = (fraction: number): string => (fraction > 0 && fraction < 0.005 ? '<1%' : `${Math.round(fraction * 100)}%`);

export function cacheEfficiency(ds: UsageDataset): CacheEfficiency {
  let readTokens = 0;
  let writeTokens = 0;
  let savedUSD = 0;
  const unpricedModels: string[] = [];
  for (const m of modelUsage(ds.records)) {
    readTokens += m.tokens.cacheReadTokens;
    writeTokens += m.tokens.cacheCreationTokens;
    if (m.tokens.cacheReadTokens === 0) continue;
    const saved = cacheReadSavings(m.model, m.tokens.cacheReadTokens);
    if (saved === null) unpricedModels.push(m.model);
    else savedUSD += saved;
  }
  const both = readTokens + writeTokens;
  return {hitRatio: both > 0 ? readTokens / both : null, readTokens, writeTokens, savedUSD, unpricedModels: unpricedModels.sort()};
}

export function computeInsights(ds: UsageDataset, opts: {topN: number}): Insights {
  const limit = rowLimit(opts.topN);
  const sessions = sessionSummaries(ds);
  return {
    topProjects: rankProjects(projectUsage(ds), limit),
    topSessions: rankSessions(sessions, limit),
    roi: ultracodeRoi(sessions),
    cache: cacheEfficiency(ds),
  };
}
