// `aura report` as a user runs it: the built CLI in a child process, temp HOME / XDG dirs, the
// shared parser cases as Claude data. Checks the JSON shapes and values, the text tables,
// the stderr notice line, config fallbacks and the one-line errors (exit 2).
import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';

import {CASES_DIR as CASES, hasCases, ROOT, skipNote} from './helpers/shared.js';

const tmp = mkdtempSync(join(tmpdir(), 'aura-report-'));
afterAll(() => rmSync(tmp, {recursive: true, force: true, maxRetries: 10, retryDelay: 100}));

let homes = 0;
/** A fresh HOME with its own XDG dirs, so no run sees another's index or config. */
function freshHome(config?: string): string {
  const home = join(tmp, `home${++homes}`);
  mkdirSync(join(home, 'config/aura'), {recursive: true});
  if (config !== undefined) writeFileSync(join(home, 'config/aura/config.toml'), config);
  return home;
}

function aura(args: string[], opts: {env?: Record<string, string>; home?: string} = {}) {
  const home = opts.home ?? freshHome();
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/aura'), ...args], {
    encoding: 'utf8',
    timeout: 20_000,
    env: {PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache'), XDG_STATE_HOME: join(home, 'state'), TZ: 'UTC', NO_COLOR: '1', ...opts.env},
  });
  return {code: r.status, stdout: r.stdout, stderr: r.stderr};
}

const caseDir = (name: string) => join(CASES, name);
const expected = (name: string) => JSON.parse(readFileSync(join(caseDir(name), 'expected.json'), 'utf8'));

