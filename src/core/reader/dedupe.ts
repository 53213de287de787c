// The dedupe pass. One API response is often logged several times (one line per content block,
// resumed-session copies, sub-agent mirrors); every copy merges into one group:
//  - key (message.id, requestId), global across files and sessions;
//  - no requestId: key scoped by session and by the input/cache counts (gateways reuse ids);
//  - no message.id: never merged;
//  - a sidechain copy with the same message.id but another requestId is a replay: the
//    non-sidechain copy wins.
// The group keeps the whole record of the copy with the largest total (tie: the later one read),
// is dated at the earliest timestamp of the group and attributed to the file/session of that
// earliest copy. Ties and replays make the result depend on the order copies arrive in: the
// reader (src/adapters/read-pool.ts) always merges files in the order the folder walk found them.
import {responseCost} from '../cost.js';
import type {TokenCounts} from '../types.js';
import {totalTokens} from '../types.js';
import {IdQuery, IdStore, RowTable} from './id-store.js';
import type {Occurrence} from './parse-line.js';

/** Token counts per group, in this order. */
export const TOKEN_FIELDS = 6;
export const SIDECHAIN = 1;
export const REQUESTLESS = 4;

// Columns may be views into a loaded index file.
type F64 = Float64Array<ArrayBufferLike>;
type U32 = Uint32Array<ArrayBufferLike>;
type U8 = Uint8Array<ArrayBufferLike>;

/** The token counts of row `i` of a token column. */
export function tokensAt(c: U32, i: number): TokenCounts {
  const o = i * TOKEN_FIELDS;
  return {
    inputTokens: c[o]!,
    outputTokens: c[o + 1]!,
    cacheCreationTokens: c[o + 2]!,
    cacheReadTokens: c[o + 3]!,
    cacheCreation5mTokens: c[o + 4]!,
    cacheCreation1hTokens: c[o + 5]!,
  };
}

/** Strings stored once, referred to by number (sessions, models, speeds). */
export class StringTable {
  private readonly ids = new Map<string, number>();

  constructor(readonly list: string[] = []) {
    list.forEach((s, i) => this.ids.set(s, i));
  }

  id(s: string): number {
    let i = this.ids.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(s);
      this.ids.set(s, i);
    }
    return i;
  }
}

/**
 * The groups, one row each, in columns: a million responses cost tens of megabytes rather than a
 * million objects, and the index is saved and loaded as these columns. Per row: the earliest
 * timestamp, the kept copy's six token counts, model, speed and flags, the file and session of the
 * earliest copy, the file of the kept copy, and the session a requestless key is scoped by.
 * Message and request ids (./id-store.ts) are only needed to merge new copies: a table loaded
 * from the index takes them from it when first asked (`ids`).
 */
export class GroupTable {
  n = 0;
  /** Rows are in time order (a loaded index is; appends usually keep it). */
  sorted = true;
  ts: F64 = new Float64Array(0);
  tokens: U32 = new Uint32Array(0);
  file: U32 = new Uint32Array(0);
  winFile: U32 = new Uint32Array(0);
  session: U32 = new Uint32Array(0);
  keySession: U32 = new Uint32Array(0);
  model: U32 = new Uint32Array(0);
  /** String id + 1; 0 = no speed. */
  speed: U32 = new Uint32Array(0);
  /** SIDECHAIN | REQUESTLESS. */
  flags: U8 = new Uint8Array(0);
  /**
   * Estimated cost of the kept copy (NaN: unpriced model), kept with the row: priced once, when
   * the copy is merged, and stored in the index, so a start with nothing new prices nothing.
   */
  cost: F64 = new Float64Array(0);
  private idStore: IdStore | null = null;

  constructor(
    readonly strings = new StringTable(),
    private loadIds: (() => IdStore) | null = null,
  ) {}

  /** Message ids ('' = none) and request ids ('' = none, see REQUESTLESS) per row. */
  get ids(): IdStore {
    if (this.idStore === null) {
      this.idStore = this.loadIds ? this.loadIds() : IdStore.empty();
      this.loadIds = null;
    }
    return this.idStore;
  }

  /** Wraps columns read from the index (rows `n`, already in time order). */
  static fromColumns(
    strings: StringTable,
    n: number,
    cols: Pick<GroupTable, 'ts' | 'tokens' | 'file' | 'winFile' | 'session' | 'keySession' | 'model' | 'speed' | 'flags' | 'cost'>,
    loadIds: () => IdStore,
  ): GroupTable {
    const g = new GroupTable(strings, loadIds);
    Object.assign(g, cols);
    g.n = n;
    return g;
  }

