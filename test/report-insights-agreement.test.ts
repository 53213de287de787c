// `aura report insights --json` must agree with a plain re-computation from the per-session
// report (and, for the money the cache saved, the per-model report and the price table), on a
// generated corpus, through the built CLI. Also: the ultracode markers, end to end.
import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {generateCorpus} from '../fixtures/generate.js';
import {resolvePrice} from '../src/core/prices.js';

const ROOT = join(import.meta.dirname, '..');
const tmp = mkdtempSync(join(tmpdir(), 'aura-insights-'));
afterAll(() => rmSync(tmp, {recursive: true, force: true, maxRetries: 10, retryDelay: 100}));

/** A HOME with its own XDG dirs and config; reports run in one home share the warm index. */
function freshHome(config = ''): string {
  const home = mkdtempSync(join(tmp, 'home-'));
  mkdirSync(join(home, 'config/aura'), {recursive: true});
  writeFileSync(join(home, 'config/aura/config.toml'), config);
  return home;
}

function report(kind: string, claudeDir: string, extra: readonly string[] = [], home = freshHome()): unknown {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/aura'), 'report', kind, '--json', '--tz', 'UTC', '--claude-dir', claudeDir, ...extra], {
    encoding: 'utf8',
    timeout: 30_000,
    env: {PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache'), XDG_STATE_HOME: join(home, 'state')},
  });
  // The generated corpus holds malformed lines on purpose: said on stderr, never in the JSON.
  expect(r.stderr).toMatch(/^(aura: \d+ malformed lines? skipped\n)?$/);
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
}

interface Session {
  id: string;
  project: string;
  cwd: string;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  tier: string;
  ultracode: boolean;
}
interface Model {
  model: string;
  cacheReadTokens: number;
}
interface Insights {
  topProjects: {name: string; cwd: string; tokens: number}[];
  topSessions: {id: string; project: string; tokens: number; tier: string; ultracode: boolean}[];
  ultracode: {ultracode: {count: number; avgTokens: number}; normal: {count: number; avgTokens: number}; multiplier: number | null};
  cache: {hitRatio: number | null; readTokens: number; writeTokens: number; savedUSD: number};
}

/** The insights, computed the obvious way from the sessions and models reports. */
function recompute(sessions: Session[], models: Model[], limit: number): Insights {
  const tokens = (s: Session) => s.inputTokens + s.outputTokens;
  const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const topSessions = sessions
    .filter((s) => tokens(s) > 0)
    .sort((a, b) => tokens(b) - tokens(a) || byId(a.id, b.id))
    .slice(0, limit)
    .map((s) => ({id: s.id, project: s.project, tokens: tokens(s), tier: s.tier, ultracode: s.ultracode}));
  const projects = new Map<string, {name: string; cwd: string; tokens: number}>();
  for (const s of sessions) {
    const p = projects.get(s.cwd) ?? {name: s.project, cwd: s.cwd, tokens: 0};
    p.tokens += tokens(s);
    projects.set(s.cwd, p);
  }
  const topProjects = [...projects.values()]
    .filter((p) => p.tokens > 0)
    .sort((a, b) => b.tokens - a.tokens || byId(a.name, b.name))
    .slice(0, limit);
  const side = (list: Session[]) => ({count: list.length, avgTokens: list.length ? Math.trunc(list.reduce((n, s) => n + tokens(s), 0) / list.length) : 0});
  const ultra = side(sessions.filter((s) => s.ultracode));
  const normal = side(sessions.filter((s) => !s.ultracode));
  const read = sessions.reduce((n, s) => n + s.cacheReadTokens, 0);
  const write = sessions.reduce((n, s) => n + s.cacheCreationTokens, 0);
  let saved = 0;
  for (const m of models) {
    const price = resolvePrice(m.model)?.price;
    if (price) saved += (m.cacheReadTokens * (price.input - price.cacheRead)) / 1e6;
  }
  return {
    topProjects,
    topSessions,
    ultracode: {ultracode: ultra, normal, multiplier: normal.avgTokens > 0 && ultra.count > 0 ? ultra.avgTokens / normal.avgTokens : null},
    cache: {hitRatio: read + write > 0 ? read / (read + write) : null, readTokens: read, writeTokens: write, savedUSD: saved},
  };
}

