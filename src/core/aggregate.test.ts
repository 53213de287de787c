import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {dataset, record, session} from '../../test/helpers/usage-records.js';
import {
  dailyUsage,
  dailyUsageTotals,
  filterDataset,
  hourlyUsage,
  modelTier,
  modelUsage,
  projectDisplayNames,
  projectUsage,
  sessionSummaries,
  summaryStats,
  usageTotals,
} from './aggregate.js';
import {localDay, localHour} from './time.js';

describe('dailyUsage', () => {
  // Case B14: the same instants on different local dates per zone; DST day in Los Angeles.
  const records = [
    record({at: '2026-01-25T05:00:00Z', t: {outputTokens: 10}}),
    record({at: '2026-03-08T08:30:00Z', t: {outputTokens: 20}}), // 00:30 PST, before the switch
    record({at: '2026-03-08T12:00:00Z', t: {outputTokens: 40}}), // 05:00 PDT, after it
  ];
  it.each([
    ['America/Los_Angeles', {'2026-01-24': 10, '2026-03-08': 60}],
    ['Asia/Tokyo', {'2026-01-25': 10, '2026-03-08': 60}],
    ['UTC', {'2026-01-25': 10, '2026-03-08': 60}],
  ])('buckets by local day in %s', (tz, expected) => {
    const days = dailyUsage(records, tz);
    expect(Object.fromEntries(days.map((d) => [d.date, d.tokens.outputTokens]))).toEqual(expected);
  });

  it('sorts days ascending and models by input+output desc, sums cost of priced models only', () => {
    const days = dailyUsage(
      [
        record({at: '2026-05-02T10:00:00Z', model: 'claude-haiku-4-5', t: {inputTokens: 1_000_000}}),
        record({at: '2026-05-01T10:00:00Z', model: 'claude-haiku-4-5', t: {outputTokens: 5}}),
        record({at: '2026-05-02T11:00:00Z', model: 'claude-opus-4-6', t: {outputTokens: 2_000_000}}),
        record({at: '2026-05-02T12:00:00Z', model: 'claude-mystery-9', t: {outputTokens: 7}}),
      ],
      'UTC',
    );
    expect(days.map((d) => d.date)).toEqual(['2026-05-01', '2026-05-02']);
    const may2 = days[1]!;
    expect(may2.models.map((m) => [m.model, m.priced])).toEqual([
      ['claude-opus-4-6', true],
      ['claude-haiku-4-5', true],
      ['claude-mystery-9', false],
    ]);
    expect(may2.costUSD).toBeCloseTo(50 + 1, 9);
    expect(may2.tokens).toMatchObject({inputTokens: 1_000_000, outputTokens: 2_000_007});
  });

  it('dailyUsageTotals: the same days as dailyUsage and, to the last bit, the totals of usageTotals', () => {
    const models = ['claude-opus-4-6', 'claude-haiku-4-5', 'claude-mystery-9', '<synthetic>'];
    const records = Array.from({length: 400}, (_, i) =>
      record({at: Date.UTC(2026, 4, 1) + i * 977_000, model: models[i % 4]!, t: {inputTokens: 1 + ((i * 7919) % 5000), outputTokens: 3 + ((i * 104_729) % 9000), cacheReadTokens: i * 13}}),
    );
    const {days, totals} = dailyUsageTotals(records, 'Asia/Kolkata');
    expect(days).toEqual(dailyUsage(records, 'Asia/Kolkata'));
    expect(days.length).toBeGreaterThan(1);
    expect(totals).toEqual(usageTotals(records));
    expect(totals.unpricedModels).toEqual(['claude-mystery-9']);
  });
});