  private grow(): void {
    const cap = Math.max(1024, this.n * 2);
    const more = <T extends F64 | U32 | U8>(a: T, width = 1): T => {
      const b = new (a.constructor as new (n: number) => T)(cap * width);
      b.set(a.subarray(0, this.n * width));
      return b;
    };
    this.ts = more(this.ts);
    this.tokens = more(this.tokens, TOKEN_FIELDS);
    this.file = more(this.file);
    this.winFile = more(this.winFile);
    this.session = more(this.session);
    this.keySession = more(this.keySession);
    this.model = more(this.model);
    this.speed = more(this.speed);
    this.flags = more(this.flags);
    this.cost = more(this.cost);
  }

  /** Appends a row; returns its index. */
  push(row: {ts: number; tokens: TokenCounts; file: number; winFile: number; session: number; keySession: number; model: number; speed: number; flags: number; messageId: IdQuery | null; requestId: IdQuery | null}): number {
    if (this.n === this.ts.length) this.grow();
    const i = this.n++;
    if (i > 0 && row.ts < this.ts[i - 1]!) this.sorted = false;
    this.ts[i] = row.ts;
    this.setTokens(i, row.tokens);
    this.file[i] = row.file;
    this.winFile[i] = row.winFile;
    this.session[i] = row.session;
    this.keySession[i] = row.keySession;
    this.model[i] = row.model;
    this.speed[i] = row.speed;
    this.flags[i] = row.flags;
    this.price(i);
    this.ids.push(row.messageId, row.requestId);
    return i;
  }

  /** Sets row i's cost from its model, speed and tokens. */
  price(i: number): void {
    const s = this.strings.list;
    const t = this.tokens;
    const o = i * TOKEN_FIELDS;
    const sp = this.speed[i]!;
    this.cost[i] = responseCost(s[this.model[i]!]!, sp === 0 ? null : s[sp - 1]!, t[o]!, t[o + 1]!, t[o + 2]!, t[o + 5]!, t[o + 3]!) ?? NaN;
  }

  setTokens(i: number, t: TokenCounts): void {
    const o = i * TOKEN_FIELDS;
    const c = this.tokens;
    c[o] = t.inputTokens;
    c[o + 1] = t.outputTokens;
    c[o + 2] = t.cacheCreationTokens;
    c[o + 3] = t.cacheReadTokens;
    c[o + 4] = t.cacheCreation5mTokens;
    c[o + 5] = t.cacheCreation1hTokens;
  }

  /** Input + output + cache tokens of a row. */
  total(i: number): number {
    const o = i * TOKEN_FIELDS;
    const c = this.tokens;
    return c[o]! + c[o + 1]! + c[o + 2]! + c[o + 3]!;
  }

  /** A table of the rows `keep` says yes to (same strings). */
  filter(keep: (i: number) => boolean): GroupTable {
    const out = new GroupTable(this.strings);
    const ids = this.ids;
    const mid = new IdQuery();
    const rid = new IdQuery();
    for (let i = 0; i < this.n; i++) {
      if (!keep(i)) continue;
      const m = ids.messageIdBytes(i);
      const r = ids.requestIdBytes(i);
      out.push({
        ts: this.ts[i]!,
        tokens: tokensAt(this.tokens, i),
        file: this.file[i]!,
        winFile: this.winFile[i]!,
        session: this.session[i]!,
        keySession: this.keySession[i]!,
        model: this.model[i]!,
        speed: this.speed[i]!,
        flags: this.flags[i]!,
        messageId: mid.setBytes(m, 0, m.length),
        requestId: rid.setBytes(r, 0, r.length),
      });
    }
    return out;
  }
}

/** Hash of a requestless key: message id, session, input and cache counts. */
const requestlessHash = (midHash: number, session: number, input: number, writes: number, reads: number): number => {
  const mix = (h: number, v: number): number => Math.imul(h ^ v, 0x01000193);
  return mix(mix(mix(mix(midHash, session), input), writes), reads) >>> 0;
};

export class DedupeStore {
  /**
   * Groups that have a requestId, by message id (nearly always one each): a copy joins the group
   * with its requestId, or, as a sidechain replay, a group of the other side.
   */
  private byMid = new RowTable();
  /** Requestless groups, by message id, session and input/cache counts. */
  private byKey = new RowTable();
  private readonly mid = new IdQuery();
  private readonly rid = new IdQuery();

  /**
   * @param fileBefore tie-break when two copies carry the same timestamp (a resumed session copies
   *   lines with their times): true when file `a` is the original, i.e. started earlier.
   */
  constructor(
    readonly groups: GroupTable,
    private readonly fileBefore: (a: number, b: number) => boolean = (a, b) => a < b,
  ) {
    const ids = groups.ids;
    for (let i = 0; i < groups.n; i++) {
      // A restored group without message.id can never merge again (its lines are never re-read).
      if (!ids.hasMessageId(i)) continue;
      this.index(i, ids.messageIdHash(i));
    }
  }

