// Streams a transcript from a byte offset in blocks of complete lines, so a 1 GiB corpus or a
// 12 MB line never sits in memory whole, and scans each block. A last line without its newline
// is taken only when it is already a complete JSON value (the writer finished it); otherwise
// reading stops before it and the next read starts there. Synchronous on purpose: it runs in
// reader worker threads (./read-pool.ts), where blocking costs nothing and saves the round trips.
import {closeSync, openSync, readSync} from 'node:fs';
import type {Occurrence} from '../core/reader/parse-line.js';
import {holdsMarker, isCompleteLine, MARKER_LENGTH, scanBlock, type FileMeta} from '../core/reader/line-scan.js';

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
  /** Search the new bytes for ultracode markers too. */
  markers: boolean;
}

/** Usage copies of one file, packed so they cross a worker boundary as one copy. */
export interface PackedCopies {
  /** Per copy: timestamp, 6 token counts, sidechain flag. */
  nums: Float64Array;
  /** Per copy: message id, request id, model, line sessionId, speed ('' = none). */
  strs: string[];
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

const NUMS = 8;
const STRS = 5;

export function unpackCopies(p: PackedCopies, each: (occ: Occurrence) => void): void {
  const {nums, strs} = p;
  const n = strs.length / STRS;
  for (let i = 0; i < n; i++) {
    const o = i * NUMS;
    const k = i * STRS;
    each({
      timestamp: nums[o]!,
      tokens: {
        inputTokens: nums[o + 1]! | 0,
        outputTokens: nums[o + 2]! | 0,
        cacheCreationTokens: nums[o + 3]! | 0,
        cacheReadTokens: nums[o + 4]! | 0,
        cacheCreation5mTokens: nums[o + 5]! | 0,
        cacheCreation1hTokens: nums[o + 6]! | 0,
      },
      isSidechain: nums[o + 7] === 1,
      messageId: strs[k] || null,
      requestId: strs[k + 1] || null,
      model: strs[k + 2]!,
      sessionId: strs[k + 3] || null,
      speed: strs[k + 4] || null,
    });
  }
}

let shared: Buffer | null = null;

export function scanFile(job: ScanJob): ScanResult {
  const meta = job.meta;
  const nums: number[] = [];
  const strs: string[] = [];
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
    if (prev !== undefined && strs[prev * STRS] !== occ.messageId) prev = undefined;
    if (prev !== undefined) {
      const o = prev * NUMS;
      const earliest = Math.min(nums[o]!, occ.timestamp);
      if (total >= nums[o + 1]! + nums[o + 2]! + nums[o + 3]! + nums[o + 4]!) {
        nums.splice(o, NUMS, earliest, t.inputTokens, t.outputTokens, t.cacheCreationTokens, t.cacheReadTokens, t.cacheCreation5mTokens, t.cacheCreation1hTokens, occ.isSidechain ? 1 : 0);
        strs.splice(prev * STRS, STRS, occ.messageId!, occ.requestId!, occ.model, occ.sessionId ?? '', occ.speed ?? '');
      } else nums[o] = earliest;
      return;
    }
    if (key !== null && !byKey.has(key)) byKey.set(key, strs.length / STRS);
    nums.push(occ.timestamp, t.inputTokens, t.outputTokens, t.cacheCreationTokens, t.cacheReadTokens, t.cacheCreation5mTokens, t.cacheCreation1hTokens, occ.isSidechain ? 1 : 0);
    strs.push(occ.messageId ?? '', occ.requestId ?? '', occ.model, occ.sessionId ?? '', occ.speed ?? '');
  };
  const result: ScanResult = {file: job.file, offset: job.offset, pendingNewline: job.pendingNewline, bytesRead: 0, meta, copies: {nums: new Float64Array(0), strs}, copyCount: 0};
  let fd: number;
  try {
    fd = openSync(job.path, 'r');
  } catch (e) {
    result.error = (e as NodeJS.ErrnoException).code ?? String(e);
    return result;
  }
  let buf = shared ?? Buffer.allocUnsafe(CHUNK * 2);
  shared = null;
  let carry = 0; // bytes of an unfinished line at buf[0..carry)
  let pos = job.offset; // file position of the next read
  let consumed = job.offset;
  let skipping = false; // inside a line longer than MAX_LINE
  let first = true;
  try {
    for (;;) {
      if (carry === buf.length) {
        if (buf.length >= MAX_LINE) {
          skipping = true;
          meta.skippedLines++;
          carry = 0;
        } else {
          const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, MAX_LINE));
          buf.copy(bigger, 0, 0, carry);
          buf = bigger;
        }
      }
      const n = readSync(fd, buf, carry, buf.length - carry, pos);
      if (n === 0) break;
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
      scanBlock(buf.subarray(start, lastNl + 1), meta, collect, job.markers);
      consumed = pos - (filled - lastNl - 1);
      carry = filled - lastNl - 1;
      if (carry > 0) buf.copy(buf, 0, lastNl + 1, filled);
    }
    result.pendingNewline = false;
    if (carry > 0 && !skipping && isCompleteLine(buf.subarray(0, carry))) {
      scanBlock(buf.subarray(0, carry), meta, collect, job.markers);
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

/**
 * Whether the first `to` bytes of a file hold an ultracode marker: the search a read without
 * markers skipped, done when a view first shows them. Raw blocks, overlapping by a marker's
 * length so none is cut in two. An unreadable file gives its error code.
 */
export function searchMarkers(path: string, to: number): boolean | {error: string} {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    return {error: (e as NodeJS.ErrnoException).code ?? String(e)};
  }
  const buf = shared ?? Buffer.allocUnsafe(CHUNK * 2);
  shared = null;
  try {
    const keep = MARKER_LENGTH - 1;
    let carry = 0;
    for (let pos = 0; pos < to; ) {
      const n = readSync(fd, buf, carry, Math.min(buf.length - carry, to - pos), pos);
      if (n === 0) break;
      pos += n;
      const filled = carry + n;
      if (holdsMarker(buf.subarray(0, filled))) return true;
      carry = Math.min(keep, filled);
      buf.copy(buf, 0, filled - carry, filled);
    }
    return false;
  } catch (e) {
    return {error: (e as NodeJS.ErrnoException).code ?? String(e)};
  } finally {
    closeSync(fd);
    shared = buf;
  }
}
