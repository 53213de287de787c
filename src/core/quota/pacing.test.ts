import {describe, expect, it} from 'vitest';
import type {UsageRecord} from '../types.js';
import {record} from '../../../test/helpers/usage-records.js';
import {
  capsOf,
  computePacing,
  estimateCaps,
  learnPattern,
  NEEDS_LIVE,
  sessionBudget,
  trimmedMean,
  WARMING_CAPS,
  WARMING_HISTORY,
  WINDOW_MS,
  windowIndex,
  type Caps,
  type PacingPattern,
} from './pacing.js';
import type {QuotaSnapshot, QuotaWindow} from './types.js';

const NOW = Date.UTC(2026, 3, 2, 12, 0, 0); // Thursday 2026-04-02 12:00 UTC
const H = 3_600_000;
const D = 24 * H;

const rec = (at: number, inputTokens: number, outputTokens = 0): UsageRecord => record({at, t: {inputTokens, outputTokens}});

const w = (id: 'five_hour' | 'seven_day', usedPercent: number | null, resetsAt: number | null): QuotaWindow => ({
  id,
  label: id === 'five_hour' ? 'Current session' : 'Current week (all models)',
  usedPercent,
  resetsAt,
  lengthMinutes: id === 'five_hour' ? 300 : 10080,
  binding: false,
  usedTokens: null,
});

const snap = (windows: QuotaWindow[], over: Partial<QuotaSnapshot> = {}): QuotaSnapshot => ({
  windows,
  source: 'api',
  fetchedAt: NOW,
  stale: false,
  note: null,
  subscriptionType: 'max',
  ...over,
});

// The worked example: weekly cap 1M, 50 % used, 2 windows/day, weekly reset in 48 h, none used today, session cap 200k.
const example = snap([w('five_hour', 30, NOW + 4 * H), w('seven_day', 50, NOW + 48 * H)]);
const caps: Caps = {weeklyCapTokens: 1_000_000, sessionCapTokens: 200_000};
const pattern: PacingPattern = {activeWindowsPerDay: 2, windowsUsedToday: 0, activeWindowCount: 8, perDay: []};

describe('sessionBudget', () => {
  it('the worked example recommends 62.5 %', () => {
    const b = sessionBudget(example, caps, pattern, NOW);
    expect(b.windowsLeft).toBe(4);
    expect(b.recommendedPercent).toBeCloseTo(62.5, 10);
    expect(b.headroomPercent).toBeCloseTo(32.5, 10);
    expect(b.weeklyRemainingPercent).toBe(50);
    expect(b.status).toBe('ok');
    expect(b.note).toBe('~4 active 5h-windows left this week · 50% weekly left');
  });

  it('Watch at 10 points of headroom or less, Over when the session is past the recommendation', () => {
    expect(sessionBudget(snap([w('five_hour', 52.5, NOW + H), w('seven_day', 50, NOW + 48 * H)]), caps, pattern, NOW).status).toBe('watch');
    expect(sessionBudget(snap([w('five_hour', 52.4, NOW + H), w('seven_day', 50, NOW + 48 * H)]), caps, pattern, NOW).status).toBe('ok');
    expect(sessionBudget(snap([w('five_hour', 70, NOW + H), w('seven_day', 50, NOW + 48 * H)]), caps, pattern, NOW).status).toBe('over');
  });

  it('windows left never drops under 0.5 (and the recommendation is clamped to 100 %)', () => {
    const late = snap([w('five_hour', 5, NOW + H), w('seven_day', 90, NOW + H)]);
    const b = sessionBudget(late, caps, {...pattern, windowsUsedToday: 3}, NOW);
    expect(b.windowsLeft).toBe(0.5);
    expect(b.recommendedPercent).toBe(100); // 100k / 0.5 = 200k = the whole session cap
    const past = sessionBudget(snap([w('five_hour', 5, NOW + H), w('seven_day', 99, NOW - H)]), caps, pattern, NOW);
    expect(past.windowsLeft).toBe(0.5);
    expect(past.recommendedPercent).toBeCloseTo(10, 10); // 10k / 0.5 / 200k
  });

  it('subtracts the windows already used today', () => {
    const b = sessionBudget(example, caps, {...pattern, windowsUsedToday: 2}, NOW);
    expect(b.windowsLeft).toBe(2);
    expect(b.recommendedPercent).toBe(100); // 250k budget > 200k cap
  });

  it('guards, in order, each with its message', () => {
    const one = (s: QuotaSnapshot, c: Caps | null = caps, p: PacingPattern | null = pattern) => {
      const b = sessionBudget(s, c, p, NOW);
      expect(b.status).toBe('insufficient');
      expect(b.recommendedPercent).toBeNull();
      return b.note;
    };
    expect(one(snap(example.windows, {source: 'estimate'}))).toBe(NEEDS_LIVE);
    expect(one(snap(example.windows, {source: 'unavailable'}), null, null)).toBe(NEEDS_LIVE);
    expect(one(snap(example.windows, {stale: true, fetchedAt: NOW - 16 * 60_000}))).toBe(NEEDS_LIVE);
    expect(one(example, caps, null)).toBe(WARMING_HISTORY);
    expect(one(snap([example.windows[0]!]))).toBe(NEEDS_LIVE);
    expect(one(snap([example.windows[1]!]))).toBe(NEEDS_LIVE);
    expect(one(example, null)).toBe(WARMING_CAPS);
    expect(one(example, caps, {...pattern, activeWindowCount: 2})).toBe(WARMING_HISTORY);
    expect(one(example, caps, {...pattern, activeWindowsPerDay: 0})).toBe(WARMING_HISTORY);
    expect(one(snap([w('five_hour', 30, NOW + H), w('seven_day', 50, null)]))).toBe(NEEDS_LIVE);
    // A statusline reading is live; a stale API reading still paces while young.
    expect(sessionBudget(snap(example.windows, {source: 'statusline'}), caps, pattern, NOW).status).toBe('ok');
    expect(sessionBudget(snap(example.windows, {stale: true, fetchedAt: NOW - 10 * 60_000}), caps, pattern, NOW).status).toBe('ok');
  });
});

