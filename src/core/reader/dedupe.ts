// The dedupe pass. One API response is often logged several times (one line per content block,
// resumed-session copies, sub-agent mirrors); every copy merges into one group:
//  - key (message.id, requestId), global across files and sessions;
//  - no requestId: key scoped by session and by the input/cache counts (gateways reuse ids);
//  - no message.id: never merged;
//  - a sidechain copy with the same message.id but another requestId is a replay: the
//    non-sidechain copy wins.
// The group keeps the whole record of the copy with the largest total (tie: the later one read),
// is dated at the earliest timestamp of the group and attributed to the file/session of that
// earliest copy, so the result does not depend on the order files are read in.
import {responseCost} from '../cost.js';
import type {TokenCounts} from '../types.js';
import {totalTokens} from '../types.js';
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
 * Message and request ids are only needed to merge new copies: a table loaded from the index
 * decodes them when first asked (`ids`).
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
   * Estimated cost of the kept copy (NaN: unpriced model), kept with the row: priced while the
   * scan workers read (this thread is idle then) and stored in the index, so a start with
   * nothing new prices nothing.
   */
  cost: F64 = new Float64Array(0);
  private idList: {messageIds: string[]; requestIds: string[]} | null = {messageIds: [], requestIds: []};

  constructor(
    readonly strings = new StringTable(),
    private decodeIds: (() => {messageIds: string[]; requestIds: string[]}) | null = null,
  ) {
    if (decodeIds) this.idList = null;
  }

  /** Message ids ('' = none) and request ids ('' = none, see REQUESTLESS) per row. */
  get ids(): {messageIds: string[]; requestIds: string[]} {
    if (this.idList === null) {
      this.idList = this.decodeIds!();
      this.decodeIds = null;
    }
    return this.idList;
  }

  /** Wraps columns read from the index (rows `n`, already in time order). */
  static fromColumns(
    strings: StringTable,
    n: number,
    cols: Pick<GroupTable, 'ts' | 'tokens' | 'file' | 'winFile' | 'session' | 'keySession' | 'model' | 'speed' | 'flags' | 'cost'>,
    decodeIds: () => {messageIds: string[]; requestIds: string[]},
  ): GroupTable {
    const g = new GroupTable(strings, decodeIds);
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
  push(row: {ts: number; tokens: TokenCounts; file: number; winFile: number; session: number; keySession: number; model: number; speed: number; flags: number; messageId: string; requestId: string}): number {
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
    const ids = this.ids;
    ids.messageIds.push(row.messageId);
    ids.requestIds.push(row.requestId);
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

  tokensOf(i: number): TokenCounts {
    return tokensAt(this.tokens, i);
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
    const {messageIds, requestIds} = this.ids;
    for (let i = 0; i < this.n; i++) {
      if (!keep(i)) continue;
      out.push({
        ts: this.ts[i]!,
        tokens: this.tokensOf(i),
        file: this.file[i]!,
        winFile: this.winFile[i]!,
        session: this.session[i]!,
        keySession: this.keySession[i]!,
        model: this.model[i]!,
        speed: this.speed[i]!,
        flags: this.flags[i]!,
        messageId: messageIds[i]!,
        requestId: requestIds[i]!,
      });
    }
    return out;
  }
}

const requestlessKey = (mid: string, session: number, t: TokenCounts): string =>
  `${mid}\u0002${session}\u0002${t.inputTokens}\u0002${t.cacheCreationTokens}\u0002${t.cacheReadTokens}`;

export class DedupeStore {
  /**
   * message.id → its groups that have a requestId (nearly always one): a copy joins the group
   * with its requestId, or, as a sidechain replay, a group of the other side (one lookup per copy).
   */
  private byMid = new Map<string, number | number[]>();
  /** Requestless groups, by message id, session and input/cache counts. */
  private byKey = new Map<string, number>();

  /**
   * @param fileBefore tie-break when two copies carry the same timestamp (a resumed session copies
   *   lines with their times): true when file `a` is the original, i.e. started earlier.
   */
  constructor(
    readonly groups: GroupTable,
    private readonly fileBefore: (a: number, b: number) => boolean = (a, b) => a < b,
  ) {
    const {messageIds} = groups.ids;
    for (let i = 0; i < groups.n; i++) {
      const mid = messageIds[i]!;
      // A restored group without message.id can never merge again (its lines are never re-read).
      if (mid === '') continue;
      if (groups.flags[i]! & REQUESTLESS) this.byKey.set(requestlessKey(mid, groups.keySession[i]!, groups.tokensOf(i)), i);
      else this.indexMid(mid, i);
    }
  }

  private indexMid(mid: string, idx: number): void {
    const prev = this.byMid.get(mid);
    if (prev === undefined) this.byMid.set(mid, idx);
    else if (typeof prev === 'number') this.byMid.set(mid, [prev, idx]);
    else prev.push(idx);
  }

  /** The group of a keyed copy: same requestId, else a sidechain replay of (or by) it. */
  private keyedGroup(occ: Occurrence): {idx: number; replay: boolean} | undefined {
    const found = this.byMid.get(occ.messageId!);
    if (found === undefined) return undefined;
    const g = this.groups;
    const requestIds = g.ids.requestIds;
    const list = typeof found === 'number' ? [found] : found;
    for (const i of list) if (requestIds[i] === occ.requestId) return {idx: i, replay: false};
    for (const i of list) if (g.flags[i]! & SIDECHAIN || occ.isSidechain) return {idx: i, replay: true};
    return undefined;
  }

  /** Merges one copy of a response read from `file`, in `session`. */
  add(occ: Occurrence, file: number, session: string): void {
    const g = this.groups;
    const strings = g.strings;
    const sid = strings.id(session);
    const mid = occ.messageId;
    const rid = occ.requestId;
    // Copies without message.id are never merged: no key at all.
    const key = mid !== null && rid === null ? requestlessKey(mid, sid, occ.tokens) : null;
    let idx: number | undefined;
    let replay = false;
    if (key !== null) idx = this.byKey.get(key);
    else if (mid !== null) {
      const found = this.keyedGroup(occ);
      if (found) ({idx, replay} = found);
    }
    const flags = (occ.isSidechain ? SIDECHAIN : 0) | (rid === null ? REQUESTLESS : 0);
    const speed = occ.speed === null ? 0 : strings.id(occ.speed) + 1;
    if (idx === undefined) {
      idx = g.push({ts: occ.timestamp, tokens: occ.tokens, file, winFile: file, session: sid, keySession: sid, model: strings.id(occ.model), speed, flags, messageId: mid ?? '', requestId: rid ?? ''});
      if (key !== null) this.byKey.set(key, idx);
      else if (mid !== null) this.indexMid(mid, idx);
      return;
    }
    const oldSidechain = (g.flags[idx]! & SIDECHAIN) !== 0;
    const wins = replay && oldSidechain !== occ.isSidechain ? !occ.isSidechain : totalTokens(occ.tokens) >= g.total(idx);
    const oldTs = g.ts[idx]!;
    const earlier = occ.timestamp < oldTs || (occ.timestamp === oldTs && file !== g.file[idx] && this.fileBefore(file, g.file[idx]!));
    if (wins) {
      g.ids.requestIds[idx] = rid ?? '';
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
