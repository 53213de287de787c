// `aura --demo`: a deterministic synthetic process table behind the same adapter interface,
// so the demo runs the real pipeline (classification, trees, labels, CPU from two samples).
import type {ActivityAdapter, ProcessTarget} from './monitor.js';
import {projectSlug} from './slug.js';
import type {ProcessDetails, ProcessInfo, ProcessTable, TranscriptRef} from './types.js';

const MB = 1024 * 1024;

interface DemoProcess {
  pid: number;
  ppid: number;
  name: string;
  argv: string[];
  exe: string;
  cwd: string;
  rssMb: number;
  /** CPU % this process shows; each sample wobbles it by a fixed pattern. */
  cpu: number;
}

const HOME = '/home/demo/code';
const NODE = '/usr/bin/node';

const DEMO_TABLE: DemoProcess[] = [
  {pid: 1, ppid: 0, name: 'systemd', argv: ['/sbin/init'], exe: '/usr/lib/systemd/systemd', cwd: '/', rssMb: 12, cpu: 0},
  // An npm install: process.title left just "claude".
  {pid: 4101, ppid: 1, name: 'claude', argv: ['claude'], exe: NODE, cwd: `${HOME}/aura-web`, rssMb: 412, cpu: 6},
  {pid: 4120, ppid: 4101, name: 'node', argv: ['node', `${HOME}/mcp/design-mcp-server/dist/index.js`], exe: NODE, cwd: `${HOME}/aura-web`, rssMb: 188, cpu: 3},
  {pid: 4133, ppid: 4101, name: 'bash', argv: ['/bin/bash', '-c', "source ~/.claude/shell-snapshots/snapshot-bash.sh && eval 'cargo build --release' < /dev/null"], exe: '/usr/bin/bash', cwd: `${HOME}/aura-web`, rssMb: 4, cpu: 0},
  {pid: 4134, ppid: 4133, name: 'cargo', argv: ['cargo', 'build', '--release'], exe: '/home/demo/.cargo/bin/cargo', cwd: `${HOME}/aura-web`, rssMb: 96, cpu: 2},
  {pid: 4140, ppid: 4134, name: 'rustc', argv: ['rustc', '--crate-name', 'aura_core', '--edition=2021'], exe: '/home/demo/.rustup/toolchains/stable/bin/rustc', cwd: `${HOME}/aura-web`, rssMb: 1240, cpu: 97},
  {pid: 4141, ppid: 4134, name: 'rustc', argv: ['rustc', '--crate-name', 'aura_tui', '--edition=2021'], exe: '/home/demo/.rustup/toolchains/stable/bin/rustc', cwd: `${HOME}/aura-web`, rssMb: 860, cpu: 64},
  {pid: 4150, ppid: 4101, name: 'python3', argv: ['python', '-m', 'studio_design_mcp'], exe: '/usr/bin/python3.12', cwd: `${HOME}/aura-web`, rssMb: 74, cpu: 1},
  // A native install: its name is the version, argv[0] is claude.
  {pid: 5202, ppid: 1, name: '2.1.201', argv: ['/home/demo/.local/bin/claude', '--resume'], exe: '/home/demo/.local/share/claude/versions/2.1.201', cwd: `${HOME}/api-gateway`, rssMb: 356, cpu: 4},
  {pid: 5230, ppid: 5202, name: 'npm exec @playw', argv: ['npm exec @playwright/mcp@latest'], exe: NODE, cwd: `${HOME}/api-gateway`, rssMb: 92, cpu: 1},
  {pid: 5231, ppid: 5230, name: 'node', argv: ['node', '/home/demo/.npm/_npx/9f2/node_modules/@playwright/mcp/cli.js'], exe: NODE, cwd: `${HOME}/api-gateway`, rssMb: 140, cpu: 2},
  {pid: 5244, ppid: 5202, name: 'bash', argv: ['/bin/bash', '-c', 'npm test'], exe: '/usr/bin/bash', cwd: `${HOME}/api-gateway`, rssMb: 4, cpu: 0},
  {pid: 5245, ppid: 5244, name: 'node', argv: ['node', `${HOME}/api-gateway/node_modules/vitest/vitest.mjs`, 'run'], exe: NODE, cwd: `${HOME}/api-gateway`, rssMb: 310, cpu: 38},
  {pid: 6310, ppid: 1, name: 'claude', argv: ['claude', '--continue'], exe: '/home/demo/.local/share/claude/versions/2.1.201', cwd: `${HOME}/notes`, rssMb: 268, cpu: 1},
  // Not Claude Code: the desktop app and an unrelated server stay out.
  {pid: 7001, ppid: 1, name: 'Claude', argv: ['/opt/Claude.app/Contents/MacOS/Claude'], exe: '/opt/Claude.app/Contents/MacOS/Claude', cwd: '/', rssMb: 520, cpu: 12},
  {pid: 7100, ppid: 1, name: 'node', argv: ['node', '/srv/site/server.js'], exe: NODE, cwd: '/srv/site', rssMb: 150, cpu: 9},
];

