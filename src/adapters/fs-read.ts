// Streams a transcript from a byte offset in blocks of complete lines, so a 1 GiB corpus or a
// 12 MB line never sits in memory whole, and scans each block. A last line without its newline
// is taken only when it is already a complete JSON value (the writer finished it); otherwise
// reading stops before it and the next read starts there. Synchronous on purpose: it runs in
// reader worker threads (./read-pool.ts), where blocking costs nothing and saves the round trips.
import {closeSync, constants, fstatSync, openSync, readSync} from 'node:fs';
import {IdQuery} from '../core/reader/id-store.js';
import type {Occurrence} from '../core/reader/parse-line.js';
import {isCompleteLine, scanBlock, type FileMeta} from '../core/reader/line-scan.js';

const CHUNK = 1 << 20;
/** Longer lines are skipped (and counted) without being held in memory. */
const MAX_LINE = 64 << 20;

/** A file to read from `offset` on, with what earlier reads learned. */
export interface ScanJob {
  file: number;
  path: string;
  offset: number;
  /** The previous read consumed a last line before its newline arrived: skip that newline. */
  pendingNewline: boolean;
  meta: FileMeta;
}

/** Usage copies of one file, packed so they cross a worker boundary as one copy. */
export interface PackedCopies {
  /** Per copy: timestamp, 6 token counts, sidechain flag, then model, sessionId and speed as indexes into `names`. */
  nums: Float64Array;
  /** Per copy: message id, request id ('' = none); or, from the native scanner, empty and: */
  ids: string[];
  /** Per copy: [from, to) of the message id then of the request id in idText (from = to: none), then their hashes (hashBytes). */
  idSpans?: Uint32Array;
  idText?: Buffer;
  /** The file's distinct models, line sessionIds and speeds; names[0] = '' (none). */
  names: string[];
}

export interface ScanResult {
  file: number;
  offset: number;
  pendingNewline: boolean;
  bytesRead: number;
  meta: FileMeta;
  copies: PackedCopies;
  /** Usage lines read (before merging the copies of one response within the file). */
  copyCount: number;
  /** Set when the file could not be read. */
  error?: string;
}

const NUMS = 11;

/**
 * Calls `each` per packed copy with one reused Occurrence and its ids as UTF-8 (the caller copies
 * what it keeps): a cold read merges ~10^5 copies, and objects per copy were a good part of its
 * garbage. The occurrence's own messageId and requestId are not set.
 */
export function unpackCopies(p: PackedCopies, each: (occ: Occurrence, mid: IdQuery | null, rid: IdQuery | null) => void): void {
  const {nums, ids, names, idSpans, idText} = p;
  const tokens = {inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0, cacheCreation5mTokens: 0, cacheCreation1hTokens: 0};
  const occ: Occurrence = {timestamp: 0, tokens, isSidechain: false, messageId: null, requestId: null, model: '', sessionId: null, speed: null};
  const mid = new IdQuery();
  const rid = new IdQuery();
  const n = nums.length / NUMS;
  for (let i = 0; i < n; i++) {
    const o = i * NUMS;
    occ.timestamp = nums[o]!;
    tokens.inputTokens = nums[o + 1]!;
    tokens.outputTokens = nums[o + 2]!;
    tokens.cacheCreationTokens = nums[o + 3]!;
    tokens.cacheReadTokens = nums[o + 4]!;
    tokens.cacheCreation5mTokens = nums[o + 5]!;
    tokens.cacheCreation1hTokens = nums[o + 6]!;
    occ.isSidechain = nums[o + 7] === 1;
    occ.model = names[nums[o + 8]!]!;
    occ.sessionId = names[nums[o + 9]!] || null;
    occ.speed = names[nums[o + 10]!] || null;
    if (idSpans && idText) {
      const s = i * 6;
      each(
        occ,
        idSpans[s] === idSpans[s + 1] ? null : mid.setBytes(idText, idSpans[s]!, idSpans[s + 1]!, idSpans[s + 4]),
        idSpans[s + 2] === idSpans[s + 3] ? null : rid.setBytes(idText, idSpans[s + 2]!, idSpans[s + 3]!, idSpans[s + 5]),
      );
    } else {
      const m = ids[i * 2]!;
      const r = ids[i * 2 + 1]!;
      each(occ, m === '' ? null : mid.set(m), r === '' ? null : rid.set(r));
    }
  }
}

let shared: Buffer | null = null;

