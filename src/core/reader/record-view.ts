// The dataset's records as views over columns. A UsageRecord built as two plain objects per
// response (record and token counts) made a warm start spend more time allocating and collecting
// a hundred thousand objects than reading its index; a view is one small object that reads its
// fields from a snapshot of the group table's columns, in time order. A snapshot is never
// written again, so a dataset handed out earlier keeps its values while the index reads on.
import type {TokenCounts, UsageRecord} from '../types.js';
import {SIDECHAIN, tokensAt} from './dedupe.js';

/** A time-ordered snapshot of the groups: what record views read. */
export interface RecordColumns {
  ts: Float64Array<ArrayBufferLike>;
  tokens: Uint32Array<ArrayBufferLike>;
  /** String ids (see `strings`). */
  model: Uint32Array<ArrayBufferLike>;
  session: Uint32Array<ArrayBufferLike>;
  /** String id + 1; 0 = none. */
  speed: Uint32Array<ArrayBufferLike>;
  flags: Uint8Array<ArrayBufferLike>;
  /** Estimated cost of each record; NaN = unpriced model. */
  cost: Float64Array<ArrayBufferLike>;
  strings: readonly string[];
  /** Project of each session, by the session's string id (worked out on first call). */
  projects: () => readonly string[];
}

/**
 * One record, read from `c` at row `i`. Its token counts are a new object at each use: short-lived
 * objects cost nothing to collect, where one kept per record would be copied by every collection.
 */
class RecordView implements UsageRecord {
  constructor(
    private readonly c: RecordColumns,
    private readonly i: number,
  ) {}

  get timestamp(): number {
    return this.c.ts[this.i]!;
  }
  get model(): string {
    return this.c.strings[this.c.model[this.i]!]!;
  }
  get sessionId(): string {
    return this.c.strings[this.c.session[this.i]!]!;
  }
  get project(): string {
    return this.c.projects()[this.c.session[this.i]!]!;
  }
  get isSidechain(): boolean {
    return (this.c.flags[this.i]! & SIDECHAIN) !== 0;
  }
  get speed(): string | null {
    const s = this.c.speed[this.i]!;
    return s === 0 ? null : this.c.strings[s - 1]!;
  }
  get tokens(): TokenCounts {
    return tokensAt(this.c.tokens, this.i);
  }
  get costUSD(): number | null {
    const cost = this.c.cost[this.i]!;
    return Number.isNaN(cost) ? null : cost;
  }

  /** JSON sees a plain record. */
  toJSON(): UsageRecord {
    return plainRecord(this);
  }
}

/** Views of every row of `c`, in its (time) order. */
export function recordViews(c: RecordColumns): UsageRecord[] {
  const n = c.ts.length;
  const out = new Array<UsageRecord>(n);
  for (let i = 0; i < n; i++) out[i] = new RecordView(c, i);
  return out;
}

/** A plain-object copy of any record (a view's fields live on its prototype: spreads and deep
 * comparisons need this). */
export function plainRecord(r: UsageRecord): UsageRecord {
  const t = r.tokens;
  return {
    timestamp: r.timestamp,
    model: r.model,
    sessionId: r.sessionId,
    project: r.project,
    isSidechain: r.isSidechain,
    speed: r.speed,
    tokens: {
      inputTokens: t.inputTokens,
      outputTokens: t.outputTokens,
      cacheCreationTokens: t.cacheCreationTokens,
      cacheReadTokens: t.cacheReadTokens,
      cacheCreation5mTokens: t.cacheCreation5mTokens,
      cacheCreation1hTokens: t.cacheCreation1hTokens,
    },
  };
}