  private index(i: number, midHash: number): void {
    const g = this.groups;
    if (g.flags[i]! & REQUESTLESS) {
      const o = i * TOKEN_FIELDS;
      this.byKey.add(requestlessHash(midHash, g.keySession[i]!, g.tokens[o]!, g.tokens[o + 2]!, g.tokens[o + 3]!), i);
    } else this.byMid.add(midHash, i);
  }

  /** Set by keyedGroup: the group found holds the other side of a sidechain replay. */
  private replay = false;

  /** The group of a keyed copy (-1: none): same requestId, else a sidechain replay of (or by) it. */
  private keyedGroup(mid: IdQuery, rid: IdQuery, isSidechain: boolean): number {
    const g = this.groups;
    const ids = g.ids;
    const t = this.byMid;
    this.replay = false;
    for (let s = t.first(mid.hash); s !== -1; s = t.next(s, mid.hash)) {
      const i = t.row(s);
      if (ids.messageIdIs(i, mid) && ids.requestIdIs(i, rid)) return i;
    }
    for (let s = t.first(mid.hash); s !== -1; s = t.next(s, mid.hash)) {
      const i = t.row(s);
      if (ids.messageIdIs(i, mid) && ((g.flags[i]! & SIDECHAIN) !== 0 || isSidechain)) {
        this.replay = true;
        return i;
      }
    }
    return -1;
  }

  /** The requestless group of a copy (-1: none): same message id, session, input and cache counts. */
  private requestlessGroup(mid: IdQuery, sid: number, t: TokenCounts): number {
    const g = this.groups;
    const ids = g.ids;
    const h = requestlessHash(mid.hash, sid, t.inputTokens, t.cacheCreationTokens, t.cacheReadTokens);
    for (let s = this.byKey.first(h); s !== -1; s = this.byKey.next(s, h)) {
      const i = this.byKey.row(s);
      const o = i * TOKEN_FIELDS;
      if (
        (g.flags[i]! & REQUESTLESS) !== 0 &&
        g.keySession[i] === sid &&
        g.tokens[o] === t.inputTokens &&
        g.tokens[o + 2] === t.cacheCreationTokens &&
        g.tokens[o + 3] === t.cacheReadTokens &&
        ids.messageIdIs(i, mid)
      )
        return i;
    }
    return -1;
  }

  /** Merges one copy of a response read from `file`, in `session`. */
  add(occ: Occurrence, file: number, session: string): void {
    this.addWithIds(occ, occ.messageId === null ? null : this.mid.set(occ.messageId), occ.requestId === null ? null : this.rid.set(occ.requestId), file, session);
  }

  /** add() with the copy's ids given as UTF-8 (its messageId and requestId are not read). */
  addWithIds(occ: Occurrence, mid: IdQuery | null, rid: IdQuery | null, file: number, session: string): void {
    const g = this.groups;
    const strings = g.strings;
    const sid = strings.id(session);
    // Copies without message.id are never merged: no key at all.
    const idx = mid === null ? -1 : rid === null ? this.requestlessGroup(mid, sid, occ.tokens) : this.keyedGroup(mid, rid, occ.isSidechain);
    const replay = rid !== null && this.replay;
    const flags = (occ.isSidechain ? SIDECHAIN : 0) | (rid === null ? REQUESTLESS : 0);
    const speed = occ.speed === null ? 0 : strings.id(occ.speed) + 1;
    if (idx === -1) {
      const row = g.push({ts: occ.timestamp, tokens: occ.tokens, file, winFile: file, session: sid, keySession: sid, model: strings.id(occ.model), speed, flags, messageId: mid, requestId: rid});
      if (mid !== null) this.index(row, mid.hash);
      return;
    }
    const oldSidechain = (g.flags[idx]! & SIDECHAIN) !== 0;
    const wins = replay && oldSidechain !== occ.isSidechain ? !occ.isSidechain : totalTokens(occ.tokens) >= g.total(idx);
    const oldTs = g.ts[idx]!;
    const earlier = occ.timestamp < oldTs || (occ.timestamp === oldTs && file !== g.file[idx] && this.fileBefore(file, g.file[idx]!));
    if (wins) {
      g.ids.setRequestId(idx, rid);
      g.model[idx] = strings.id(occ.model);
      g.flags[idx] = flags;
      g.speed[idx] = speed;
      g.setTokens(idx, occ.tokens);
      g.price(idx);
      g.winFile[idx] = file;
    }
    if (earlier) {
      g.ts[idx] = occ.timestamp;
      if (idx > 0 && occ.timestamp < g.ts[idx - 1]!) g.sorted = false;
      g.session[idx] = sid;
      g.file[idx] = file;
    }
  }
}
