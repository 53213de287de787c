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
import type {TokenCounts} from '../types.js';
import {totalTokens} from '../types.js';
import type {Occurrence} from './parse-line.js';

/** One deduplicated response, as stored (file and session as indexes into the index tables). */
export interface Group {
  messageId: string | null;
  requestId: string | null;
  timestamp: number;
  model: string;
  isSidechain: boolean;
  speed: string | null;
  tokens: TokenCounts;
  /** File and session of the earliest copy. */
  file: number;
  session: string;
  /** File the kept (largest) copy came from. */
  winFile: number;
  /** Session used in the requestless key (the session of the first copy). */
  keySession: string;
}

const requestlessKey = (mid: string, session: string, t: TokenCounts): string =>
  `${mid}\u0002${session}\u0002${t.inputTokens}\u0002${t.cacheCreationTokens}\u0002${t.cacheReadTokens}`;

export class DedupeStore {
  readonly groups: Group[] = [];
  private byKey = new Map<string, number>();
  /** message.id → groups with a requestId, for the sidechain-replay match. */
  private byMid = new Map<string, number | number[]>();

  /**
   * @param fileBefore tie-break when two copies carry the same timestamp (a resumed session copies
   *   lines with their times): true when file `a` is the original, i.e. started earlier.
   */
  constructor(
    groups: Group[] = [],
    private readonly fileBefore: (a: number, b: number) => boolean = (a, b) => a < b,
  ) {
    for (const g of groups) this.insert(g);
  }

  private keyOf(g: {messageId: string | null; requestId: string | null; tokens: TokenCounts}, session: string, file: number, line: number): string {
    if (g.messageId === null) return `\u0001${file}:${line}`;
    if (g.requestId === null) return requestlessKey(g.messageId, session, g.tokens);
    return `${g.messageId}\u0000${g.requestId}`;
  }

  private insert(g: Group, key?: string): void {
    const idx = this.groups.length;
    this.groups.push(g);
    // A restored group without message.id has no replayable key; it can never merge again.
    if (g.messageId === null) {
      if (key) this.byKey.set(key, idx);
      return;
    }
    this.byKey.set(key ?? this.keyOf(g, g.keySession, g.file, 0), idx);
    if (g.requestId !== null) {
      const prev = this.byMid.get(g.messageId);
      if (prev === undefined) this.byMid.set(g.messageId, idx);
      else if (typeof prev === 'number') this.byMid.set(g.messageId, [prev, idx]);
      else prev.push(idx);
    }
  }

  private replayOf(occ: Occurrence): number | undefined {
    const found = this.byMid.get(occ.messageId!);
    if (found === undefined) return undefined;
    for (const i of typeof found === 'number' ? [found] : found) {
      const g = this.groups[i]!;
      if (g.requestId !== occ.requestId && (g.isSidechain || occ.isSidechain)) return i;
    }
    return undefined;
  }

  /** Merges one copy; `line` is its byte offset in `file` (identity of id-less records). */
  add(occ: Occurrence, file: number, session: string, line: number): void {
    const key = this.keyOf(occ, session, file, line);
    let idx = this.byKey.get(key);
    let replay = false;
    if (idx === undefined && occ.messageId !== null && occ.requestId !== null) {
      idx = this.replayOf(occ);
      if (idx !== undefined) {
        replay = true;
        this.byKey.set(key, idx);
      }
    }
    if (idx === undefined) {
      this.insert(
        {
          messageId: occ.messageId,
          requestId: occ.requestId,
          timestamp: occ.timestamp,
          model: occ.model,
          isSidechain: occ.isSidechain,
          speed: occ.speed,
          tokens: occ.tokens,
          file,
          session,
          winFile: file,
          keySession: session,
        },
        key,
      );
      return;
    }
    const g = this.groups[idx]!;
    const wins =
      replay && g.isSidechain !== occ.isSidechain ? !occ.isSidechain : totalTokens(occ.tokens) >= totalTokens(g.tokens);
    if (wins) {
      g.requestId = occ.requestId;
      g.model = occ.model;
      g.isSidechain = occ.isSidechain;
      g.speed = occ.speed;
      g.tokens = occ.tokens;
      g.winFile = file;
    }
    if (occ.timestamp < g.timestamp || (occ.timestamp === g.timestamp && file !== g.file && this.fileBefore(file, g.file))) {
      g.timestamp = occ.timestamp;
      g.file = file;
      g.session = session;
    }
  }
}
