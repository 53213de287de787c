// The Activity monitor against real processes: an executable named `claude` (a shell
// script) started in a temp project folder, with a CPU-busy child (a bounded node loop) and
// an idle child (`sleep 30`), and a matching transcript in a temp Claude root. The built CLI
// (`aura activity --json`, a child process) must find it all; after the tree is killed, it
// must be gone. The adapters are also checked directly, /proc and ps-list + pidusage alike.
import {execFile, spawn, type ChildProcess} from 'node:child_process';
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createProcessAdapter, type ProcessSource} from '../src/adapters/processes.js';
import {ActivityMonitor} from '../src/core/activity/monitor.js';
import {projectSlug} from '../src/core/activity/slug.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin/aura');
const BUILT = join(ROOT, 'dist/src/cli/commands/activity.js');
const SESSION_ID = '7d3f2a10-5c4e-4b8a-9f61-0e2d4c6b8a13';
const INPUT = 1234;
const OUTPUT = 567;

const tmp = mkdtempSync(join(tmpdir(), 'aura-activity-'));
const project = join(tmp, 'work', 'my_app.v2-café'); // é: one dash in the slug
const claudeDir = join(tmp, 'claude');
const home = join(tmp, 'home');
const spawned: ChildProcess[] = [];

/** Kills a detached child's whole process group (the script and both of its children). */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function transcriptLine(): string {
  const at = new Date().toISOString();
  return `${JSON.stringify({
    type: 'assistant',
    cwd: project,
    sessionId: SESSION_ID,
    requestId: 'req_activity_1',
    uuid: 'u-1',
    timestamp: at,
    message: {id: 'msg_activity_1', model: 'claude-sonnet-4-6', role: 'assistant', type: 'message', content: [{type: 'text', text: 'ok'}], stop_reason: 'end_turn', usage: {input_tokens: INPUT, output_tokens: OUTPUT, cache_creation_input_tokens: 0, cache_read_input_tokens: 9999}},
  })}\n`;
}

beforeAll(() => {
  if (!existsSync(BUILT)) throw new Error('dist/ is missing: run `npm run build` first');
  mkdirSync(project, {recursive: true});
  mkdirSync(home, {recursive: true});
  const sessions = join(claudeDir, 'projects', projectSlug(project));
  mkdirSync(sessions, {recursive: true});
  writeFileSync(join(sessions, `${SESSION_ID}.jsonl`), transcriptLine());
  // An older session of the same project: the newest file is the active one.
  const old = join(sessions, '0ld0ld00-0000-4000-8000-000000000000.jsonl');
  writeFileSync(old, '');
  utimesSync(old, new Date(Date.now() - 86_400_000), new Date(Date.now() - 86_400_000));

  const bin = join(tmp, 'bin');
  mkdirSync(bin);
  // Bounded: the loop ends by itself after 20 s, the sleep after 30 s.
  writeFileSync(join(bin, 'busy-loop.js'), 'const end = Date.now() + 20_000;\nwhile (Date.now() < end) {}\n');
  writeFileSync(join(bin, 'claude'), `#!/bin/sh\n"${process.execPath}" "${join(bin, 'busy-loop.js')}" &\nsleep 30 &\nwait\n`);
  chmodSync(join(bin, 'claude'), 0o755);
});

afterAll(() => {
  for (const child of spawned) killGroup(child);
  rmSync(tmp, {recursive: true, force: true, maxRetries: 10, retryDelay: 100});
});

function startClaude(): ChildProcess {
  const child = spawn(join(tmp, 'bin', 'claude'), [], {cwd: project, detached: true, stdio: 'ignore'});
  spawned.push(child);
  return child;
}

async function aura(args: string[]) {
  const env = {PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache'), XDG_STATE_HOME: join(home, 'state'), NO_COLOR: '1'};
  const r = await run(process.execPath, [CLI, 'activity', '--claude-dir', claudeDir, '--tz', 'UTC', ...args], {env, timeout: 20_000});
  return r;
}

interface JsonNode {
  pid: number;
  label: string;
  cpuPercent: number | null;
  memoryBytes: number;
  children: JsonNode[];
}
interface JsonSession extends Omit<JsonNode, 'children'> {
  project: string;
  cwd: string | null;
  sessionId: string | null;
  tokensToday: number | null;
  processCount: number;
  children: JsonNode[];
  culprits: {pid: number; label: string; cpuPercent: number | null; memoryBytes: number}[];
}

/** Waits until `pid` has children running each of `names` (exec'd, not just forked), then lets their start-up settle. */
async function waitForChildren(pid: number, names: string[]): Promise<void> {
  const read = (path: string) => {
    try {
      return readFileSync(path, 'latin1');
    } catch {
      return '';
    }
  };
  for (let i = 0; i < 100; i++) {
    const running = readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d) && read(`/proc/${d}/stat`).split(') ')[1]?.split(' ')[1] === String(pid))
      .map((d) => read(`/proc/${d}/comm`).trim());
    if (names.every((n) => running.includes(n))) {
      await sleep(200);
      return;
    }
    await sleep(50);
  }
  throw new Error(`pid ${pid} did not start ${names.join(' and ')}`);
}

