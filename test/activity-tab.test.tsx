import {stripVTControlCharacters} from 'node:util';
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import type {ActivityAdapter, ProcessTarget} from '../src/core/activity/monitor.js';
import type {ProcessInfo, ProcessTable} from '../src/core/activity/types.js';
import {defaultConfig} from '../src/core/config/schema.js';
import {emptyTokens, type UsageDataset} from '../src/core/types.js';
import {ActivityView, activityTab} from '../src/tui/tabs/ActivityTab.js';
import type {TabProps} from '../src/tui/tabs/types.js';
import {proc} from './helpers/process-table.js';

const MB = 1024 * 1024;
const NOW = Date.parse('2026-05-03T12:00:00Z');

/** A scripted machine: every sample advances 1 s; CPU rates per pid in % of a core. */
class FakeAdapter implements ActivityAdapter {
  samples = 0;
  terminated: ProcessTarget[] = [];
  constructor(private processes: ProcessInfo[], private readonly rates: Record<number, number>) {}

  async sample(): Promise<ProcessTable> {
    const t = this.samples++;
    return {takenAt: NOW + t * 1000, processes: this.processes.map((p) => ({...p, cpuTimeMs: ((this.rates[p.pid] ?? 0) / 100) * 1000 * t}))};
  }
  async details(pids: readonly number[]) {
    return new Map(pids.map((pid) => [pid, {exe: null, cwd: this.processes.find((p) => p.pid === pid)?.cwd ?? null}]));
  }
  async newestTranscript(slug: string) {
    return slug === '-home-u-work-app' ? {sessionId: 'sess-app-1234', mtimeMs: 0} : null;
  }
  async terminate(target: ProcessTarget) {
    this.terminated.push(target);
    if (target.pid === 21) throw new Error('PID 21 belongs to another user');
    this.processes = this.processes.filter((p) => p.pid !== target.pid);
    return `sent SIGTERM to PID ${target.pid}`;
  }
}

const machine = () =>
  new FakeAdapter(
    [
      proc(10, 1, ['claude'], {cwd: '/home/u/work/app', rssBytes: 300 * MB}),
      proc(11, 10, ['node', '/home/u/mcp/design-mcp-server/dist/index.js'], {rssBytes: 80 * MB}),
      proc(12, 10, ['bash', '-c', 'cargo build'], {rssBytes: 4 * MB}),
      proc(13, 12, ['cargo', 'build'], {rssBytes: 200 * MB}),
      proc(20, 1, ['claude', '--resume'], {cwd: '/home/u/work/api', rssBytes: 100 * MB}),
      proc(21, 20, ['rg', '--json', 'x'], {rssBytes: 10 * MB}),
    ],
    {11: 20, 13: 90, 20: 5, 21: 300},
  );

const dataset: UsageDataset = {
  records: [{timestamp: NOW - 3_600_000, model: 'claude-opus-4-6', sessionId: 'sess-app-1234', project: '/home/u/work/app', isSidechain: false, speed: null, tokens: {...emptyTokens(), inputTokens: 1200, outputTokens: 34}}],
  sessions: [],
  diagnostics: {roots: [], files: 0, skippedLines: 0, duplicatesDropped: 0, notices: []},
};