describe('local day and hour of many records', () => {
  it('match localDay/localHour record by record, across DST changes and odd offsets', () => {
    const zones = ['America/Los_Angeles', 'Europe/Paris', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'America/St_Johns', 'UTC'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.array(fc.integer({min: Date.parse('2025-01-01'), max: Date.parse('2027-12-31')}), {minLength: 1, maxLength: 50}), (tz, stamps) => {
        const recs = stamps.map((at) => record({at, t: {outputTokens: 1}}));
        const want = new Map<string, number>();
        for (const at of stamps) want.set(localDay(at, tz), (want.get(localDay(at, tz)) ?? 0) + 1);
        const got = new Map(dailyUsage(recs, tz).map((d) => [d.date, d.tokens.outputTokens]));
        expect(got).toEqual(want);
        const hours = new Array<number>(24).fill(0);
        for (const at of stamps) hours[localHour(at, tz)]!++;
        expect(hourlyUsage(recs, tz)).toEqual(hours);
      }),
      {numRuns: 200},
    );
    // A minute apart around local midnight, the night of the Paris DST switch.
    const days = dailyUsage([record({at: '2026-03-28T22:59:00Z'}), record({at: '2026-03-28T23:00:00Z'})], 'Europe/Paris');
    expect(days.map((d) => d.date)).toEqual(['2026-03-28', '2026-03-29']);
  });
});

describe('modelUsage and usageTotals', () => {
  it('never lists <synthetic>, breaks ties by model id, lists unpriced models', () => {
    const recs = [
      record({at: 1, model: 'claude-sonnet-4-6', t: {inputTokens: 5, outputTokens: 5}}),
      record({at: 2, model: 'claude-haiku-4-5', t: {outputTokens: 10}}),
      record({at: 3, model: '<synthetic>', t: {outputTokens: 99}}),
      record({at: 4, model: 'claude-zeta', t: {outputTokens: 1}}),
      record({at: 5, model: 'claude-alpha', t: {outputTokens: 1}}),
    ];
    expect(modelUsage(recs).map((m) => m.model)).toEqual(['claude-haiku-4-5', 'claude-sonnet-4-6', 'claude-alpha', 'claude-zeta']);
    const totals = usageTotals(recs);
    expect(totals.tokens.outputTokens).toBe(17);
    expect(totals.unpricedModels).toEqual(['claude-alpha', 'claude-zeta']);
    expect(totals.costUSD).toBeCloseTo(5 * 3e-6 + 5 * 15e-6 + 10 * 5e-6, 12);
  });
});

describe('projectDisplayNames', () => {
  it('uses the basename, with enough parents to tell same-named projects apart', () => {
    const names = projectDisplayNames(['/home/u/work/app', '/home/u/play/app', '/home/u/site', '/srv/x/lib', '/opt/x/lib', '/lib']);
    expect(Object.fromEntries(names)).toEqual({
      '/home/u/work/app': 'work/app',
      '/home/u/play/app': 'play/app',
      '/home/u/site': 'site',
      '/srv/x/lib': 'srv/x/lib',
      '/opt/x/lib': 'opt/x/lib',
      '/lib': 'lib',
    });
  });

  it('tolerates trailing separators, Windows paths, slugs, non-ASCII and empty values', () => {
    const names = projectDisplayNames(['/home/u/大明科技/', 'C:\\Users\\u\\Мой Проект', '-home-u-legacy-', '']);
    expect(names.get('/home/u/大明科技/')).toBe('大明科技');
    expect(names.get('/home/u/大明科技')).toBe('大明科技');
    expect(names.get('C:\\Users\\u\\Мой Проект')).toBe('Мой Проект');
    expect(names.get('-home-u-legacy-')).toBe('home-u-legacy');
    expect(names.get('')).toBe('(unknown)');
  });
});

describe('projectUsage', () => {
  it('groups by cwd (subagent records carry the session project), ranks by input+output', () => {
    const ds = dataset([
      record({at: 1, session: 's1', project: '/w/a/app', t: {outputTokens: 100}}),
      record({at: 2, session: 's1', project: '/w/a/app', sidechain: true, model: 'claude-haiku-4-5', t: {outputTokens: 500}}),
      record({at: 3, session: 's2', project: '/w/b/app/', t: {outputTokens: 300, cacheReadTokens: 9_000_000}}),
      record({at: 4, session: 's3', project: '/w/b/app', t: {outputTokens: 1}}),
    ]);
    const projects = projectUsage(ds);
    expect(projects.map((p) => [p.name, p.cwd, p.tokens.outputTokens])).toEqual([
      ['a/app', '/w/a/app', 600],
      ['b/app', '/w/b/app', 301],
    ]);
    expect(projects[0]!.costUSD).toBeCloseTo(100 * 25e-6 + 500 * 5e-6, 12);
  });
});