describe.skipIf(process.platform !== 'linux')('aura activity over real processes', () => {
  it('finds the session, its project, active session, both children and the busy one\'s CPU; gone once killed', async () => {
    const claude = startClaude();
    await waitForChildren(claude.pid!, ['node', 'sleep']);

    const {stdout, stderr} = await aura(['--json']);
    expect(stderr).toBe('');
    const doc = JSON.parse(stdout) as {intervalMs: number; sessions: JsonSession[]; totals: {cpuPercent: number; memoryBytes: number; sessions: number}};
    expect(doc.intervalMs).toBeGreaterThanOrEqual(900);
    const session = doc.sessions.find((s) => s.pid === claude.pid);
    expect(session, `no session for pid ${claude.pid} in ${stdout}`).toBeDefined();
    const s = session!;
    expect(s.project).toBe('my_app.v2-café');
    expect(s.cwd).toBe(project);
    expect(s.sessionId).toBe(SESSION_ID);
    expect(s.tokensToday).toBe(INPUT + OUTPUT);
    expect(s.label).toBe('claude');
    const labels = s.children.map((c) => c.label).sort();
    expect(labels).toEqual(['node busy-loop.js', 'sleep 30']);
    const busy = s.children.find((c) => c.label === 'node busy-loop.js')!;
    const idle = s.children.find((c) => c.label === 'sleep 30')!;
    expect(busy.cpuPercent).toBeGreaterThan(0);
    expect(idle.cpuPercent).toBe(0);
    expect(busy.memoryBytes).toBeGreaterThan(1024 * 1024);
    expect(s.culprits[0]!.label).toBe('node busy-loop.js');
    expect(s.cpuPercent).toBeGreaterThanOrEqual(busy.cpuPercent!);
    expect(s.memoryBytes).toBeGreaterThan(busy.memoryBytes + idle.memoryBytes); // the root's own RSS on top
    expect(s.processCount).toBe(3);
    expect(doc.totals.sessions).toBe(doc.sessions.length);
    expect(doc.totals.memoryBytes).toBeGreaterThanOrEqual(s.memoryBytes);

    const text = await aura([]);
    expect(text.stdout).toContain(`my_app.v2-café · ${SESSION_ID.slice(0, 8)}…`);
    expect(text.stdout).toMatch(new RegExp(`${claude.pid}\\s+\\d+%\\s+\\S+ \\S+\\s+claude\\n`));
    expect(text.stdout).toMatch(/├─ node busy-loop\.js|└─ node busy-loop\.js/);
    expect(text.stdout).toContain('sleep 30');
    expect(text.stdout).toMatch(/Total Claude Code: \d+% CPU · .+ · \d+ sessions?\n$/);

    killGroup(claude);
    await new Promise<void>((resolve) => (claude.exitCode !== null || claude.signalCode !== null ? resolve() : claude.once('exit', () => resolve())));
    await sleep(100);
    const after = JSON.parse((await aura(['--json'])).stdout) as {sessions: JsonSession[]};
    expect(after.sessions.find((x) => x.pid === claude.pid)).toBeUndefined();
    const pids = after.sessions.flatMap((x) => x.children.map((c) => c.pid));
    expect(pids).not.toContain(busy.pid);
  });
});

describe.skipIf(process.platform !== 'linux')('process adapters', () => {
  for (const source of ['proc', 'ps'] as ProcessSource[]) {
    it(`${source}: samples a claude-named process with its cwd, CPU and RSS, and signals it`, async () => {
      // argv[0] "claude": how a native install shows in ps, whatever the executable.
      const child = spawn(process.execPath, [join(tmp, 'bin', 'busy-loop.js')], {argv0: 'claude', cwd: project, detached: true, stdio: 'ignore'});
      spawned.push(child);
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
      await sleep(200);
      const adapter = createProcessAdapter({projectsDirs: [join(claudeDir, 'projects')], source});
      try {
        const monitor = new ActivityMonitor(adapter);
        const first = await monitor.tick();
        expect(first.intervalMs).toBeNull();
        expect(first.sessions.find((s) => s.pid === child.pid)?.cpuPercent).toBeNull();
        await sleep(700);
        const report = await monitor.tick();
        const s = report.sessions.find((x) => x.pid === child.pid);
        expect(s, `${source} did not find pid ${child.pid}`).toBeDefined();
        expect(s!.cwd).toBe(project);
        expect(s!.sessionId).toBe(SESSION_ID);
        expect(s!.cpuPercent).toBeGreaterThan(10);
        expect(s!.memoryBytes).toBeGreaterThan(1024 * 1024);

        await expect(adapter.terminate({pid: child.pid!, startTime: s!.startTime - 60_000})).rejects.toThrow(`PID ${child.pid} is no longer running`);
        expect(await adapter.terminate({pid: child.pid!, startTime: s!.startTime})).toBe(`sent SIGTERM to PID ${child.pid}`);
        expect(await exited).toBe('SIGTERM');
        await expect(adapter.terminate({pid: child.pid!, startTime: s!.startTime})).rejects.toThrow('is no longer running');
      } finally {
        adapter.close();
        killGroup(child);
      }
    });
  }

  it.skipIf(process.getuid?.() !== 0)('refuses to signal another user\'s process', async () => {
    const other = spawn('sleep', ['30'], {uid: 65534, gid: 65534, detached: true, stdio: 'ignore'});
    spawned.push(other);
    await sleep(100);
    const adapter = createProcessAdapter({projectsDirs: [], source: 'proc'});
    const table = await adapter.sample();
    const p = table.processes.find((x) => x.pid === other.pid)!;
    await expect(adapter.terminate({pid: p.pid, startTime: p.startTime})).rejects.toThrow(`PID ${other.pid} belongs to another user`);
    expect(other.exitCode).toBeNull();
    killGroup(other);
  });
});
