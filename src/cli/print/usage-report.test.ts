import {describe, expect, it} from 'vitest';
import {dataset, record, session} from '../../../test/helpers/usage-records.js';
import {buildReport, renderReportText, type DailyReport, type InsightsReport, type SessionsReport} from './usage-report.js';

const ds = dataset(
  [
    record({at: '2026-05-01T22:30:00Z', session: 'a', project: '/w/app', model: 'claude-opus-4-6', t: {inputTokens: 1000, outputTokens: 2000, cacheReadTokens: 1_000_000}}),
    record({at: '2026-05-02T08:00:00Z', session: 'a', project: '/w/app', model: 'claude-haiku-4-5', t: {outputTokens: 500, cacheCreationTokens: 1_000_000}}),
    record({at: '2026-05-02T09:00:00Z', session: 'b', project: '/w/site', model: 'claude-mystery-9', t: {inputTokens: 10, outputTokens: 20}}),
  ],
  [session({id: 'a', project: '/w/app', start: '2026-05-01T22:00:00Z', end: '2026-05-02T08:10:00Z', ultracode: true}), session({id: 'quiet', project: '/w/site', start: '2026-05-02T10:00:00Z'})],
);
const ctx = {tz: 'Europe/Paris', topN: 5};

describe('buildReport', () => {
  it('daily: local days, per-model rows, totals with unpriced models, diagnostics', () => {
    const r = buildReport('daily', ds, ctx) as DailyReport;
    expect(r.timezone).toBe('Europe/Paris');
    expect(r.days.map((d) => d.date)).toEqual(['2026-05-02']); // 22:30Z is already May 2 in Paris
    expect(Object.keys(r.days[0]!)).toEqual(['date', 'inputTokens', 'outputTokens', 'cacheCreationTokens', 'cacheReadTokens', 'costUSD', 'models']);
    expect(r.days[0]!.models.map((m) => m.model)).toEqual(['claude-opus-4-6', 'claude-haiku-4-5', 'claude-mystery-9']);
    expect(Object.keys(r.days[0]!.models[0]!)).toEqual(['model', 'inputTokens', 'outputTokens', 'cacheCreationTokens', 'cacheReadTokens', 'costUSD']);
    expect(r.totals).toEqual({
      inputTokens: 1010,
      outputTokens: 2520,
      cacheCreationTokens: 1_000_000,
      cacheReadTokens: 1_000_000,
      costUSD: expect.closeTo(0.005 + 0.05 + 0.5 + 0.0025 + 1.25, 9),
      unpricedModels: ['claude-mystery-9'],
    });
    expect(r.diagnostics).toEqual({roots: [], files: 0, skippedLines: 0, duplicatesDropped: 0, notices: []});
  });

  it('sessions: ISO start/end, dominant model, tier, ultracode; token-less sessions listed', () => {
    const r = buildReport('sessions', ds, ctx) as SessionsReport;
    expect(r.sessions.map((s) => s.id)).toEqual(['a', 'b', 'quiet']);
    expect(r.sessions[0]).toMatchObject({
      project: 'app',
      cwd: '/w/app',
      start: '2026-05-01T22:00:00.000Z',
      end: '2026-05-02T08:10:00.000Z',
      outputTokens: 2500,
      dominantModel: 'claude-opus-4-6',
      tier: 'opus',
      ultracode: true,
    });
    expect(r.sessions[2]).toMatchObject({outputTokens: 0, dominantModel: null, tier: 'other', costUSD: 0});
  });

  it('models and projects carry token fields, cost and totals', () => {
    expect(buildReport('models', ds, ctx)).toMatchObject({models: [{model: 'claude-opus-4-6'}, {model: 'claude-haiku-4-5'}, {model: 'claude-mystery-9', costUSD: 0}], totals: {unpricedModels: ['claude-mystery-9']}});
    expect(buildReport('projects', ds, ctx)).toMatchObject({projects: [{name: 'app', cwd: '/w/app', outputTokens: 2500}, {name: 'site', cwd: '/w/site', outputTokens: 20}]});
  });

  it('insights: the documented shape, tokens = input + output, hit ratio as a fraction', () => {
    const r = buildReport('insights', ds, ctx) as InsightsReport;
    expect(r.topProjects).toEqual([
      {name: 'app', cwd: '/w/app', tokens: 3500},
      {name: 'site', cwd: '/w/site', tokens: 30},
    ]);
    expect(r.topSessions).toEqual([
      {id: 'a', project: 'app', tokens: 3500, tier: 'opus', ultracode: true},
      {id: 'b', project: 'site', tokens: 30, tier: 'other', ultracode: false},
    ]);
    expect(r.ultracode).toEqual({ultracode: {count: 1, avgTokens: 3500}, normal: {count: 2, avgTokens: 15}, multiplier: 3500 / 15});
    expect(r.cache).toEqual({hitRatio: 0.5, readTokens: 1_000_000, writeTokens: 1_000_000, savedUSD: expect.closeTo(4.5, 9), unpricedModels: []});
  });
});