describe('modelTier', () => {
  it.each([
    ['claude-opus-4-6', 'opus'],
    ['CLAUDE-SONNET-4-5', 'sonnet'],
    ['claude-haiku-4-5-20251001', 'haiku'],
    ['opus-sonnet-hybrid', 'opus'],
    ['sonnet-haiku', 'sonnet'],
    ['gpt-5', 'other'],
    [null, 'other'],
  ] as const)('%s -> %s', (model, tier) => expect(modelTier(model)).toBe(tier));
});

describe('sessionSummaries', () => {
  it('derives dominant model (tie -> smaller id), tier, ultracode, models, cost; keeps token-less sessions', () => {
    const ds = dataset(
      [
        record({at: '2026-05-01T10:00:00Z', session: 'a', project: '/w/app', model: 'claude-sonnet-4-6', t: {inputTokens: 50, outputTokens: 50}}),
        record({at: '2026-05-01T10:05:00Z', session: 'a', project: '/w/app', model: 'claude-opus-4-6', t: {outputTokens: 100, cacheReadTokens: 1_000_000}}),
        record({at: '2026-05-01T10:06:00Z', session: 'a', project: '/w/app', model: 'claude-haiku-4-5', t: {outputTokens: 20}}),
        record({at: '2026-05-02T09:00:00Z', session: 'b', model: 'claude-sonnet-4-6', t: {outputTokens: 1}}),
        record({at: '2026-05-02T09:01:00Z', session: 'b', model: 'claude-haiku-4-5', t: {outputTokens: 1}}),
      ],
      [
        session({id: 'a', project: '/w/app', start: '2026-05-01T09:59:00Z', end: '2026-05-01T11:00:00Z', ultracode: true}),
        session({id: 'c', project: '/w/idle', start: '2026-05-03T08:00:00Z'}),
      ],
    );
    const byId = Object.fromEntries(sessionSummaries(ds).map((s) => [s.id, s]));
    expect(Object.keys(byId)).toEqual(['a', 'b', 'c']);
    // Session b is in /home/u/app: the shared basename is disambiguated.
    expect(byId.b!.project).toBe('u/app');
    // Equal input+output: the lexicographically smaller model dominates.
    expect(byId.b).toMatchObject({dominantModel: 'claude-haiku-4-5', tier: 'haiku'});
    expect(byId.a).toMatchObject({
      project: 'w/app',
      cwd: '/w/app',
      dominantModel: 'claude-opus-4-6',
      tier: 'opus',
      ultracode: true,
      models: ['claude-opus-4-6', 'claude-sonnet-4-6', 'claude-haiku-4-5'],
      start: Date.parse('2026-05-01T09:59:00Z'),
      end: Date.parse('2026-05-01T11:00:00Z'),
    });
    expect(byId.a!.tokens).toMatchObject({inputTokens: 50, outputTokens: 170, cacheReadTokens: 1_000_000});
    expect(byId.a!.costUSD).toBeCloseTo(50 * 3e-6 + 50 * 15e-6 + 100 * 25e-6 + 0.5 + 20 * 5e-6, 12);
    expect(byId.c).toMatchObject({dominantModel: null, tier: 'other', ultracode: false, models: [], costUSD: 0});
  });
});

