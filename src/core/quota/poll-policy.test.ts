import {describe, expect, it} from 'vitest';
import {applyOutcome, backoffMs, decidePoll, emptyPollState, failureNote, MIN_BACKOFF_MS, nextPollAt, retryAfterMs, UNAUTHORIZED_NOTE} from './poll-policy.js';
import {nextCheckText} from './present.js';
import type {QuotaWindow} from './types.js';

const NOW = Date.UTC(2026, 3, 2, 12, 0, 0);
const MIN = 60_000;
const REFRESH = 180_000;
const windows: QuotaWindow[] = [{id: 'five_hour', label: 'Current session', usedPercent: 37, resetsAt: NOW + 7_200_000, lengthMinutes: 300, binding: true, usedTokens: null}];

describe('decidePoll', () => {
  it('asks at once the first time, then at most every refresh interval, whatever the last outcome', () => {
    expect(decidePoll(emptyPollState(), NOW, REFRESH)).toEqual({fetch: true});
    const ok = applyOutcome(emptyPollState(), {kind: 'ok', windows}, NOW);
    expect(decidePoll(ok, NOW + REFRESH - 1, REFRESH)).toEqual({fetch: false, why: 'fresh'});
    expect(decidePoll(ok, NOW + REFRESH, REFRESH)).toEqual({fetch: true});
    const failed = applyOutcome(ok, {kind: 'http', status: 500}, NOW + REFRESH);
    expect(decidePoll(failed, NOW + REFRESH + MIN, REFRESH)).toEqual({fetch: false, why: 'fresh'});
  });
  it('next poll: now at first, then refresh after the last attempt, or the end of a 429 block', () => {
    expect(nextPollAt(emptyPollState(), REFRESH)).toBeNull();
    const ok = applyOutcome(emptyPollState(), {kind: 'ok', windows}, NOW);
    expect(nextPollAt(ok, REFRESH)).toBe(NOW + REFRESH);
    const limited = applyOutcome(ok, {kind: 'rate_limited', retryAfter: null}, NOW + MIN);
    expect(nextPollAt(limited, REFRESH)).toBe(NOW + MIN + MIN_BACKOFF_MS);
    // decidePoll agrees: not a moment before, and at that moment.
    for (const s of [ok, limited]) {
      const at = nextPollAt(s, REFRESH)!;
      expect(decidePoll(s, at - 1, REFRESH).fetch).toBe(false);
      expect(decidePoll(s, at, REFRESH).fetch).toBe(true);
    }
    const snap = {windows, source: 'api' as const, fetchedAt: NOW, stale: false, note: null, subscriptionType: null};
    expect(nextCheckText({...snap, nextPollAt: NOW + REFRESH}, NOW + MIN)).toBe('next check in 2m');
    expect(nextCheckText({...snap, nextPollAt: null}, NOW)).toBe('next check now');
    expect(nextCheckText(snap, NOW)).toBeNull();
  });
  it('a clock that went backwards does not freeze polling', () => {
    const ok = applyOutcome(emptyPollState(), {kind: 'ok', windows}, NOW);
    expect(decidePoll(ok, NOW - 3_600_000, REFRESH)).toEqual({fetch: true});
  });
});

describe('429 back-off', () => {
  it('Retry-After: missing, 0 and garbage mean "not now", so the 5-minute floor applies', () => {
    expect(retryAfterMs(null, NOW)).toBe(0);
    expect(retryAfterMs('0', NOW)).toBe(0);
    expect(retryAfterMs('soon', NOW)).toBe(0);
    expect(retryAfterMs('272', NOW)).toBe(272_000);
    expect(retryAfterMs(new Date(NOW + 900_000).toUTCString(), NOW)).toBe(900_000);
    const s = applyOutcome(emptyPollState(), {kind: 'rate_limited', retryAfter: '0'}, NOW);
    expect(s.blockedUntil).toBe(NOW + MIN_BACKOFF_MS);
  });
  it('blocks for max(Retry-After, the floor), doubling on repeats up to an hour; a success clears it', () => {
    expect(backoffMs(1, 0)).toBe(5 * MIN);
    expect(backoffMs(2, 0)).toBe(10 * MIN);
    expect(backoffMs(3, 0)).toBe(20 * MIN);
    expect(backoffMs(9, 0)).toBe(60 * MIN);
    expect(backoffMs(1, 30 * MIN)).toBe(30 * MIN);
    const first = applyOutcome(applyOutcome(emptyPollState(), {kind: 'ok', windows}, NOW - 10 * MIN), {kind: 'rate_limited', retryAfter: '1200'}, NOW);
    expect(first.blockedUntil).toBe(NOW + 20 * MIN);
    expect(first.lastGood?.windows).toEqual(windows);
    expect(decidePoll(first, NOW + 19 * MIN, REFRESH)).toEqual({fetch: false, why: 'blocked'});
    expect(decidePoll(first, NOW + 20 * MIN, REFRESH)).toEqual({fetch: true});
    const second = applyOutcome(first, {kind: 'rate_limited', retryAfter: null}, NOW + 20 * MIN);
    expect(second.consecutive429).toBe(2);
    expect(second.blockedUntil).toBe(NOW + 30 * MIN);
    const cleared = applyOutcome(second, {kind: 'ok', windows}, NOW + 31 * MIN);
    expect(cleared).toMatchObject({blockedUntil: null, consecutive429: 0, lastError: null});
  });
});

describe('failures keep the last good reading and say one line', () => {
  it('notes per outcome', () => {
    const good = applyOutcome(emptyPollState(), {kind: 'ok', windows}, NOW);
    for (const o of [{kind: 'unauthorized'}, {kind: 'http', status: 503}, {kind: 'timeout', afterMs: 10_000}, {kind: 'network', message: 'ECONNREFUSED'}, {kind: 'malformed', message: 'not JSON: <html>'}] as const) {
      const s = applyOutcome(good, o, NOW + REFRESH);
      expect(s.lastGood).toEqual({windows, fetchedAt: NOW});
      expect(s.lastError).toBe(failureNote(o));
      expect(s.blockedUntil).toBeNull();
    }
    expect(failureNote({kind: 'unauthorized'})).toBe(UNAUTHORIZED_NOTE);
    expect(UNAUTHORIZED_NOTE).toContain('expired / sign in again');
    expect(failureNote({kind: 'http', status: 503})).toBe('usage API error: HTTP 503');
    expect(failureNote({kind: 'timeout', afterMs: 10_000})).toBe('usage API timed out after 10s');
    expect(failureNote({kind: 'malformed', message: 'x'.repeat(500)}).length).toBeLessThanOrEqual(160);
  });
});
