// When to call the usage API and what to remember afterwards: pure functions over a clock,
// so the back-off rules are tested without waiting. The endpoint is aggressively rate
// limited and a retry storm keeps the block going, so aura errs on the side of not asking.
import type {QuotaWindow} from './types.js';

/** What the shared cache file keeps for one account. */
export interface PollState {
  lastGood: {windows: QuotaWindow[]; fetchedAt: number} | null;
  lastAttemptAt: number | null;
  /** One-line reason the last attempt failed; null after a success. */
  lastError: string | null;
  /** No request before this instant (after a 429). */
  blockedUntil: number | null;
  consecutive429: number;
}

export const emptyPollState = (): PollState => ({lastGood: null, lastAttemptAt: null, lastError: null, blockedUntil: null, consecutive429: 0});

export type PollOutcome =
  | {kind: 'ok'; windows: QuotaWindow[]}
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

/** Retry-After as milliseconds from now: delta-seconds or an HTTP date; 0 when missing, 0 or unreadable. */
export function retryAfterMs(header: string | null, now: number): number {
  if (header === null) return 0;
  const v = header.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? 0 : Math.max(0, at - now);
}

/** Block length after the n-th 429 in a row: 5 min, 10, 20, 40, 60 … and never under Retry-After. */
export function backoffMs(consecutive429: number, retryAfter: number): number {
  const exp = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** Math.max(0, consecutive429 - 1));
  return Math.max(retryAfter, exp);
}

const oneLine = (s: string, max = 160): string => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

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
      return oneLine(`usage API unreachable: ${o.message}`);
    case 'malformed':
      return oneLine(`usage API sent an unexpected response: ${o.message}`);
  }
}

/** The state after an attempt made at `now`. A failure never forgets the last good reading. */
export function applyOutcome(state: PollState, o: PollOutcome, now: number): PollState {
  if (o.kind === 'ok') return {lastGood: {windows: o.windows, fetchedAt: now}, lastAttemptAt: now, lastError: null, blockedUntil: null, consecutive429: 0};
  const next: PollState = {...state, lastAttemptAt: now, lastError: failureNote(o)};
  if (o.kind === 'rate_limited') {
    next.consecutive429 = state.consecutive429 + 1;
    next.blockedUntil = now + backoffMs(next.consecutive429, retryAfterMs(o.retryAfter, now));
  } else {
    next.blockedUntil = null;
  }
  return next;
}
