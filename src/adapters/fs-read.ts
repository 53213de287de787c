// Streams a transcript from a byte offset in blocks of complete lines, so a 1 GiB corpus or a
// 12 MB line never sits in memory whole. A last line without its newline is handed over only
// when it is already a complete JSON value (the writer finished it); otherwise reading stops
// before it and the next read starts there.
import {open} from 'node:fs/promises';
import {isCompleteLine} from '../core/reader/line-scan.js';

const CHUNK = 1 << 20;
/** Longer lines are skipped (and counted) without being held in memory. */
export const MAX_LINE = 64 << 20;

export interface ReadResult {
  /** New offset: just after the last consumed line. */
  offset: number;
  /** True when the last consumed line had no newline yet. */
  pendingNewline: boolean;
  bytesRead: number;
  /** Lines longer than MAX_LINE, skipped. */
  hugeLines: number;
}

// Reused across calls (files are read one after another); a concurrent call gets its own.
let shared: Buffer | null = Buffer.allocUnsafe(CHUNK * 2);

/**
 * Calls `onBlock(block, blockOffset)` for each run of complete lines read from `offset` on.
 * `skipLeadingNewline`: the previous read consumed a last line before its newline arrived.
 */
export async function readLines(
  path: string,
  offset: number,
  skipLeadingNewline: boolean,
  onBlock: (block: Buffer, blockOffset: number) => void,
  onBytes?: (n: number) => void,
): Promise<ReadResult> {
  const fh = await open(path, 'r');
  let buf = shared ?? Buffer.allocUnsafe(CHUNK * 2);
  shared = null;
  let carry = 0; // bytes of an unfinished line at buf[0..carry)
  let pos = offset; // file position of the next read
  let consumed = offset;
  let bytesRead = 0;
  let hugeLines = 0;
  let skipping = false; // inside a line longer than MAX_LINE
  let pendingNewline = false;
  let first = true;
  try {
    for (;;) {
      if (carry === buf.length) {
        if (buf.length >= MAX_LINE) {
          skipping = true;
          hugeLines++;
          carry = 0;
        } else {
          const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, MAX_LINE));
          buf.copy(bigger, 0, 0, carry);
          buf = bigger;
        }
      }
      const {bytesRead: n} = await fh.read(buf, carry, buf.length - carry, pos);
      if (n === 0) break;
      bytesRead += n;
      onBytes?.(n);
      let start = 0;
      if (first) {
        first = false;
        if (skipLeadingNewline && buf[0] === 10) {
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
      onBlock(buf.subarray(start, lastNl + 1), consumed);
      consumed = pos - (filled - lastNl - 1);
      carry = filled - lastNl - 1;
      if (carry > 0) buf.copy(buf, 0, lastNl + 1, filled);
    }
    if (carry > 0 && !skipping && isCompleteLine(buf.subarray(0, carry))) {
      onBlock(buf.subarray(0, carry), consumed);
      consumed += carry;
      pendingNewline = true;
    }
  } finally {
    await fh.close();
    // Keep the shared buffer small once a huge line made it grow.
    if (buf.length <= CHUNK * 2) shared = buf;
  }
  return {offset: consumed, pendingNewline, bytesRead, hugeLines};
}