function props(over: Partial<TabProps> = {}): TabProps {
  return {width: 100, height: 30, period: 'all', dataset, config: defaultConfig(), tz: 'UTC', now: () => NOW, claudeDirs: [], demo: false, keysActive: true, scroll: 0, ...over};
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
let instance: ReturnType<typeof render> | null = null;
afterEach(() => {
  instance?.unmount();
  instance = null;
});

async function show(adapter: ActivityAdapter, over: Partial<TabProps> = {}) {
  instance = render(<ActivityView {...props(over)} adapter={adapter} />);
  const frame = () => stripVTControlCharacters(instance!.lastFrame() ?? '');
  const press = async (key: string) => {
    instance!.stdin.write(key);
    await wait(40);
  };
  await wait(50);
  /** The second sample (CPU figures) arrives about a second after the first; allow for a loaded machine. */
  const measured = async () => {
    for (let i = 0; i < 100 && (frame().includes('measuring…') || !frame().includes('CPU')); i++) await wait(50);
  };
  return {frame, press, measured};
}

describe('Activity tab', () => {
  it('shows "measuring…" first, then CPU per session, culprits, tokens today and totals', async () => {
    const adapter = machine();
    const {frame, measured} = await show(adapter);
    expect(frame()).toContain('ACTIVITY · live ⟳ 3s');
    expect(frame()).toContain('measuring…');
    await measured();
    const f = frame();
    expect(f).not.toContain('measuring…');
    const lines = f.split('\n');
    const api = lines.findIndex((l) => l.includes('● api'));
    const app = lines.findIndex((l) => l.includes('● app · sess-app…'));
    expect(api).toBeGreaterThan(0);
    expect(app).toBeGreaterThan(api); // api (305%) sorts before app (110%)
    expect(lines[api]).toContain('305% CPU · 110 MB');
    expect(lines[app]).toContain('110% CPU · 584 MB · 1.2K tokens today');
    expect(lines[app + 1]).toMatch(/↳ cargo build\s+90% · 200 MB/);
    expect(lines[app + 2]).toMatch(/↳ node design-mcp-server\s+20% · 80 MB/);
    expect(lines[app + 3]).toMatch(/↳ bash cargo\s+0% · 4 MB/);
    expect(f).toContain('Total Claude Code: 415% CPU · 694 MB · 2 sessions');
  });

  it('expands the selected session into its indented tree and collapses on Esc', async () => {
    const {frame, press, measured} = await show(machine());
    await measured();
    await press('\u001B[B'); // select the second card (app)
    await press('\r');
    const lines = frame().split('\n');
    const top = lines.findIndex((l) => l.includes('10  claude'));
    expect(top).toBeGreaterThan(0);
    expect(lines[top + 1]).toMatch(/^ {6}11 {2}node design-mcp-server/);
    expect(lines[top + 2]).toMatch(/^ {6}12 {2}bash cargo/);
    expect(lines[top + 3]).toMatch(/^ {8}13 {2}cargo build/);
    await press('\u001B');
    expect(frame()).not.toContain('10  claude');
    expect(frame()).toContain('↳ cargo build');
  });

  it('asks before sending SIGTERM, sends it to the selected process, and shows the result', async () => {
    const adapter = machine();
    const {frame, press, measured} = await show(adapter);
    await measured();
    await press('\u001B[B');
    await press('\r');
    await press('\u001B[B'); // 11: node design-mcp-server
    await press('K');
    expect(frame()).toContain('Send SIGTERM to PID 11 (node design-mcp-server)? y/N');
    await press('n');
    expect(adapter.terminated).toEqual([]);
    expect(frame()).toContain('cancelled');
    await press('K');
    await press('y');
    expect(adapter.terminated.map((t) => t.pid)).toEqual([11]);
    expect(frame()).toContain('sent SIGTERM to PID 11');
  });

  it('keeps up with keys faster than renders (a held arrow key)', async () => {
    const adapter = machine();
    const {frame, measured} = await show(adapter);
    await measured();
    for (const k of ['\u001B[B', '\r', '\u001B[B', '\u001B[B', '\u001B[B', 'K']) instance!.stdin.write(k);
    await wait(60);
    expect(frame()).toContain('Send SIGTERM to PID 13 (cargo build)? y/N');
  });

  it('shows the refusal for a process it may not signal', async () => {
    const adapter = machine();
    const {frame, press, measured} = await show(adapter);
    await measured();
    await press('\r'); // api, the heaviest
    await press('\u001B[B'); // 21: rg
    await press('K');
    await press('y');
    await wait(20);
    expect(frame()).toContain('PID 21 belongs to another user');
  });

  it('says so when no Claude Code runs', async () => {
    const {frame} = await show(new FakeAdapter([proc(1, 0, ['init']), proc(5, 1, ['node', 'server.js'])], {}));
    expect(frame()).toContain('No Claude Code processes running.');
  });

  it('samples at [activity] refresh_secs and stops when the tab leaves the screen', async () => {
    const adapter = machine();
    const config = defaultConfig();
    config.activity.refresh_secs = 1;
    const started = Date.now();
    const {frame} = await show(adapter, {config});
    expect(frame()).toContain('⟳ 1s');
    for (let i = 0; i < 120 && adapter.samples < 3; i++) await wait(50);
    // Three samples take two gaps of a second: not faster than the setting.
    expect(adapter.samples).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    const counted = adapter.samples;
    instance!.unmount();
    instance = null;
    await wait(1300);
    expect(adapter.samples).toBe(counted);
  });

  it('is registered as a selection tab without periods, hidden by [activity] enabled = false', () => {
    expect(activityTab.hasSelection).toBe(true);
    expect(activityTab.usesPeriod).toBe(false);
    const config = defaultConfig();
    expect(activityTab.enabled(config)).toBe(true);
    config.activity.enabled = false;
    expect(activityTab.enabled(config)).toBe(false);
  });

  it('runs the demo table through the same pipeline, labelled demo', async () => {
    instance = render(<activityTab.Component {...props({demo: true, dataset: null})} />);
    const frame = () => stripVTControlCharacters(instance!.lastFrame() ?? '');
    for (let i = 0; i < 100 && !frame().includes('% CPU'); i++) await wait(50);
    const f = frame();
    expect(f).toContain('ACTIVITY · live ⟳ 3s · demo');
    expect(f).toContain('● aura-web · 5f0c2a9e…');
    expect(f).toContain('↳ rustc aura_core');
    expect(f).toContain('● api-gateway');
    expect(f).not.toContain('server.js');
    expect(f).toContain('3 sessions');
  });
});

describe('Activity tab with hostile process data', () => {
  it('draws a cwd and a process title holding escapes as U+FFFD, sending none to the terminal', async () => {
    const adapter = new FakeAdapter([proc(10, 1, ['claude'], {cwd: '/home/u/x\u001b]0;PWNED\u0007\u202ey'}), proc(11, 10, ['node', '/srv/\u001b[2Jevil.js'])], {});
    instance = render(<ActivityView {...props()} adapter={adapter} />);
    await wait(80);
    const raw = instance.lastFrame() ?? '';
    expect(['\u001b]0;', '\u0007', '\u202e', '\u001b[2J'].filter((s) => raw.includes(s))).toEqual([]);
    expect(stripVTControlCharacters(raw)).toContain('● x\ufffd]0;PWNED\ufffd\ufffdy');
    expect(stripVTControlCharacters(raw)).toContain('↳ node \ufffd[2Jevil.js');
  });
});
