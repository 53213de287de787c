import {describe, expect, it} from 'vitest';
import {later, proc} from '../../../test/helpers/process-table.js';
import {cpuPercents} from './cpu.js';
import {buildActivityReport, flattenTree} from './report.js';
import {sessionTrees} from './tree.js';
import type {ProcessTable} from './types.js';

const MB = 1024 * 1024;

/** Two sessions: A (npm install, an MCP server, a build under a shell) and B (native, idle). */
function machine(): ProcessTable {
  return {
    takenAt: 100_000,
    processes: [
      proc(1, 0, ['/sbin/init']),
      proc(10, 1, ['claude'], {name: 'node', exe: '/usr/bin/node', cwd: '/home/u/work/app', rssBytes: 300 * MB}),
      proc(11, 10, ['node', '/home/u/mcp/design-mcp-server/dist/index.js'], {rssBytes: 80 * MB}),
      proc(12, 10, ['/bin/bash', '-c', 'cargo build'], {rssBytes: 4 * MB}),
      proc(13, 12, ['cargo', 'build'], {rssBytes: 200 * MB}),
      proc(14, 10, ['python', '-m', 'studio_design_mcp'], {rssBytes: 60 * MB}),
      proc(15, 10, ['rg', '--json', 'x'], {rssBytes: 10 * MB}),
      proc(20, 1, ['/home/u/.local/bin/claude', '--resume'], {name: '2.1.201', cwd: '/home/u/work/api', rssBytes: 250 * MB}),
      proc(30, 1, ['node', '/srv/other.js'], {rssBytes: 999 * MB}), // not Claude Code
    ],
  };
}

describe('sessionTrees', () => {
  it('walks the whole descendant subtree of each root', () => {
    const trees = sessionTrees(machine().processes);
    expect(trees.map((t) => t.root.process.pid)).toEqual([10, 20]);
    expect(trees[0]!.members.map((p) => p.pid)).toEqual([10, 11, 12, 13, 14, 15]);
    expect(trees[1]!.members.map((p) => p.pid)).toEqual([20]);
  });

  it('survives cycles in the parent links', () => {
    // The root names itself as parent; pid 41 read twice (reused between reads) closes 41 -> 42 -> 41.
    const processes = [proc(40, 40, ['claude']), proc(41, 40, ['a']), proc(42, 41, ['b']), proc(41, 42, ['a-again']), proc(43, 42, ['c'])];
    const trees = sessionTrees(processes);
    expect(trees).toHaveLength(1);
    expect(trees[0]!.members.map((p) => p.pid)).toEqual([40, 41, 42, 43]);
  });

  it('leaves out aura itself run from a session, and what it started (its restart for a large read)', () => {
    const processes = [
      proc(60, 1, ['claude'], {rssBytes: 100}),
      proc(61, 60, ['bash'], {rssBytes: 10}),
      proc(62, 61, ['node', '/usr/lib/node_modules/aura-dashboard/bin/aura', 'activity'], {rssBytes: 70}),
      proc(63, 62, ['node', '--max-semi-space-size=4', '/usr/lib/node_modules/aura-dashboard/bin/aura', 'activity'], {rssBytes: 80}),
      proc(64, 61, ['make'], {rssBytes: 5}),
    ];
    expect(sessionTrees(processes).map((t) => t.members.map((p) => p.pid))).toEqual([[60, 61, 64]]);
  });

  it('makes a claude started inside a session its own session, not counted in the outer one', () => {
    const processes = [
      proc(50, 1, ['claude'], {rssBytes: 100}),
      proc(51, 50, ['bash', '-c', 'claude -p hi'], {rssBytes: 10}),
      proc(52, 51, ['claude', '-p', 'hi'], {rssBytes: 1000}),
      proc(53, 52, ['node', 'mcp.js'], {rssBytes: 5000}),
    ];
    const trees = sessionTrees(processes);
    expect(trees.map((t) => t.members.map((p) => p.pid))).toEqual([[50, 51], [52, 53]]);
    const report = buildActivityReport({takenAt: 1, processes}, null);
    expect(report.totals.memoryBytes).toBe(6110);
    expect(report.sessions.map((s) => [s.pid, s.memoryBytes])).toEqual([[52, 6000], [50, 110]]);
  });
});

describe('cpuPercents', () => {
  it('is unknown on the first sample', () => {
    const t = machine();
    expect([...cpuPercents(null, t).values()].every((v) => v === null)).toBe(true);
  });

  it('divides the CPU time used between two samples by the wall time', () => {
    const t1 = machine();
    const t2 = later(t1, 2000, {11: 1000, 13: 3000});
    const cpu = cpuPercents(t1, t2);
    expect(cpu.get(11)).toBe(50);
    expect(cpu.get(13)).toBe(150); // several cores
    expect(cpu.get(10)).toBe(0);
  });

  it('counts all CPU time of a process started since the previous sample; unknown for one unseen before', () => {
    const t1 = machine();
    const t2 = later(t1, 1000, {});
    t2.processes.push(proc(60, 10, ['make'], {startTime: t1.takenAt + 200, cpuTimeMs: 400}));
    t2.processes.push(proc(61, 10, ['late'], {startTime: t1.takenAt - 60_000, cpuTimeMs: 400}));
    const cpu = cpuPercents(t1, t2);
    expect(cpu.get(60)).toBe(40);
    expect(cpu.get(61)).toBeNull();
  });

  it('does not mistake a reused pid for the old process', () => {
    const t1 = machine();
    const t2 = later(t1, 1000, {});
    const i = t2.processes.findIndex((p) => p.pid === 15);
    t2.processes[i] = {...t2.processes[i]!, startTime: t1.takenAt + 500, cpuTimeMs: 100};
    expect(cpuPercents(t1, t2).get(15)).toBe(10);
  });
});

