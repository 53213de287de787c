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
import type {TokenCounts, UsageRecord} from '../types.js';
import {totalTokens} from '../types.js';
import type {Occurrence} from './parse-line.js';

/**
 * The groups, one public record each (records are replaced, never mutated, so a dataset handed
 * out earlier never changes), plus what merging needs: the file index of the earliest copy, of
 * the kept copy, and the session the requestless key was scoped by.
 */
export interface GroupTable {
  records: UsageRecord[];
  file: number[];
  winFile: number[];
  keySession: string[];
}

export const emptyGroups = (): GroupTable => ({records: [], file: [], winFile: [], keySession: []});

const requestlessKey = (mid: string, session: string, t: TokenCounts): string =>
  `${mid}\u0002${session}\u0002${t.inputTokens}\u0002${t.cacheCreationTokens}\u0002${t.cacheReadTokens}`;

export class DedupeStore {
  /**
   * message.id → its groups that have a requestId (nearly always one): a copy joins the group
   * with its requestId, or, as a sidechain replay, a group of the other side (one lookup per copy).
   */
  private byMid = new Map<string, number | number[]>();
  /** Requestless groups, by message id, session and input/cache counts. */
  private byKey = new Map<string, number>();
  /** One string per model id and speed (each parsed line brings its own copy). */
  private names = new Map<string, string>();

  /**
   * @param filePath path of a file index (records carry it).
   * @param fileBefore tie-break when two copies carry the same timestamp (a resumed session copies
   *   lines with their times): true when file `a` is the original, i.e. started earlier.
   * @param projectHint the project a new record most likely has (its file's cwd); the dataset
   *   corrects the few that differ, once the session's main file is known.
   */
  constructor(
    readonly groups: GroupTable,
    private readonly filePath: (file: number) => string,
    private readonly fileBefore: (a: number, b: number) => boolean = (a, b) => a < b,
    private readonly projectHint: (file: number) => string = () => '',
  ) {
    const {records, keySession} = groups;
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      // A restored group without message.id can never merge again (its lines are never re-read).
      if (r.messageId === '') continue;
      if (r.requestId === null) this.byKey.set(requestlessKey(r.messageId, keySession[i]!, r.tokens), i);
      else this.indexMid(r.messageId, i);
    }
  }

  private name(s: string): string {
    const known = this.names.get(s);
    if (known !== undefined) return known;
    this.names.set(s, s);
    return s;
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
    const list = typeof found === 'number' ? [found] : found;
    for (const i of list) if (this.groups.records[i]!.requestId === occ.requestId) return {idx: i, replay: false};
    for (const i of list) if (this.groups.records[i]!.isSidechain || occ.isSidechain) return {idx: i, replay: true};
    return undefined;
  }

  /** Merges one copy of a response read from `file`. */
  add(occ: Occurrence, file: number, session: string): void {
    const mid = occ.messageId;
    const rid = occ.requestId;
    // Copies without message.id are never merged: no key at all.
    const key = mid !== null && rid === null ? requestlessKey(mid, session, occ.tokens) : null;
    let idx: number | undefined;
    let replay = false;
    if (key !== null) idx = this.byKey.get(key);
    else if (mid !== null) {
      const found = this.keyedGroup(occ);
      if (found) ({idx, replay} = found);
    }
    const g = this.groups;
    if (idx === undefined) {
      idx = g.records.length;
      g.records.push({
        messageId: mid ?? '',
        requestId: occ.requestId,
        timestamp: occ.timestamp,
        model: this.name(occ.model),
        sessionId: session,
        project: this.projectHint(file),
        file: this.filePath(file),
        isSidechain: occ.isSidechain,
        speed: occ.speed === null ? null : this.name(occ.speed),
        tokens: occ.tokens,
      });
      g.file.push(file);
      g.winFile.push(file);
      g.keySession.push(session);
      if (key !== null) this.byKey.set(key, idx);
      else if (mid !== null) this.indexMid(mid, idx);
      return;
    }
    const old = g.records[idx]!;
    const wins =
      replay && old.isSidechain !== occ.isSidechain ? !occ.isSidechain : totalTokens(occ.tokens) >= totalTokens(old.tokens);
    const earlier =
      occ.timestamp < old.timestamp || (occ.timestamp === old.timestamp && file !== g.file[idx] && this.fileBefore(file, g.file[idx]!));
    if (!wins && !earlier) return;
    const rec: UsageRecord = {...old};
    if (wins) {
      rec.requestId = occ.requestId;
      rec.model = this.name(occ.model);
      rec.isSidechain = occ.isSidechain;
      rec.speed = occ.speed === null ? null : this.name(occ.speed);
      rec.tokens = occ.tokens;
      g.winFile[idx] = file;
    }
    if (earlier) {
      rec.timestamp = occ.timestamp;
      rec.sessionId = session;
      rec.file = this.filePath(file);
      g.file[idx] = file;
    }
    g.records[idx] = rec;
  }
}