/** Runs a JSON report; asserts exit 0, exactly one JSON document on stdout and nothing on stderr. */
function json(args: string[], opts: Parameters<typeof aura>[1] = {}) {
  const r = aura([...args, '--json'], opts);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

const TOKEN_KEYS = ['inputTokens', 'outputTokens', 'cacheCreationTokens', 'cacheReadTokens'];

describe.skipIf(!hasCases)(`aura report --json over the shared cases${skipNote(!hasCases)}`, () => {
  it('daily: the documented shape, totals and cost of B01', () => {
    const exp = expected('B01-streaming-final-record');
    const r = json(['report', 'daily', '--tz', 'UTC', '--claude-dir', caseDir('B01-streaming-final-record')]);
    expect(Object.keys(r)).toEqual(['timezone', 'days', 'totals', 'diagnostics']);
    expect(r.timezone).toBe('UTC');
    expect(Object.keys(r.days[0])).toEqual(['date', ...TOKEN_KEYS, 'costUSD', 'models']);
    expect(Object.keys(r.days[0].models[0])).toEqual(['model', ...TOKEN_KEYS, 'costUSD']);
    expect(Object.keys(r.totals)).toEqual([...TOKEN_KEYS, 'costUSD', 'unpricedModels']);
    expect(Object.keys(r.diagnostics)).toEqual(['roots', 'files', 'skippedLines', 'duplicatesDropped', 'notices']);
    for (const k of TOKEN_KEYS) expect(r.totals[k]).toBe(exp.totals[k]);
    expect(Math.abs(r.totals.costUSD - exp.totals.costUSD)).toBeLessThan(1e-6);
    expect(r.days.map((d: {date: string}) => d.date)).toEqual(Object.keys(exp.days));
    expect(r.diagnostics.roots).toEqual([join(caseDir('B01-streaming-final-record'), 'projects')]);
    expect(r.diagnostics.files).toBe(1);
  });

  it('reads every --claude-dir given', () => {
    const [a, b] = ['B01-streaming-final-record', 'B09-cache-creation-counted'];
    const r = json(['report', 'daily', '--claude-dir', caseDir(a), '--claude-dir', caseDir(b)]);
    expect(r.diagnostics.roots).toHaveLength(2);
    expect(r.totals.outputTokens).toBe(expected(a).totals.outputTokens + expected(b).totals.outputTokens);
    expect(Math.abs(r.totals.costUSD - expected(a).totals.costUSD - expected(b).totals.costUSD)).toBeLessThan(1e-6);
  });

  it('models: B12 variants priced, the unknown model listed as unpriced', () => {
    const exp = expected('B12-model-id-variants-priced');
    const r = json(['report', 'models', '--claude-dir', caseDir('B12-model-id-variants-priced')]);
    expect(Object.keys(r)).toEqual(['models', 'totals']);
    expect(r.totals.unpricedModels).toEqual(exp.unpricedModels);
    expect(Math.abs(r.totals.costUSD - exp.pricedCostUSD)).toBeLessThan(1e-6);
    const mystery = r.models.find((m: {model: string}) => m.model === 'claude-mystery-9');
    expect(mystery).toMatchObject({inputTokens: 1000, outputTokens: 1000, costUSD: 0});
  });

  it('sessions, projects and models: B08 subagent tokens fold into the parent session and project', () => {
    const exp = expected('B08-subagents-counted');
    const opts = {env: {CLAUDE_CONFIG_DIR: caseDir('B08-subagents-counted')}};
    const sessions = json(['report', 'sessions'], opts);
    expect(Object.keys(sessions.sessions[0])).toEqual(['id', 'project', 'cwd', 'start', 'end', ...TOKEN_KEYS, 'costUSD', 'dominantModel', 'tier', 'ultracode']);
    expect(sessions.sessions).toHaveLength(1);
    expect(sessions.sessions[0]).toMatchObject({id: 's1', outputTokens: exp.sessions.s1.outputTokens, tier: 'sonnet', ultracode: false});
    expect(Math.abs(sessions.totals.costUSD - exp.totals.costUSD)).toBeLessThan(1e-6);
    const projects = json(['report', 'projects'], opts);
    expect(projects.projects).toEqual([expect.objectContaining({name: 'app', outputTokens: exp.projects.app.outputTokens})]);
    const models = json(['report', 'models'], opts);
    const out = Object.fromEntries(models.models.map((m: {model: string; outputTokens: number}) => [m.model, m.outputTokens]));
    expect(out).toEqual(Object.fromEntries(Object.entries(exp.models).map(([k, v]) => [k, (v as {outputTokens: number}).outputTokens])));
  });

  it('daily --tz: B14 days in each zone', () => {
    const exp = expected('B14-local-day-boundaries');
    for (const [tz, view] of Object.entries(exp.byTz) as [string, {days: Record<string, {outputTokens: number}>}][]) {
      const r = json(['report', 'daily', '--tz', tz, '--claude-dir', caseDir('B14-local-day-boundaries')]);
      expect(r.timezone).toBe(tz);
      expect(Object.fromEntries(r.days.map((d: {date: string; outputTokens: number}) => [d.date, d.outputTokens]))).toEqual(
        Object.fromEntries(Object.entries(view.days).map(([d, v]) => [d, v.outputTokens])),
      );
    }
  });

  it('projects: B22 names from the cwd, not the lossy folder slug', () => {
    const exp = expected('B22-non-ascii-project-names');
    const r = json(['report', 'projects', '--claude-dir', caseDir('B22-non-ascii-project-names')]);
    expect(Object.fromEntries(r.projects.map((p: {name: string; outputTokens: number}) => [p.name, p.outputTokens]))).toEqual(
      Object.fromEntries(Object.entries(exp.projects).map(([n, v]) => [n, (v as {outputTokens: number}).outputTokens])),
    );
  });

  it('period filters: 7d before the data is empty; --since/--until are inclusive', () => {
    const dir = caseDir('B01-streaming-final-record');
    expect(json(['report', 'daily', '--period', '7d', '--claude-dir', dir]).days).toEqual([]);
    expect(json(['report', 'daily', '--since', '2026-03-11', '--until', '2026-03-11', '--claude-dir', dir]).days).toHaveLength(1);
    expect(json(['report', 'daily', '--since', '2026-03-12', '--claude-dir', dir]).days).toEqual([]);
    expect(json(['report', 'daily', '--until', '2026-03-10', '--claude-dir', dir]).totals.outputTokens).toBe(0);
  });
});

describe.skipIf(!hasCases)(`aura report text output${skipNote(!hasCases)}`, () => {
  it('prints an aligned table with a TOTAL row and sends notices to stderr as one line', () => {
    const r = aura(['report', 'daily', '--claude-dir', caseDir('B20-corrupt-truncated-huge-lines')]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^DATE\s+INPUT\s+OUTPUT\s+CACHE WRITE\s+CACHE READ\s+COST\s+MODELS$/);
    expect(lines.at(-1)).toMatch(/^TOTAL\s+3\s+60\s+0\s+0\s+<\$0\.01$/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^aura: .*\d+ malformed lines? skipped\n$/);
    // --json: the notice stays out of stdout and off stderr; it is in diagnostics.
    const j = json(['report', 'daily', '--claude-dir', caseDir('B20-corrupt-truncated-huge-lines')]);
    expect(j.diagnostics.skippedLines).toBeGreaterThanOrEqual(2);
  });

  it('a missing root among valid ones is a notice, not a failure (B21)', () => {
    const c = caseDir('B21-discovery-roots');
    const exp = expected('B21-discovery-roots');
    const env = {CLAUDE_CONFIG_DIR: `${c}/nonexistent,${c}/acct2`};
    const r = aura(['report', 'models'], {env});
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^aura: note: .*nonexistent.*\n$/);
    expect(r.stdout).toMatch(new RegExp(`^TOTAL\\s+${exp.withClaudeConfigDir.totals.inputTokens}\\s+${exp.withClaudeConfigDir.totals.outputTokens}\\s`, 'm'));
    expect(json(['report', 'daily'], {env}).diagnostics.notices.join('\n')).toContain('nonexistent');
    // JSON reports without diagnostics keep stdout one document and say it on stderr.
    const models = aura(['report', 'models', '--json'], {env});
    expect(models.code).toBe(0);
    expect(JSON.parse(models.stdout).totals.outputTokens).toBe(exp.withClaudeConfigDir.totals.outputTokens);
    expect(models.stderr).toMatch(/^aura: note: .*nonexistent.*\n$/);
  });

  it('says so when the period has no usage', () => {
    const r = aura(['report', 'sessions', '--period', '30d', '--claude-dir', caseDir('B01-streaming-final-record')]);
    expect(r).toMatchObject({code: 0, stdout: 'No sessions in this period.\n'});
  });
});

