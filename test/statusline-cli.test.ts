// `aura statusline` as Claude Code runs it: the built CLI, JSON on stdin, one line on stdout.
import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {localIsoDay} from '../src/core/quota/statusline.js';

const ROOT = join(import.meta.dirname, '..');
const tmp = mkdtempSync(join(tmpdir(), 'aura-statusline-'));
afterAll(() => rmSync(tmp, {recursive: true, force: true, maxRetries: 10, retryDelay: 100}));

let homes = 0;
function statusline(input: string, prepare?: (home: string) => void) {
  const home = join(tmp, `home${++homes}`);
  mkdirSync(home, {recursive: true});
  prepare?.(home);
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/aura'), 'statusline'], {
    input,
    encoding: 'utf8',
    timeout: 20_000,
    env: {PATH: process.env.PATH ?? '', HOME: home, XDG_CACHE_HOME: join(home, 'cache'), XDG_STATE_HOME: join(home, 'state'), XDG_CONFIG_HOME: join(home, 'config'), TZ: 'UTC'},
  });
  return {code: r.status, stdout: r.stdout, stderr: r.stderr, home, record: join(home, 'state/aura/statusline.json')};
}

// A recorded Claude Code statusline payload (fake paths and ids).
const nowS = Math.floor(Date.now() / 1000);
const SAMPLE = {
  session_id: '5b7e0c1a-2f43-4d8e-9a61-3c0f7d2e8b14',
  transcript_path: '/home/dev/.claude/projects/-home-dev-work-aura-demo/5b7e0c1a-2f43-4d8e-9a61-3c0f7d2e8b14.jsonl',
  cwd: '/home/dev/work/aura-demo',
  model: {id: 'claude-opus-4-6', display_name: 'Opus 4.6'},
  workspace: {current_dir: '/home/dev/work/aura-demo', project_dir: '/home/dev/work/aura-demo', added_dirs: []},
  version: '2.1.90',
  output_style: {name: 'default'},
  cost: {total_cost_usd: 1.8342, total_duration_ms: 912004, total_api_duration_ms: 201377, total_lines_added: 88, total_lines_removed: 12},
  context_window: {total_input_tokens: 51234, total_output_tokens: 4410, context_window_size: 1000000, used_percentage: 5, remaining_percentage: 95, current_usage: {input_tokens: 6, output_tokens: 412, cache_creation_input_tokens: 2310, cache_read_input_tokens: 48122}},
  exceeds_200k_tokens: false,
  rate_limits: {five_hour: {used_percentage: 28.000000000000004, resets_at: nowS + 2 * 3600 + 10 * 60 + 20}, seven_day: {used_percentage: 22.5, resets_at: nowS + 3 * 86400}},
};

describe('aura statusline', () => {
  it('with rate_limits: one compact line, and the limits recorded atomically with their capture time', () => {
    const before = Date.now();
    const r = statusline(JSON.stringify(SAMPLE));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Opus 4\.6 · 5h 28% ↻ 2h 1[01]m · week 23%\n$/);
    const rec = JSON.parse(readFileSync(r.record, 'utf8'));
    expect(rec.v).toBe(1);
    expect(rec.capturedAt).toBeGreaterThanOrEqual(before);
    expect(rec.capturedAt).toBeLessThanOrEqual(Date.now());
    expect(rec.rate_limits).toEqual(SAMPLE.rate_limits);
    expect(readdirSync(join(r.home, 'state/aura'))).toEqual(['statusline.json']); // no temp file left behind
  });

  it("adds today's tokens and cost from the index summary, only when it is about today", () => {
    const today = statusline(JSON.stringify(SAMPLE), (home) => {
      mkdirSync(join(home, 'cache/aura'), {recursive: true});
      writeFileSync(join(home, 'cache/aura/today.json'), JSON.stringify({date: localIsoDay(Date.now()), tokens: 1_234_567, costUSD: 12.3, updatedAt: Date.now()}));
    });
    expect(today.stdout).toMatch(/ · today 1\.2M tok \$12\.30\n$/);
    const stale = statusline(JSON.stringify(SAMPLE), (home) => {
      mkdirSync(join(home, 'cache/aura'), {recursive: true});
      writeFileSync(join(home, 'cache/aura/today.json'), JSON.stringify({date: '2001-01-01', tokens: 5, costUSD: 1, updatedAt: 0}));
    });
    expect(stale.stdout).not.toContain('today');
  });

  it('without rate_limits (API-key users, first prompt): the model only, nothing recorded', () => {
    const {rate_limits: _omit, ...noLimits} = SAMPLE;
    const r = statusline(JSON.stringify(noLimits));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Opus 4.6\n');
    expect(existsSync(r.record)).toBe(false);
  });

  it('garbage or nothing on stdin: a plain fallback line, exit 0, nothing on stderr', () => {
    for (const input of ['this is not json', '', '{"rate_limits": "nope"', '\u0000\u0001']) {
      const r = statusline(input);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('aura\n');
      expect(r.stderr).toBe('');
      expect(existsSync(r.record)).toBe(false);
    }
  });

  it('bad input with today.json: "aura" and today\'s usage, but no "0 tok $0.00" when nothing is counted', () => {
    const withToday = (tokens: number, costUSD: number) => (home: string) => {
      mkdirSync(join(home, 'cache/aura'), {recursive: true});
      writeFileSync(join(home, 'cache/aura/today.json'), JSON.stringify({date: localIsoDay(Date.now()), tokens, costUSD, updatedAt: Date.now()}));
    };
    expect(statusline('not json', withToday(1_234_567, 12.3)).stdout).toBe('aura · today 1.2M tok $12.30\n');
    expect(statusline('not json', withToday(0, 0)).stdout).toBe('aura\n');
    expect(statusline('', withToday(0, 0)).stdout).toBe('aura\n');
  });

  it('an unwritable state dir does not break the line', () => {
    const r = statusline(JSON.stringify(SAMPLE), (home) => writeFileSync(join(home, 'state'), 'a file, not a dir'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Opus 4\.6 · 5h 28%/);
  });
});

describe('aura statusline stays light', () => {
  /** Every module the command loads statically (from the sources), following relative imports. */
  function importGraph(entry: string): {files: Set<string>; packages: Set<string>} {
    const files = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string) => {
      if (files.has(file)) return;
      files.add(file);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)[^'"]*?from\s+'([^']+)'/gm)) {
        const spec = m[1]!;
        if (spec.startsWith('.')) visit(join(file, '..', spec.replace(/\.js$/, '.ts')));
        else packages.add(spec);
      }
    };
    visit(entry);
    return {files, packages};
  }

  it('imports only node built-ins: no ink, react, undici or the usage index', () => {
    const main = importGraph(join(ROOT, 'src/cli/main.ts'));
    const cmd = importGraph(join(ROOT, 'src/cli/commands/statusline.ts'));
    const all = [...main.packages, ...cmd.packages];
    expect(all.filter((p) => !p.startsWith('node:'))).toEqual([]);
    expect([...cmd.files].some((f) => f.endsWith('core/usage.ts') || f.includes('/tui/'))).toBe(false);
  });
});