describe('trimmedMean', () => {
  it('plain mean when 10 % of the list is under one value, trimmed otherwise', () => {
    expect(trimmedMean([])).toBe(0);
    expect(trimmedMean([1, 2, 6])).toBe(3);
    expect(trimmedMean([5, 1, 1, 2, 2, 2, 3, 3, 3, 30])).toBe(2.625); // drops one 1 and the 30
    expect(trimmedMean([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 100])).toBe(1); // cut 2 each side
  });
});

describe('learnPattern', () => {
  const settings = {historyDays: 14, minTokens: 50_000};

  it('buckets on the live reset grid (Euclidean floor), so a reset splits tokens between windows', () => {
    const anchor = NOW + H;
    expect(windowIndex(anchor, anchor)).toBe(0);
    expect(windowIndex(anchor - 1, anchor)).toBe(-1);
    expect(windowIndex(anchor - WINDOW_MS, anchor)).toBe(-1);
    expect(windowIndex(anchor - WINDOW_MS - 1, anchor)).toBe(-2);
    // 30k on each side of the reset at anchor - 5h: two inactive windows, not one active one.
    const reset = anchor - WINDOW_MS;
    const split = learnPattern([rec(reset - 10 * 60_000, 30_000), rec(reset + 10 * 60_000, 30_000)], NOW, anchor, 'UTC', settings);
    expect(split.activeWindowCount).toBe(0);
    const same = learnPattern([rec(reset + 10 * 60_000, 30_000), rec(reset + 4 * H, 30_000)], NOW, anchor, 'UTC', settings);
    expect(same.activeWindowCount).toBe(1);
  });

  it('counts active windows per local day, today separately, within the history only', () => {
    // The grid through 16:00 UTC Apr 2 runs back 11:00, 06:00, 01:00, then Apr 1 20:00, 15:00, 10:00, 05:00, 00:00, …
    const anchor = NOW + 4 * H;
    const records = [
      rec(Date.UTC(2026, 3, 1, 2), 60_000), // Apr 1, 00:00–05:00
      rec(Date.UTC(2026, 3, 1, 7), 60_000), // Apr 1, 05:00–10:00
      rec(Date.UTC(2026, 3, 1, 12), 60_000), // Apr 1, 10:00–15:00
      rec(Date.UTC(2026, 2, 31, 6), 25_000),
      rec(Date.UTC(2026, 2, 31, 7), 25_000), // same window as the line above: 50k, active
      rec(Date.UTC(2026, 3, 2, 7), 70_000), // today, 06:00–11:00
      rec(Date.UTC(2026, 3, 2, 11, 30), 10_000), // today, inactive
      rec(NOW - 15 * D, 500_000), // outside 14 days
      rec(NOW + H, 500_000), // in the future
    ];
    const p = learnPattern(records, NOW, anchor, 'UTC', settings);
    expect(p.perDay).toEqual([
      {date: '2026-03-31', windows: 1},
      {date: '2026-04-01', windows: 3},
      {date: '2026-04-02', windows: 1},
    ]);
    expect(p.activeWindowCount).toBe(5);
    expect(p.windowsUsedToday).toBe(1);
    expect(p.activeWindowsPerDay).toBeCloseTo(5 / 3, 10);
    // In Tokyo (+09:00) the Apr 1 12:00 UTC record is on Apr 1 21:00 and today's on Apr 2 16:00: same days.
    const tokyo = learnPattern(records, NOW, anchor, 'Asia/Tokyo', settings);
    expect(tokyo.windowsUsedToday).toBe(1);
    expect(tokyo.perDay.map((d) => d.date)).toEqual(['2026-03-31', '2026-04-01', '2026-04-02']);
  });
});

