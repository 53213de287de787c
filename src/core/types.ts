// Shared data types of the aura core. Everything the views show is derived from a
// UsageDataset, the output of the one dedupe pass over all transcripts.

/** The four token kinds Claude Code reports, plus the cache-write TTL split. */
export interface TokenCounts {
  inputTokens: number;
  outputTokens: number;
  /** All cache writes (= 5m + 1h). */
  cacheCreationTokens: number;
  cacheReadTokens: number;
  /** Cache writes at the 5-minute TTL; all writes when the transcript has no split. */
  cacheCreation5mTokens: number;
  /** Cache writes at the 1-hour TTL (priced at 2x input). */
  cacheCreation1hTokens: number;
}

/**
 * One deduplicated API response, as the views see it (the ids it was merged by stay in the
 * reader's group table).
 */
export interface UsageRecord {
  /** Epoch ms: the earliest timestamp of the duplicate group. */
  timestamp: number;
  /** API model id as logged (never "<synthetic>": synthetic lines are not records). */
  model: string;
  /** Session the response first appeared in (subagent files fold into their parent session). */
  sessionId: string;
  /** Absolute cwd of the project (from the lines' `cwd`), or the folder slug when no line had one. */
  project: string;
  isSidechain: boolean;
  /** usage.speed when present ("fast" = fast mode). */
  speed: string | null;
  tokens: TokenCounts;
  /** Estimated cost (null: unpriced) when already known; absent: recordCost prices the record. */
  readonly costUSD?: number | null;
}

/** What the reader knows about a session beyond its records (sessions with 0 tokens included). */
export interface SessionMeta {
  id: string;
  /** Absolute cwd (first non-empty cwd seen in its main file), or the slug fallback. */
  project: string;
  /** Epoch ms of the first / last timestamped line of the main file (subagent lines included). */
  start: number;
  end: number;
  /** Heuristic (aura-seed-spec 5.2): raw text holds `"name":"Workflow"` or `ultracode`. */
  ultracode: boolean;
}

export interface Diagnostics {
  /** Claude roots actually read (absolute `projects/` folders). */
  roots: string[];
  files: number;
  skippedLines: number;
  duplicatesDropped: number;
  /** Human-readable notices: missing roots, unreadable files, rebuilt index, ... */
  notices: string[];
}

export interface UsageDataset {
  /** Deduplicated records, sorted by timestamp ascending. */
  records: UsageRecord[];
  sessions: SessionMeta[];
  diagnostics: Diagnostics;
}

export type Period = 'all' | '7d' | '30d';
export const PERIODS: readonly Period[] = ['all', '7d', '30d'];
export const PERIOD_LABELS: Record<Period, string> = {all: 'All time', '7d': 'Last 7 days', '30d': 'Last 30 days'};

/** Inclusive local-date range `YYYY-MM-DD`; either end open. */
export interface DateRange {
  since?: string;
  until?: string;
}

export type ModelTier = 'opus' | 'sonnet' | 'haiku' | 'other';

export const emptyTokens = (): TokenCounts => ({
  inputTokens: 0,
  outputTokens: 0,
  cacheCreationTokens: 0,
  cacheReadTokens: 0,
  cacheCreation5mTokens: 0,
  cacheCreation1hTokens: 0,
});

export function addTokens(into: TokenCounts, t: TokenCounts): TokenCounts {
  into.inputTokens += t.inputTokens;
  into.outputTokens += t.outputTokens;
  into.cacheCreationTokens += t.cacheCreationTokens;
  into.cacheReadTokens += t.cacheReadTokens;
  into.cacheCreation5mTokens += t.cacheCreation5mTokens;
  into.cacheCreation1hTokens += t.cacheCreation1hTokens;
  return into;
}

/** "Tokens" in the UI means input + output, as in the original app. */
export const uiTokens = (t: TokenCounts): number => t.inputTokens + t.outputTokens;

export const totalTokens = (t: TokenCounts): number =>
  t.inputTokens + t.outputTokens + t.cacheCreationTokens + t.cacheReadTokens;
