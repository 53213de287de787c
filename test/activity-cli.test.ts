// `aura activity` output and errors: the text layout over a synthetic report, and the
// built CLI's one-line usage errors (exit 2).
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {renderActivityText} from '../src/cli/commands/activity.js';
import {activityJson} from '../src/core/activity/present.js';
import {buildActivityReport} from '../src/core/activity/report.js';
import {later, proc} from './helpers/process-table.js';

const MB = 1024 * 1024;
const ROOT = join(import.meta.dirname, '..');
const home = mkdtempSync(join(tmpdir(), 'aura-activity-cli-'));
afterAll(() => rmSync(home, {recursive: true, force: true, maxRetries: 10, retryDelay: 100}));

const table = {
  takenAt: Date.parse('2026-05-03T12:00:00Z'),
  processes: [
    proc(10, 1, ['claude', '--resume'], {cwd: '/home/u/work/app', rssBytes: 300 * MB}),
    proc(11, 10, ['node', '/m/design-mcp-server/dist/index.js'], {rssBytes: 80 * MB}),
    proc(12, 10, ['bash', '-c', 'cargo build'], {rssBytes: 4 * MB}),
    proc(13, 12, ['cargo', 'build'], {rssBytes: 200 * MB}),
  ],
};

describe('aura activity text', () => {
  it('prints each session with an aligned tree and the totals', () => {
    const report = buildActivityReport(later(table, 1000, {11: 250, 13: 1000}), table, new Map([[10, {sessionId: 'f00dcafe-1234', mtimeMs: 0}]]));
    report.sessions[0]!.tokensToday = 18_200;
    expect(renderActivityText(report)).toBe(
      [
        'app · f00dcafe…  125% CPU · 584 MB · 18.2K tokens today',
        '  /home/u/work/app',
        '  PID   CPU     MEM  PROCESS',
        '   10    0%  300 MB  claude --resume',
        '   11   25%   80 MB  ├─ node design-mcp-server',
        '   12    0%    4 MB  └─ bash cargo',
        '   13  100%  200 MB     └─ cargo build',
        '',
        'Total Claude Code: 125% CPU · 584 MB · 1 session',
        '',
      ].join('\n'),
    );
  });

  it('says "measuring…" without a second sample, and when nothing runs', () => {
    const text = renderActivityText(buildActivityReport(table, null));
    expect(text).toContain('app  measuring… · 584 MB\n');
    expect(text).toContain('Total Claude Code: measuring… · 584 MB · 1 session');
    expect(renderActivityText(buildActivityReport({takenAt: 0, processes: []}, null))).toBe('No Claude Code processes running.\n');
  });

  it('gives JSON one document: sessions with their tree and culprits, and totals', () => {
    const doc = activityJson(buildActivityReport(later(table, 3000, {11: 1000}), table));
    expect(doc.intervalMs).toBe(3000);
    expect(doc.totals).toEqual({cpuPercent: 33.3, memoryBytes: 584 * MB, sessions: 1});
    const s = doc.sessions[0]!;
    expect(s).toMatchObject({pid: 10, project: 'app', cwd: '/home/u/work/app', sessionId: null, tokensToday: null, cpuPercent: 33.3, processCount: 4, label: 'claude --resume'});
    expect(s.children.map((c) => [c.pid, c.label, c.children.map((g) => g.label)])).toEqual([
      [11, 'node design-mcp-server', []],
      [12, 'bash cargo', ['cargo build']],
    ]);
    expect(s.culprits[0]).toEqual({pid: 11, label: 'node design-mcp-server', cpuPercent: 33.3, memoryBytes: 80 * MB});
  });
});

describe('aura activity errors', () => {
  const aura = (args: string[], env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/aura'), 'activity', ...args], {
      encoding: 'utf8',
      timeout: 20_000,
      env: {PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache'), ...env},
    });
    return {code: r.status, stdout: r.stdout, stderr: r.stderr};
  };

  it('works without any Claude dir: processes are listed, just not linked to transcripts', () => {
    const r = aura(['--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout) as {intervalMs: number; sessions: {sessionId: string | null}[]; totals: {sessions: number; cpuPercent: number}};
    expect(doc.intervalMs).toBeGreaterThanOrEqual(900);
    expect(doc.totals.sessions).toBe(doc.sessions.length);
    expect(doc.totals.cpuPercent).toBeGreaterThanOrEqual(0);
    expect(doc.sessions.every((s) => s.sessionId === null)).toBe(true);
  });

  it.each([
    [['extra'], {}, /^aura: .*extra/],
    [['--tz', 'Mars/Olympus'], {}, /^aura: unknown time zone "Mars\/Olympus"/],
    [['--claude-dir', join(home, 'nowhere')], {}, /^aura: .*nowhere/],
    [[], {AURA_PROCESS_SOURCE: 'wmi'}, /^aura: invalid AURA_PROCESS_SOURCE "wmi" \(expected proc or ps\)/],
  ] as [string[], Record<string, string>, RegExp][])('%j %j: one line, exit 2', (args, env, message) => {
    const r = aura(args, env);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