describe('buildActivityReport', () => {
  it('shows "measuring" (null CPU) on the first sample but memory at once', () => {
    const r = buildActivityReport(machine(), null);
    expect(r.intervalMs).toBeNull();
    expect(r.totals.cpuPercent).toBeNull();
    expect(r.sessions.every((s) => s.cpuPercent === null)).toBe(true);
    expect(r.sessions.find((s) => s.pid === 10)!.memoryBytes).toBe(654 * MB);
  });

  it('sums CPU and memory per session, sorts sessions by CPU and totals them', () => {
    const t1 = machine();
    const t2 = later(t1, 1000, {10: 50, 11: 200, 13: 900, 14: 10, 20: 1200, 30: 1000});
    const r = buildActivityReport(t2, t1, new Map([[10, {sessionId: 'aaaa-1111', mtimeMs: 1}]]));
    expect(r.intervalMs).toBe(1000);
    expect(r.sessions.map((s) => s.pid)).toEqual([20, 10]);
    const a = r.sessions[1]!;
    expect(a.cpuPercent).toBeCloseTo(116, 6);
    expect(a.memoryBytes).toBe(654 * MB);
    expect(a.processCount).toBe(6);
    expect(a.project).toBe('app');
    expect(a.sessionId).toBe('aaaa-1111');
    expect(r.sessions[0]!.sessionId).toBeNull();
    expect(r.totals).toEqual({cpuPercent: 236, memoryBytes: 904 * MB, sessions: 2});
  });

  it('lists the three heaviest descendants with readable labels, or the root when alone', () => {
    const t1 = machine();
    const r = buildActivityReport(later(t1, 1000, {11: 200, 13: 900, 14: 10, 15: 5}), t1);
    const a = r.sessions.find((s) => s.pid === 10)!;
    expect(a.culprits.map((c) => [c.label, c.cpuPercent])).toEqual([
      ['cargo build', 90],
      ['node design-mcp-server', 20],
      ['python studio_design_mcp', 1],
    ]);
    const b = r.sessions.find((s) => s.pid === 20)!;
    expect(b.culprits.map((c) => c.label)).toEqual(['claude --resume']);
  });

  it('orders culprits by memory while CPU is still being measured', () => {
    const a = buildActivityReport(machine(), null).sessions.find((s) => s.pid === 10)!;
    expect(a.culprits.map((c) => c.pid)).toEqual([13, 11, 14]);
  });

  it('keeps the tree shape, depth-first', () => {
    const a = buildActivityReport(machine(), null).sessions.find((s) => s.pid === 10)!;
    expect(flattenTree(a.root).map(({process, depth}) => `${depth}:${process.label}`)).toEqual([
      '0:claude',
      '1:node design-mcp-server',
      '1:bash cargo',
      '2:cargo build',
      '1:python studio_design_mcp',
      '1:rg --json',
    ]);
  });

  it('names a session without a readable cwd by its pid', () => {
    const r = buildActivityReport({takenAt: 1, processes: [proc(7, 1, ['claude'])]}, null);
    expect(r.sessions[0]!.project).toBe('pid 7');
  });

  it('reports nothing when no Claude Code runs', () => {
    const r = buildActivityReport({takenAt: 1, processes: [proc(1, 0, ['init']), proc(2, 1, ['Claude'], {exe: '/Applications/Claude.app/Contents/MacOS/Claude', argv: ['/Applications/Claude.app/Contents/MacOS/Claude']})]}, null);
    expect(r.sessions).toEqual([]);
    expect(r.totals).toEqual({cpuPercent: null, memoryBytes: 0, sessions: 0});
    const empty = {takenAt: 1, processes: [proc(1, 0, ['init'])]};
    expect(buildActivityReport(later(empty, 1000, {1: 10}), empty).totals).toEqual({cpuPercent: 0, memoryBytes: 0, sessions: 0});
  });
});

describe('zombie sessions', () => {
  it('a zombie `claude` is not listed as a session; a live one beside it is', () => {
    const table: ProcessTable = {
      takenAt: 1,
      processes: [proc(1, 0, ['/sbin/init']), proc(50, 1, [], {name: 'claude', state: 'Z'}), proc(51, 1, ['claude'], {name: 'claude', state: 'S', cwd: '/w/app'})],
    };
    expect(buildActivityReport(table, null).sessions.map((s) => s.pid)).toEqual([51]);
  });
});
