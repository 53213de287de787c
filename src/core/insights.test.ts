import {describe, expect, it} from 'vitest';
import {dataset, record, session} from '../../test/helpers/usage-records.js';
import type {SessionSummary} from './aggregate.js';
import {INSIGHTS_CAP, cacheEfficiency, computeInsights, rankProjects, rankSessions, roiSentence, rowLimit, sharePercent, ultracodeRoi} from './insights.js';
import {emptyTokens} from './types.js';
import {CONFIG_KEYS} from './config/schema.js';

const summary = (id: string, tokens: number, ultracode = false): SessionSummary => ({
  id,
  project: 'app',
  cwd: '/w/app',
  start: 0,
  end: 0,
  tokens: {...emptyTokens(), inputTokens: tokens},
  costUSD: 0,
  dominantModel: null,
  tier: 'other',
  ultracode,
  models: [],
});

describe('[insights] top_n', () => {
  it('accepts no more rows than the lists keep', () => {
    expect(CONFIG_KEYS.find((k) => k.key === 'insights.top_n')!.max).toBe(INSIGHTS_CAP);
  });
});

describe('ranking', () => {
  it('ranks sessions by input+output desc, ties by id asc, drops token-less ones', () => {
    const ranked = rankSessions([summary('b', 10), summary('c', 30), summary('a', 10), summary('z', 0)], 10);
    expect(ranked.map((s) => s.id)).toEqual(['c', 'a', 'b']);
  });

  it('ranks projects by input+output desc, ties by name asc; cache tokens do not count', () => {
    const ds = dataset([
      record({at: 1, session: 's1', project: '/w/zeta', t: {outputTokens: 50}}),
      record({at: 2, session: 's2', project: '/w/alpha', t: {inputTokens: 20, outputTokens: 30}}),
      record({at: 3, session: 's3', project: '/w/big-cache', t: {outputTokens: 10, cacheReadTokens: 10_000_000}}),
      record({at: 4, session: 's4', project: '/w/nothing', t: {cacheCreationTokens: 500}}),
    ]);
    const {topProjects} = computeInsights(ds, {topN: 0});
    expect(topProjects.map((p) => [p.name, p.tokens.inputTokens + p.tokens.outputTokens])).toEqual([
      ['alpha', 50],
      ['zeta', 50],
      ['big-cache', 10],
    ]);
    expect(rankProjects(topProjects, 1).map((p) => p.name)).toEqual(['alpha']);
  });

  it('top_n limits rows; 0 = all kept rows, never more than the cap', () => {
    expect(rowLimit(5)).toBe(5);
    expect(rowLimit(0)).toBe(INSIGHTS_CAP);
    expect(rowLimit(1000)).toBe(INSIGHTS_CAP);
    const many = Array.from({length: 40}, (_, i) => summary(`s${String(i).padStart(2, '0')}`, 100 + i));
    expect(rankSessions(many, rowLimit(3)).map((s) => s.id)).toEqual(['s39', 's38', 's37']);
    expect(rankSessions(many, rowLimit(0))).toHaveLength(25);
  });

  it('disambiguates project names that share a basename, in projects and sessions alike', () => {
    const ds = dataset([
      record({at: 1, session: 's1', project: '/home/u/work/app', t: {outputTokens: 2}}),
      record({at: 2, session: 's2', project: '/home/u/play/app', t: {outputTokens: 1}}),
    ]);
    const ins = computeInsights(ds, {topN: 5});
    expect(ins.topProjects.map((p) => p.name)).toEqual(['work/app', 'play/app']);
    expect(ins.topSessions.map((s) => s.project)).toEqual(['work/app', 'play/app']);
  });

  it('carries the tier of the dominant model and the ultracode flag', () => {
    const ds = dataset(
      [
        record({at: 1, session: 'u', model: 'claude-sonnet-4-5-20250929', t: {outputTokens: 10}}),
        record({at: 2, session: 'u', model: 'claude-haiku-4-5', t: {outputTokens: 9}}),
        record({at: 3, session: 'n', model: 'my-gateway-model', t: {outputTokens: 5}}),
      ],
      [session({id: 'u', start: '2026-01-01T00:00:00Z', ultracode: true})],
    );
    const rows = computeInsights(ds, {topN: 5}).topSessions.map((s) => [s.id, s.tier, s.ultracode]);
    expect(rows).toEqual([
      ['u', 'sonnet', true],
      ['n', 'other', false],
    ]);
  });
});

