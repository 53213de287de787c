// The `rate_limits` Claude Code last piped to `aura statusline`, kept under the state dir so
// every aura process can use them without calling the rate-limited usage API.
// Light on purpose: `aura statusline` loads this on every prompt redraw.
import {join} from 'node:path';
import {stateDir} from '../core/paths.js';
import type {QuotaWindow} from '../core/quota/types.js';
import {ignoredText, parseUsage, saneCaptureTime} from '../core/quota/windows.js';
import {writeFileAtomic} from './atomic-write.js';
import {readRegularFile} from './safe-read.js';

type Env = Record<string, string | undefined>;

/** A record younger than this is used as the live reading, with no API call. */
export const STATUSLINE_FRESH_MS = 5 * 60_000;

export const statuslineRecordPath = (env: Env = process.env): string => join(stateDir(env), 'statusline.json');

/** Write `{v, capturedAt, rate_limits}` atomically (temp file + rename), so readers never see half a file. */
export function writeStatuslineRecord(rateLimits: unknown, capturedAt: number, env: Env = process.env): void {
  writeFileAtomic(statuslineRecordPath(env), JSON.stringify({v: 1, capturedAt, rate_limits: rateLimits}));
}

export interface StatuslineReading {
  capturedAt: number;
  windows: QuotaWindow[];
  /** Windows of the record left out for out-of-range values, as a note; null when none. */
  note: string | null;
}

/**
 * The recorded windows, or null when there is no usable record: missing, damaged, not a
 * regular file (a FIFO there must not hang aura), a capture time out of range, or no window
 * with usable values (each is checked again here, as when it came from the network).
 */
export function readStatuslineRecord(env: Env = process.env, now: number = Date.now()): StatuslineReading | null {
  try {
    const data = JSON.parse(readRegularFile(statuslineRecordPath(env))) as {capturedAt?: unknown; rate_limits?: unknown};
    if (!saneCaptureTime(data.capturedAt, now)) return null;
    const {windows, ignored} = parseUsage(data.rate_limits, now);
    return {capturedAt: data.capturedAt, windows, note: ignored.length ? ignoredText(ignored) : null};
  } catch {
    return null;
  }
}
