// Aggregates: pure functions over a UsageDataset. (Signatures fixed; bodies to be written.)
import type {ModelTier, Period, TokenCounts, UsageDataset, UsageRecord} from './types.js';

export interface PeriodFilter {
  period?: Period;
  /** Inclusive local dates, override `period` when given. */
  since?: string;
  until?: string;
  tz: string;
  now: number;
}

export interface ModelUsage {
  model: string;
  tokens: TokenCounts;
  costUSD: number;
  /** False when no price is known for the model (cost is then a lower bound of 0 for it). */
  priced: boolean;
}

export interface DayBucket {
  /** Local date YYYY-MM-DD. */
  date: string;
  tokens: TokenCounts;
  costUSD: number;
  /** Sorted by input + output, descending. */
  models: ModelUsage[];
}

export interface ProjectUsage {
  /** Display name: basename of cwd, with parent segments when two projects share a basename. */
  name: string;
  cwd: string;
  tokens: TokenCounts;
  costUSD: number;
}

export interface SessionSummary {
  id: string;
  /** Display name of the project. */
  project: string;
  cwd: string;
  start: number;
  end: number;
  tokens: TokenCounts;
  costUSD: number;
  dominantModel: string | null;
  tier: ModelTier;
  ultracode: boolean;
  /** Models used, sorted by input + output desc. */
  models: string[];
}

export interface SummaryStats {
  tokens: TokenCounts;
  costUSD: number;
  unpricedModels: string[];
  favoriteModel: string | null;
  sessions: number;
  longestSessionSecs: number;
  activeDays: number;
  /** Days from the first to the last active day, inclusive (0 when none). */
  totalDays: number;
  currentStreak: number;
  longestStreak: number;
  /** Local hour 0..23 with the most session starts, null when none. */
  peakHour: number | null;
  /** Session starts per local hour. */
  hourCounts: number[];
}

const todo = (): never => {
  throw new Error('not implemented');
};

export function filterDataset(_ds: UsageDataset, _f: PeriodFilter): UsageDataset {
  return todo();
}
export function dailyUsage(_records: readonly UsageRecord[], _tz: string): DayBucket[] {
  return todo();
}
export function modelUsage(_records: readonly UsageRecord[]): ModelUsage[] {
  return todo();
}
export function projectUsage(_ds: UsageDataset): ProjectUsage[] {
  return todo();
}
export function sessionSummaries(_ds: UsageDataset): SessionSummary[] {
  return todo();
}
export function summaryStats(_ds: UsageDataset, _tz: string, _now: number): SummaryStats {
  return todo();
}