describe('renderReportText', () => {
  it('daily: an aligned table with a TOTAL row and the unpriced note', async () => {
    const text = await renderReportText('daily', buildReport('daily', ds, ctx), ctx);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^DATE\s+INPUT\s+OUTPUT\s+CACHE WRITE\s+CACHE READ\s+COST\s+MODELS$/);
    expect(lines[1]).toMatch(/^2026-05-02\s+1,010\s+2,520\s+1,000,000\s+1,000,000\s+\$1\.81\s+opus-4-6, haiku-4-5, mystery-9$/);
    expect(lines[3]).toMatch(/^TOTAL\s+1,010\s+2,520\s+1,000,000\s+1,000,000\s+\$1\.81$/);
    expect(lines[4]).toBe('cost excludes unpriced models (a lower bound): claude-mystery-9');
    // Right-aligned number columns end at the same cell.
    expect(lines[1]!.indexOf('$1.81')).toBe(lines[3]!.indexOf('$1.81'));
  });

  it('sessions: local start time in the report zone', async () => {
    const text = await renderReportText('sessions', buildReport('sessions', ds, ctx), ctx);
    expect(text).toMatch(/^2026-05-02 00:00\s+a\s+app\s/m);
  });

  it('insights: the four sections, multiplier line and footnote', async () => {
    const text = await renderReportText('insights', buildReport('insights', ds, ctx), ctx);
    expect(text).toContain('TOP PROJECTS\nPROJECT');
    expect(text).toContain('ultracode  1 session · avg 3.5K');
    expect(text).toContain('normal     2 sessions · avg 15');
    expect(text).toContain('ultracode sessions are 233.3× heavier on average');
    expect(text).toContain('50 % of context served from cache');
    expect(text).toContain('≈ $4.50 saved vs uncached input');
    expect(text.trimEnd().endsWith('ⓘ ultracode is inferred from session content')).toBe(true);
  });

  it('insights: lighter ultracode sessions say "lighter"; a tiny non-zero share is "<1%"', async () => {
    const doc: InsightsReport = {
      topProjects: [
        {name: 'big', cwd: '/w/big', tokens: 100_000},
        {name: 'tiny', cwd: '/w/tiny', tokens: 400},
      ],
      topSessions: [],
      ultracode: {ultracode: {count: 1, avgTokens: 200}, normal: {count: 1, avgTokens: 1000}, multiplier: 0.2},
      cache: {hitRatio: null, readTokens: 0, writeTokens: 0, savedUSD: 0, unpricedModels: []},
    };
    const text = await renderReportText('insights', doc, ctx);
    expect(text).toContain('ultracode sessions are 5.0× lighter on average');
    expect(text).not.toContain('heavier');
    expect(text).toMatch(/^big\s+100,000\s+100%\s+\/w\/big$/m);
    expect(text).toMatch(/^tiny\s+400\s+<1%\s+\/w\/tiny$/m);
  });

  it('empty period: one clear line per report, empty states in insights', async () => {
    const empty = dataset([]);
    for (const kind of ['daily', 'models', 'projects'] as const) expect(await renderReportText(kind, buildReport(kind, empty, ctx), ctx)).toBe('No usage in this period.\n');
    expect(await renderReportText('sessions', buildReport('sessions', empty, ctx), ctx)).toBe('No sessions in this period.\n');
    const text = await renderReportText('insights', buildReport('insights', empty, ctx), ctx);
    expect(text).toContain('No project activity in this period.');
    expect(text).toContain('No cache activity yet.');
    expect(text.match(/No sessions in this period\./g)).toHaveLength(2);
  });
});