describe('caps and the whole pipeline over records', () => {
  // Records that reproduce the worked example end to end (UTC):
  //  - this 5-hour window (10 % used, started an hour ago): 20k tokens → session cap 200k;
  //  - this week (50 % used, reset in 48 h, started 5 days ago): 500k tokens → weekly cap 1M;
  //  - two 80k windows on each of 4 past days → 2 active windows a day, none today.
  const day = (daysAgo: number, hour: number) => Date.UTC(2026, 3, 2 - daysAgo, hour);
  const records = [
    ...[2, 3, 4, 10].flatMap((d) => [rec(day(d, 2), 60_000, 20_000), rec(day(d, 10), 80_000)]),
    rec(NOW - 40 * 60_000, 15_000),
    rec(NOW - 10 * 60_000, 4_000, 1_000),
  ].sort((a, b) => a.timestamp - b.timestamp);
  const live = snap([w('five_hour', 10, NOW + 4 * H), w('seven_day', 50, NOW + 48 * H)]);

  it('inverts local tokens against the used share', () => {
    expect(capsOf(estimateCaps(live, records, NOW))).toEqual({sessionCapTokens: 200_000, weeklyCapTokens: 1_000_000});
  });

  it('refuses caps under 3 % used, with no local tokens, or without a reset', () => {
    const session = (s: QuotaSnapshot, r: UsageRecord[] = records) => estimateCaps(s, r, NOW).session;
    expect(session(snap([w('five_hour', 2.9, NOW + H), w('seven_day', 50, NOW + D)]))).toEqual({ok: false, reason: WARMING_CAPS});
    expect(session(snap([w('five_hour', 10, NOW + H), w('seven_day', 50, NOW + D)]), [])).toEqual({ok: false, reason: WARMING_CAPS});
    expect(session(snap([w('five_hour', 10, null), w('seven_day', 50, NOW + D)]))).toEqual({ok: false, reason: NEEDS_LIVE});
    expect(session(snap([w('seven_day', 50, NOW + D)]))).toEqual({ok: false, reason: NEEDS_LIVE});
    expect(capsOf(estimateCaps(snap([w('five_hour', 10, NOW + 4 * H), w('seven_day', 2, NOW + D)]), records, NOW))).toBeNull();
  });

  it('counts tokens only up to the moment of the reading', () => {
    const older = snap(live.windows, {fetchedAt: NOW - 30 * 60_000});
    expect(capsOf(estimateCaps(older, records, NOW))?.sessionCapTokens).toBe(150_000); // the 5k logged after the reading is left out
  });

  it('computePacing reproduces the worked example (62.5 %) and the calibration line figures', () => {
    const p = computePacing(live, records, NOW, 'UTC', {historyDays: 14, minTokens: 50_000});
    expect(p.pattern).toMatchObject({activeWindowsPerDay: 2, windowsUsedToday: 0, activeWindowCount: 8});
    expect(p.budget.recommendedPercent).toBeCloseTo(62.5, 10);
    expect(p.budget.windowsLeft).toBe(4);
    expect(p.calibration).toEqual({fiveHour: 2000, week: 10_000, reason: null});
  });

  it('without records: warming up, with the reason on the calibration line', () => {
    const p = computePacing(live, null, NOW, 'UTC', {historyDays: 14, minTokens: 50_000});
    expect(p.budget.note).toBe(WARMING_HISTORY);
    expect(p.calibration).toEqual({fiveHour: null, week: null, reason: WARMING_CAPS});
  });
});
