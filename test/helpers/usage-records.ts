// Hand-built usage records and datasets for unit tests of the aggregates, cost and insights.
import type {SessionMeta, TokenCounts, UsageDataset, UsageRecord} from '../../src/core/types.js';

export function tokens(t: Partial<TokenCounts> = {}): TokenCounts {
  const cacheCreationTokens = t.cacheCreationTokens ?? (t.cacheCreation5mTokens ?? 0) + (t.cacheCreation1hTokens ?? 0);
  const cacheCreation1hTokens = t.cacheCreation1hTokens ?? 0;
  return {
    inputTokens: t.inputTokens ?? 0,
    outputTokens: t.outputTokens ?? 0,
    cacheCreationTokens,
    cacheReadTokens: t.cacheReadTokens ?? 0,
    cacheCreation5mTokens: t.cacheCreation5mTokens ?? cacheCreationTokens - cacheCreation1hTokens,
    cacheCreation1hTokens,
  };
}

export function record(o: {
  at: string | number;
  model?: string;
  session?: string;
  project?: string;
  speed?: string | null;
  sidechain?: boolean;
  t?: Partial<TokenCounts>;
}): UsageRecord {
  const session = o.session ?? 's1';
  const project = o.project ?? '/home/u/app';
  return {
    timestamp: typeof o.at === 'number' ? o.at : Date.parse(o.at),
    model: o.model ?? 'claude-opus-4-6',
    sessionId: session,
    project,
    isSidechain: o.sidechain ?? false,
    speed: o.speed ?? null,
    tokens: tokens(o.t),
  };
}

export function session(o: {id: string; project?: string; start: string; end?: string; ultracode?: boolean}): SessionMeta {
  return {
    id: o.id,
    project: o.project ?? '/home/u/app',
    start: Date.parse(o.start),
    end: Date.parse(o.end ?? o.start),
    ultracode: o.ultracode ?? false,
  };
}

/** A dataset whose sessions are the given metas plus one derived from records for every other session. */
export function dataset(records: UsageRecord[], sessions: SessionMeta[] = []): UsageDataset {
  const metas = new Map(sessions.map((s) => [s.id, s]));
  for (const r of records) {
    const m = metas.get(r.sessionId);
    if (!m) metas.set(r.sessionId, {id: r.sessionId, project: r.project, start: r.timestamp, end: r.timestamp, ultracode: false});
    else if (!sessions.includes(m)) {
      m.start = Math.min(m.start, r.timestamp);
      m.end = Math.max(m.end, r.timestamp);
    }
  }
  return {
    records: [...records].sort((a, b) => a.timestamp - b.timestamp),
    sessions: [...metas.values()],
    diagnostics: {roots: [], files: 0, skippedLines: 0, duplicatesDropped: 0, notices: []},
  };
}