/** A fixed, repeating wobble so numbers move like a live monitor yet every run is identical. */
const WOBBLE = [0, 0.08, -0.05, 0.12, -0.1, 0.03];

export interface DemoAdapterOptions {
  /** Session ids to show for the demo projects (e.g. the demo corpus's latest), in project order. */
  sessionIds?: () => readonly string[];
  /** Clock (tests fix it). */
  now?: () => number;
}

const DEMO_PROJECTS = [...new Set(DEMO_TABLE.filter((p) => p.ppid === 1 && p.name !== 'Claude').map((p) => projectSlug(p.cwd)))];
const FALLBACK_IDS = ['5f0c2a9e-1b7d-4c3e-9a41-7e2d8b6f1c03', 'a81d44b0-6c2e-4f19-8d5a-0b9e3c7a2f61', '3c9e7b12-d4a8-4e6f-b1c0-92f8a5d6e7b4'];

export function createDemoAdapter(options: DemoAdapterOptions = {}): ActivityAdapter {
  const now = options.now ?? Date.now;
  const killed = new Set<number>();
  const cpuTime = new Map<number, number>();
  let tick = 0;
  let last: number | null = null;
  const alive = () => DEMO_TABLE.filter((p) => !killed.has(p.pid));
  const startTime = (p: DemoProcess) => 1_700_000_000_000 + p.pid * 1000;

  return {
    async sample(): Promise<ProcessTable> {
      const takenAt = now();
      const elapsed = last === null ? 0 : Math.max(0, takenAt - last);
      last = takenAt;
      const processes: ProcessInfo[] = alive().map((p, i) => {
        const rate = Math.max(0, p.cpu * (1 + WOBBLE[(tick + i) % WOBBLE.length]!));
        const used = (cpuTime.get(p.pid) ?? 0) + (rate / 100) * elapsed;
        cpuTime.set(p.pid, used);
        return {pid: p.pid, ppid: p.ppid, name: p.name, argv: p.argv, exe: null, cwd: null, cpuTimeMs: used, rssBytes: p.rssMb * MB, startTime: startTime(p)};
      });
      tick++;
      return {takenAt, processes};
    },
    async details(pids: readonly number[], withCwd: ReadonlySet<number>): Promise<Map<number, ProcessDetails>> {
      const out = new Map<number, ProcessDetails>();
      for (const p of alive()) if (pids.includes(p.pid)) out.set(p.pid, {exe: p.exe, cwd: withCwd.has(p.pid) ? p.cwd : null});
      return out;
    },
    async newestTranscript(slug: string): Promise<TranscriptRef | null> {
      const i = DEMO_PROJECTS.indexOf(slug);
      if (i < 0) return null;
      const id = options.sessionIds?.()[i] ?? FALLBACK_IDS[i];
      return id === undefined ? null : {sessionId: id, mtimeMs: 0};
    },
    async terminate({pid}: ProcessTarget): Promise<string> {
      if (killed.has(pid) || !DEMO_TABLE.some((p) => p.pid === pid)) throw new Error(`PID ${pid} is no longer running`);
      // The demo process and everything under it exits.
      const stack = [pid];
      while (stack.length > 0) {
        const next = stack.pop()!;
        killed.add(next);
        for (const c of DEMO_TABLE) if (c.ppid === next && !killed.has(c.pid)) stack.push(c.pid);
      }
      return `sent SIGTERM to PID ${pid} (demo)`;
    },
  };
}