export function scanFile(job: ScanJob): ScanResult {
  const meta = job.meta;
  const nums: number[] = [];
  const ids: string[] = [];
  const names = [''];
  const nameIds = new Map<string, number>([['', 0]]);
  const name = (s: string | null): number => {
    if (s === null) return 0;
    let i = nameIds.get(s);
    if (i === undefined) {
      i = names.length;
      names.push(s);
      nameIds.set(s, i);
    }
    return i;
  };
  // Copies of one response inside one file (streamed content blocks) are merged here already, by
  // the same rule as the global pass (largest total kept whole, earliest timestamp), so only one
  // copy per response crosses to the main thread. `copies` still counts every line.
  const byKey = new Map<string, number>();
  let copies = 0;
  const collect = (occ: Occurrence) => {
    copies++;
    const t = occ.tokens;
    const total = t.inputTokens + t.outputTokens + t.cacheCreationTokens + t.cacheReadTokens;
    // Keyed by the request id (no new string); the message id must match too.
    const key = occ.messageId !== null ? occ.requestId : null;
    let prev = key === null ? undefined : byKey.get(key);
    if (prev !== undefined && ids[prev * 2] !== occ.messageId) prev = undefined;
    if (prev !== undefined) {
      const o = prev * NUMS;
      const earliest = Math.min(nums[o]!, occ.timestamp);
      if (total >= nums[o + 1]! + nums[o + 2]! + nums[o + 3]! + nums[o + 4]!) write(o, earliest, occ);
      else nums[o] = earliest;
      return;
    }
    if (key !== null && !byKey.has(key)) byKey.set(key, ids.length / 2);
    write(nums.length, occ.timestamp, occ);
    ids.push(occ.messageId ?? '', occ.requestId ?? '');
  };
  const write = (o: number, timestamp: number, occ: Occurrence): void => {
    const t = occ.tokens;
    nums[o] = timestamp;
    nums[o + 1] = t.inputTokens;
    nums[o + 2] = t.outputTokens;
    nums[o + 3] = t.cacheCreationTokens;
    nums[o + 4] = t.cacheReadTokens;
    nums[o + 5] = t.cacheCreation5mTokens;
    nums[o + 6] = t.cacheCreation1hTokens;
    nums[o + 7] = occ.isSidechain ? 1 : 0;
    nums[o + 8] = name(occ.model);
    nums[o + 9] = name(occ.sessionId);
    nums[o + 10] = name(occ.speed);
  };
  const result: ScanResult = {file: job.file, offset: job.offset, pendingNewline: job.pendingNewline, bytesRead: 0, meta, copies: {nums: new Float64Array(0), ids, names}, copyCount: 0};
  let fd: number;
  try {
    // Non-blocking: a FIFO put where a transcript was must not hang the read.
    fd = openSync(job.path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    result.error = (e as NodeJS.ErrnoException).code ?? String(e);
    return result;
  }
  if (!fstatSync(fd).isFile()) {
    closeSync(fd);
    result.error = 'not a regular file';
    return result;
  }
  let buf = shared ?? Buffer.allocUnsafe(CHUNK * 2);
  shared = null;
  let carry = 0; // bytes of an unfinished line at buf[0..carry)
  let pos = job.offset; // file position of the next read
  let consumed = job.offset;
  let skipping = false; // inside a line longer than MAX_LINE
  let freshSkip = false; // skipping, and nothing read since: at the end, that line is still being written
  let first = true;
  try {
    for (;;) {
      if (carry === buf.length) {
        if (buf.length >= MAX_LINE) {
          skipping = freshSkip = true;
          meta.skippedLines++;
          carry = 0;
        } else {
          const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, MAX_LINE));
          buf.copy(bigger, 0, 0, carry);
          buf = bigger;
        }
      }
      const n = readSync(fd, buf, carry, buf.length - carry, pos);
      if (n === 0) {
        // Counted once, when more of it (its newline) has arrived: not at every read until then.
        if (freshSkip) {
          skipping = false;
          meta.skippedLines--;
        }
        break;
      }
      freshSkip = false;
      result.bytesRead += n;
      let start = 0;
      if (first) {
        first = false;
        if (job.pendingNewline && buf[0] === 10) {
          start = 1;
          consumed = pos + 1;
        }
      }
      pos += n;
      const filled = carry + n;
      if (skipping) {
        const nl = buf.indexOf(10, carry);
        if (nl === -1 || nl >= filled) {
          consumed = pos;
          continue;
        }
        skipping = false;
        start = nl + 1;
        consumed = pos - (filled - start);
      }
      const lastNl = buf.lastIndexOf(10, filled - 1);
      if (lastNl < start) {
        if (start > 0) buf.copy(buf, 0, start, filled);
        carry = filled - start;
        continue;
      }
      scanBlock(buf.subarray(start, lastNl + 1), meta, collect);
      consumed = pos - (filled - lastNl - 1);
      carry = filled - lastNl - 1;
      if (carry > 0) buf.copy(buf, 0, lastNl + 1, filled);
    }
    result.pendingNewline = false;
    if (carry > 0 && !skipping && isCompleteLine(buf.subarray(0, carry))) {
      scanBlock(buf.subarray(0, carry), meta, collect);
      consumed += carry;
      result.pendingNewline = true;
    } else if (consumed === job.offset && job.pendingNewline) {
      // Nothing new after a line taken without its newline: still waiting for that newline.
      result.pendingNewline = true;
    }
  } catch (e) {
    result.error = (e as NodeJS.ErrnoException).code ?? String(e);
  } finally {
    closeSync(fd);
    // Keep the reusable buffer small once a huge line made it grow.
    if (buf.length <= CHUNK * 2) shared = buf;
  }
  result.offset = consumed;
  result.copies.nums = Float64Array.from(nums);
  result.copyCount = copies;
  return result;
}

