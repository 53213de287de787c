// When to call the usage API and what to remember afterwards: pure functions over a clock,
// so the back-off rules are tested without waiting. The endpoint is aggressively rate
// limited and a retry storm keeps the block going, so aura errs on the side of not asking.
import {cleanText} from '../text.js';
import type {QuotaWindow} from './types.js';
import {saneCaptureTime, saneWindow} from './windows.js';
import {safeExcerpt} from './untrusted.js';

/** What the shared cache file keeps for one account. */
export interface PollState {
  /** `note`: what the reply had that aura left out (windows with out-of-range values). */
  lastGood: {windows: QuotaWindow[]; fetchedAt: number; note?: string} | null;
  lastAttemptAt: number | null;
  /** One-line reason the last attempt failed; null after a success. */
  lastError: string | null;
  /** No request before this instant (after a 429). */
  blockedUntil: number | null;
  consecutive429: number;
}

export const emptyPollState = (): PollState => ({lastGood: null, lastAttemptAt: null, lastError: null, blockedUntil: null, consecutive429: 0});

export type PollOutcome =
  | {kind: 'ok'; windows: QuotaWindow[]; note?: string}
  | {kind: 'unauthorized'}
  | {kind: 'rate_limited'; retryAfter: string | null}
  | {kind: 'http'; status: number}
  | {kind: 'timeout'; afterMs: number}
  | {kind: 'network'; message: string}
  | {kind: 'malformed'; message: string};

/** The least a 429 blocks for, whatever Retry-After says (0 and missing mean "not now"). */
export const MIN_BACKOFF_MS = 5 * 60_000;
/** Repeated 429s double the block up to this. */
export const MAX_BACKOFF_MS = 60 * 60_000;
/**
 * The longest Retry-After aura honours (24 h): a header of 1e20 seconds or a date in 2099 would
 * otherwise stop the quota display for good. Past this, the server is wrong, not cautious.
 */
export const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

export type PollDecision = {fetch: true} | {fetch: false; why: 'blocked' | 'fresh'};

/** Fetch only when not blocked and the last attempt (good or bad) is at least `refreshMs` old. */
export function decidePoll(state: PollState, now: number, refreshMs: number): PollDecision {
  if (state.blockedUntil !== null && now < state.blockedUntil) return {fetch: false, why: 'blocked'};
  if (state.lastAttemptAt !== null && now - state.lastAttemptAt < refreshMs && now >= state.lastAttemptAt) return {fetch: false, why: 'fresh'};
  return {fetch: true};
}

/** When decidePoll next allows a request (null: now): after the block and `refreshMs` after the last attempt. */
export function nextPollAt(state: PollState, refreshMs: number): number | null {
  const t = Math.max(state.lastAttemptAt === null ? -Infinity : state.lastAttemptAt + refreshMs, state.blockedUntil ?? -Infinity);
  return Number.isFinite(t) ? t : null;
}

/** Retry-After as milliseconds from now: delta-seconds or an HTTP date; 0 when missing, 0 or unreadable; at most MAX_RETRY_AFTER_MS. */
export function retryAfterMs(header: string | null, now: number): number {
  if (header === null) return 0;
  const v = header.trim();
  const ms = /^\d+$/.test(v) ? Number(v) * 1000 : Date.parse(v) - now;
  return Number.isFinite(ms) ? Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms)) : 0;
}

/** Block length after the n-th 429 in a row: 5 min, 10, 20, 40, 60 … and never under Retry-After. */
export function backoffMs(consecutive429: number, retryAfter: number): number {
  const exp = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** Math.max(0, consecutive429 - 1));
  return Math.max(retryAfter, exp);
}

/** Notes are one line of at most this many characters, cleaned and with credentials redacted. */
const NOTE_MAX = 160;
export const safeNote = (s: string): string => safeExcerpt(s, NOTE_MAX);

export const UNAUTHORIZED_NOTE = 'usage API answered 401: token expired / sign in again (run claude)';

/** The one-line note for a failed attempt. */
export function failureNote(o: Exclude<PollOutcome, {kind: 'ok'}>): string {
  switch (o.kind) {
    case 'unauthorized':
      return UNAUTHORIZED_NOTE;
    case 'rate_limited':
      return 'usage API rate limit (429)';
    case 'http':
      return `usage API error: HTTP ${o.status}`;
    case 'timeout':
      return `usage API timed out after ${Number((o.afterMs / 1000).toFixed(1))}s`;
    case 'network':
      return safeNote(`usage API unreachable: ${o.message}`);
    case 'malformed':
      return safeNote(`usage API sent an unexpected response: ${o.message}`);
  }
}

/** The state after an attempt made at `now`. A failure never forgets the last good reading. */
export function applyOutcome(state: PollState, o: PollOutcome, now: number): PollState {
  if (o.kind === 'ok') return {lastGood: {windows: o.windows, fetchedAt: now, ...(o.note ? {note: o.note} : {})}, lastAttemptAt: now, lastError: null, blockedUntil: null, consecutive429: 0};
  const next: PollState = {...state, lastAttemptAt: now, lastError: failureNote(o)};
  if (o.kind === 'rate_limited') {
    next.consecutive429 = state.consecutive429 + 1;
    next.blockedUntil = now + backoffMs(next.consecutive429, retryAfterMs(o.retryAfter, now));
  } else {
    next.blockedUntil = null;
  }
  return next;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const optionalInstant = (v: unknown, now: number): v is number | null => v === null || saneCaptureTime(v, now);

/**
 * A PollState read back from the shared cache file, or null when any value in it is unusable
 * (the file is another program's to damage): such an entry is ignored, as if never written.
 * A block is cut to the Retry-After cap, and the note is cleaned again.
 */
export function restorePollState(raw: unknown, now: number): PollState | null {
  if (!isObj(raw)) return null;
  const {lastGood, lastAttemptAt, lastError, blockedUntil, consecutive429} = raw;
  if (!optionalInstant(lastAttemptAt, now)) return null;
  if (lastError !== null && typeof lastError !== 'string') return null;
  if (blockedUntil !== null && (typeof blockedUntil !== 'number' || !Number.isFinite(blockedUntil))) return null;
  if (typeof consecutive429 !== 'number' || !Number.isSafeInteger(consecutive429) || consecutive429 < 0) return null;
  let good: PollState['lastGood'] = null;
  if (lastGood !== null) {
    if (!isObj(lastGood) || !saneCaptureTime(lastGood.fetchedAt, now) || !Array.isArray(lastGood.windows)) return null;
    const windows = lastGood.windows as QuotaWindow[];
    if (!windows.every((w) => isObj(w) && saneWindow(w, now))) return null;
    const note = typeof lastGood.note === 'string' ? {note: safeNote(lastGood.note)} : {};
    good = {windows: windows.map((w) => ({...w, label: cleanText(w.label)})), fetchedAt: lastGood.fetchedAt, ...note};
  }
  return {
    lastGood: good,
    lastAttemptAt,
    lastError: lastError === null ? null : safeNote(lastError),
    blockedUntil: blockedUntil === null ? null : Math.min(blockedUntil, now + MAX_RETRY_AFTER_MS),
    consecutive429,
  };
}