describe('insights report agrees with the sessions report (generated corpus)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = (await generateCorpus(join(tmp, 'corpus'), {seed: 11, sessions: 45, days: 40, now: Date.now()})).configDir;
  });

  it.each([
    ['all time, top_n default (5)', [], '', 5],
    ['top_n = 0 (all, at most 25)', [], '[insights]\ntop_n = 0\n', 25],
    ['last 7 days', ['--period', '7d'], '', 5],
    ['--since/--until', ['--since', new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10), '--until', new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10)], '[insights]\ntop_n = 8\n', 8],
  ] as const)('%s', (_name, args, config, limit) => {
    const home = freshHome(config);
    const sessions = (report('sessions', dir, args, home) as {sessions: Session[]}).sessions;
    const models = (report('models', dir, args, home) as {models: Model[]}).models;
    const insights = report('insights', dir, args, home) as Insights;
    const want = recompute(sessions, models, limit);
    expect(sessions.length).toBeGreaterThan(0);
    expect(insights.topSessions).toEqual(want.topSessions);
    expect(insights.topProjects).toEqual(want.topProjects);
    expect(insights.ultracode).toEqual(want.ultracode);
    expect(insights.cache.readTokens).toBe(want.cache.readTokens);
    expect(insights.cache.writeTokens).toBe(want.cache.writeTokens);
    expect(insights.cache.hitRatio).toBeCloseTo(want.cache.hitRatio!, 12);
    expect(insights.cache.savedUSD).toBeCloseTo(want.cache.savedUSD, 6);
    if (limit === 25) {
      expect(insights.topSessions).toHaveLength(Math.min(25, sessions.filter((s) => s.inputTokens + s.outputTokens > 0).length));
      // The corpus has an ultracode session and same-named projects (oss/api, acme/api).
      expect(insights.ultracode.ultracode.count).toBeGreaterThan(0);
      expect(insights.topProjects.map((p) => p.name)).toEqual(expect.arrayContaining(['oss/api', 'acme/api']));
    }
  });
});

describe('ultracode markers, end to end', () => {
  it('flags a session with a Workflow tool_use or the word "ultracode", nothing else', () => {
    const projects = join(tmp, 'markers/projects/-home-u-app');
    mkdirSync(projects, {recursive: true});
    const line = (session: string, n: number, content: unknown) =>
      JSON.stringify({
        type: 'assistant',
        cwd: '/home/u/app',
        sessionId: session,
        timestamp: `2026-05-01T10:0${n}:00.000Z`,
        requestId: `req_${session}`,
        message: {id: `msg_${session}`, model: 'claude-opus-4-6', role: 'assistant', content, usage: {input_tokens: 10, output_tokens: n * 10, cache_creation_input_tokens: 0, cache_read_input_tokens: 0}},
      });
    const files: Record<string, string> = {
      workflow: line('workflow', 1, [{type: 'tool_use', id: 'toolu_1', name: 'Workflow', input: {}}]),
      word: line('word', 2, [{type: 'text', text: 'switching to ultracode for this one'}]),
      spaced: line('spaced', 3, [{type: 'text', text: 'a "name": "Workflow" mention and Ultracode, capitalised'}]),
      plain: line('plain', 4, [{type: 'text', text: 'ok'}]),
    };
    for (const [id, body] of Object.entries(files)) writeFileSync(join(projects, `${id}.jsonl`), `${body}\n`);
    const home = freshHome();
    const sessions = (report('sessions', join(tmp, 'markers'), [], home) as {sessions: Session[]}).sessions;
    expect(Object.fromEntries(sessions.map((s) => [s.id, s.ultracode]))).toEqual({workflow: true, word: true, spaced: false, plain: false});
    const insights = report('insights', join(tmp, 'markers'), [], home) as Insights;
    expect(insights.ultracode).toEqual({ultracode: {count: 2, avgTokens: 25}, normal: {count: 2, avgTokens: 45}, multiplier: 25 / 45});
  });
});