describe('aura report into a pipe that closes early', () => {
  it('ends quietly with status 0 (no EPIPE stack trace)', () => {
    // 400 one-line sessions: a JSON report far larger than a pipe buffer.
    const dir = join(tmp, 'many/projects/-home-u-app');
    mkdirSync(dir, {recursive: true});
    for (let i = 0; i < 400; i++) {
      const line = {type: 'assistant', cwd: '/home/u/app', sessionId: `s${i}`, timestamp: '2026-05-01T10:00:00.000Z', requestId: `r${i}`, message: {id: `m${i}`, model: 'claude-opus-4-6', usage: {input_tokens: 1, output_tokens: 1}}};
      writeFileSync(join(dir, `s${i}.jsonl`), `${JSON.stringify(line)}\n`);
    }
    const home = freshHome();
    const env = {HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache'), PATH: process.env.PATH ?? ''};
    const script = `"${process.execPath}" "${join(ROOT, 'bin/aura')}" report sessions --json --claude-dir "${join(tmp, 'many')}" | head -c 10 >/dev/null; exit \${PIPESTATUS[0]}`;
    const r = spawnSync('bash', ['-c', script], {encoding: 'utf8', env, timeout: 20_000});
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(json(['report', 'sessions', '--claude-dir', join(tmp, 'many')], {home}).sessions).toHaveLength(400);
  });
});

describe.skipIf(!hasCases)(`aura report configuration${skipNote(!hasCases)}`, () => {
  it('uses [data] timezone and [data] claude_dirs from the config file; flags win', () => {
    const dir = caseDir('B14-local-day-boundaries');
    const home = freshHome(`[data]\ntimezone = "Asia/Tokyo"\nclaude_dirs = ["${dir}"]\n`);
    const r = json(['report', 'daily'], {home});
    expect(r.timezone).toBe('Asia/Tokyo');
    expect(r.days.map((d: {date: string}) => d.date)).toEqual(['2026-01-25', '2026-03-08']);
    expect(json(['report', 'daily', '--tz', 'America/Los_Angeles'], {home}).days[0].date).toBe('2026-01-24');
    expect(json(['report', 'daily', '--claude-dir', caseDir('B01-streaming-final-record')], {home}).days[0].date).toBe('2026-03-11');
  });

  it('honours [insights] top_n', () => {
    const home = freshHome('[insights]\ntop_n = 1\n');
    const r = json(['report', 'insights', '--claude-dir', caseDir('B22-non-ascii-project-names')], {home});
    expect(r.topProjects).toEqual([{name: 'Мой Проект', cwd: expect.stringContaining('Мой Проект'), tokens: expect.any(Number)}]);
  });

  it('a bad [data] timezone in the config is a warning; the system zone is used', () => {
    const r = aura(['report', 'daily', '--json', '--claude-dir', caseDir('B01-streaming-final-record')], {home: freshHome('[data]\ntimezone = "Nowhere/City"\n'), env: {TZ: 'Asia/Tokyo'}});
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^aura: config: .*Nowhere\/City.*\n$/);
    expect(JSON.parse(r.stdout).timezone).toBe('Asia/Tokyo');
  });
});

describe.skipIf(!hasCases)(`aura report errors: one line on stderr, exit 2, nothing on stdout${skipNote(!hasCases)}`, () => {
  const dir = caseDir('B01-streaming-final-record');
  it.each([
    [['report'], /^aura: report: which one\? daily, models, projects, sessions or insights$/],
    [['report', 'weekly'], /^aura: unknown report "weekly"/],
    [['report', 'daily', 'extra'], /^aura: unexpected argument "extra"$/],
    [['report', 'daily', '--period', '3d'], /^aura: invalid --period "3d" \(expected all, 7d or 30d\)$/],
    [['report', 'daily', '--since', '2026-02-30x'], /^aura: invalid --since "2026-02-30x"/],
    [['report', 'daily', '--until', '2026-02-30'], /^aura: invalid --until "2026-02-30"/],
    [['report', 'daily', '--until', 'yesterday'], /^aura: invalid --until "yesterday"/],
    [['report', 'daily', '--since', '2026-03-02', '--until', '2026-03-01'], /^aura: --since 2026-03-02 is after --until 2026-03-01$/],
    [['report', 'daily', '--tz', 'Mars/Olympus'], /^aura: unknown time zone "Mars\/Olympus"/],
    [['report', 'daily', '--frobnicate'], /^aura: .*frobnicate/],
    [['report', 'daily', '--claude-dir', join(tmp, 'nowhere')], /^aura: .*nowhere/],
  ])('%j', (args, message) => {
    const r = aura(args[0] === 'report' && !args.includes('--claude-dir') ? [...args, '--claude-dir', dir] : args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toHaveLength(2); // one line + the final newline
    expect(r.stderr.trimEnd()).toMatch(message);
  });
});