describe('filterDataset', () => {
  const now = Date.parse('2026-05-10T12:00:00Z');
  const ds = dataset(
    [
      record({at: '2026-05-03T23:30:00Z', session: 'old', t: {outputTokens: 1}}), // 05-04 in Tokyo
      record({at: '2026-05-04T00:30:00Z', session: 'edge', t: {outputTokens: 2}}),
      record({at: '2026-05-10T11:00:00Z', session: 'new', t: {outputTokens: 4}}),
    ],
    [session({id: 'quiet', start: '2026-05-09T10:00:00Z'}), session({id: 'ancient', start: '2026-01-01T10:00:00Z'})],
  );
  const ids = (d: ReturnType<typeof filterDataset>) => ({
    records: d.records.map((r) => r.sessionId),
    sessions: d.sessions.map((s) => s.id).sort(),
  });

  it('all = everything', () => {
    expect(filterDataset(ds, {period: 'all', tz: 'UTC', now})).toEqual(ds);
  });
  it('7d = local today - 6 .. today; keeps sessions with records in range or starting in range', () => {
    expect(ids(filterDataset(ds, {period: '7d', tz: 'UTC', now}))).toEqual({records: ['edge', 'new'], sessions: ['edge', 'new', 'quiet']});
    expect(ids(filterDataset(ds, {period: '7d', tz: 'Asia/Tokyo', now}))).toEqual({
      records: ['old', 'edge', 'new'],
      sessions: ['edge', 'new', 'old', 'quiet'],
    });
  });
  it('never trips on a session without a usable start', () => {
    const odd = {...ds, sessions: [...ds.sessions, {id: 'blank', project: '/w/x', start: NaN, end: NaN, ultracode: false}]};
    expect(ids(filterDataset(odd, {period: '7d', tz: 'UTC', now})).sessions).not.toContain('blank');
    const all = sessionSummaries(odd);
    expect(all.at(-1)).toMatchObject({id: 'blank', start: Infinity, end: -Infinity});
    expect(summaryStats(odd, 'UTC', now).sessions).toBe(6);
  });

  it('30d reaches back 29 days', () => {
    expect(ids(filterDataset(ds, {period: '30d', tz: 'UTC', now})).sessions).toEqual(['edge', 'new', 'old', 'quiet']);
  });
  it('--since/--until are inclusive local dates and override the period', () => {
    expect(ids(filterDataset(ds, {period: '7d', since: '2026-01-01', until: '2026-05-03', tz: 'UTC', now}))).toEqual({
      records: ['old'],
      sessions: ['ancient', 'old'],
    });
    expect(ids(filterDataset(ds, {since: '2026-05-10', tz: 'UTC', now})).records).toEqual(['new']);
    expect(ids(filterDataset(ds, {until: '2026-05-04', tz: 'UTC', now})).records).toEqual(['old', 'edge']);
  });
});

describe('hourlyUsage', () => {
  it('sums input+output per local hour', () => {
    const hours = hourlyUsage([record({at: '2026-05-01T10:15:00Z', t: {inputTokens: 3, outputTokens: 4, cacheReadTokens: 100}})], 'Asia/Tokyo');
    expect(hours[19]).toBe(7);
    expect(hours.reduce((a, b) => a + b, 0)).toBe(7);
  });
});

describe('summaryStats', () => {
  const day = (d: string, h = 10) => `2026-05-${d}T${String(h).padStart(2, '0')}:00:00Z`;
  const ds = dataset(
    [
      record({at: day('01'), session: 'a', model: 'claude-haiku-4-5', t: {outputTokens: 500}}),
      record({at: day('02'), session: 'b', t: {outputTokens: 100}}),
      record({at: day('03'), session: 'c', t: {outputTokens: 100}}),
      record({at: day('05', 14), session: 'd', t: {outputTokens: 100}}),
      record({at: day('06', 14), session: 'e', t: {outputTokens: 100}}),
    ],
    [session({id: 'a', start: day('01', 9), end: day('01', 12)}), session({id: 'f', start: day('06', 14)})],
  );

  it('computes totals, favorite model, sessions, longest session, active days, streaks, peak hour', () => {
    const s = summaryStats(ds, 'UTC', Date.parse(day('06', 20)));
    expect(s).toMatchObject({
      favoriteModel: 'claude-haiku-4-5',
      sessions: 6,
      longestSessionSecs: 3 * 3600,
      activeDays: 5,
      totalDays: 6,
      currentStreak: 2,
      longestStreak: 3,
      peakHour: 14,
      unpricedModels: [],
    });
    expect(s.tokens.outputTokens).toBe(900);
    expect(s.hourCounts[14]).toBe(3);
    expect(s.costUSD).toBeCloseTo(500 * 5e-6 + 400 * 25e-6, 12);
  });

  it('current streak is 0 when today is inactive; local today decides', () => {
    expect(summaryStats(ds, 'UTC', Date.parse(day('07', 10))).currentStreak).toBe(0);
    // 2026-05-06T20:00Z is already 05-07 in Tokyo.
    expect(summaryStats(ds, 'Asia/Tokyo', Date.parse(day('06', 20))).currentStreak).toBe(0);
  });

  it('is empty-safe', () => {
    expect(summaryStats(dataset([]), 'UTC', 0)).toMatchObject({favoriteModel: null, sessions: 0, activeDays: 0, totalDays: 0, currentStreak: 0, longestStreak: 0, peakHour: null});
  });
});