describe('ultracodeRoi', () => {
  it('averages input+output per session, truncated, 0-token sessions included', () => {
    const roi = ultracodeRoi([summary('u1', 1000, true), summary('u2', 501, true), summary('n1', 100), summary('n2', 0), summary('n3', 51)]);
    expect(roi).toEqual({ultracode: {count: 2, avgTokens: 750}, normal: {count: 3, avgTokens: 50}, multiplier: 15});
  });
  it('omits the multiplier without normal tokens or without ultracode sessions', () => {
    expect(ultracodeRoi([summary('u', 10, true)]).multiplier).toBeNull();
    expect(ultracodeRoi([summary('u', 10, true), summary('n', 0)]).multiplier).toBeNull();
    expect(ultracodeRoi([summary('n', 10)])).toEqual({ultracode: {count: 0, avgTokens: 0}, normal: {count: 1, avgTokens: 10}, multiplier: null});
  });
  it('is all zeros without sessions', () => {
    expect(ultracodeRoi([])).toEqual({ultracode: {count: 0, avgTokens: 0}, normal: {count: 0, avgTokens: 0}, multiplier: null});
  });
});

describe('cacheEfficiency', () => {
  it('is read / (read + write) with savings per model at (input - read) rates; unpriced excluded and listed', () => {
    const ds = dataset([
      record({at: 1, model: 'claude-opus-4-6', t: {cacheReadTokens: 3_000_000, cacheCreationTokens: 1_000_000}}),
      record({at: 2, model: 'claude-haiku-4-5-20251001', t: {cacheReadTokens: 1_000_000}}),
      record({at: 3, model: 'claude-mystery-9', t: {cacheReadTokens: 4_000_000}}),
      record({at: 4, model: 'claude-unknown-writer', t: {cacheCreationTokens: 1_000_000}}),
    ]);
    const c = cacheEfficiency(ds);
    expect(c.readTokens).toBe(8_000_000);
    expect(c.writeTokens).toBe(2_000_000);
    expect(c.hitRatio).toBeCloseTo(0.8, 12);
    expect(c.savedUSD).toBeCloseTo(3 * 4.5 + 1 * 0.9, 9);
    expect(c.unpricedModels).toEqual(['claude-mystery-9']);
  });
  it('has no ratio and no savings without cache activity', () => {
    const c = cacheEfficiency(dataset([record({at: 1, t: {inputTokens: 10}})]));
    expect(c).toEqual({hitRatio: null, readTokens: 0, writeTokens: 0, savedUSD: 0, unpricedModels: []});
    expect(cacheEfficiency(dataset([])).hitRatio).toBeNull();
  });
  it('is 0 % when there are only writes', () => {
    expect(cacheEfficiency(dataset([record({at: 1, t: {cacheCreationTokens: 10}})])).hitRatio).toBe(0);
  });
});

describe('roiSentence', () => {
  it('says heavier above 1 and lighter (by the inverse ratio) below 1', () => {
    expect(roiSentence(13.33)).toBe('ultracode sessions are 13.3× heavier on average');
    expect(roiSentence(0.2)).toBe('ultracode sessions are 5.0× lighter on average');
    expect(roiSentence(25 / 45)).toBe('ultracode sessions are 1.8× lighter on average');
  });

  it('has no "1.0×" and no division by zero', () => {
    expect(roiSentence(1)).toBe('ultracode sessions are about as heavy as normal ones on average');
    expect(roiSentence(0.97)).toBe('ultracode sessions are about as heavy as normal ones on average');
    expect(roiSentence(0)).toBe('ultracode sessions used no tokens on average');
  });
});

describe('sharePercent', () => {
  it('rounds to whole percents but never shows a non-zero share as 0%', () => {
    expect(sharePercent(0.004)).toBe('<1%');
    expect(sharePercent(0.005)).toBe('1%');
    expect(sharePercent(0)).toBe('0%');
    expect(sharePercent(0.456)).toBe('46%');
    expect(sharePercent(1)).toBe('100%');
  });
});
