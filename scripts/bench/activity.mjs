#!/usr/bin/env node
// Activity sampler cost (target: ≤ 5 % of one core at the tab's 3 s refresh on a machine with
// ~300 processes). Spawns ~250 `sleep`s and one fake Claude Code session (a process whose
// argv[0] is `claude`, with two children, its project folder holding 200 transcripts), then runs just the sampling
// loop in a child process for BENCH_ACTIVITY_SECS (default 30) and reads that process's CPU
// time. Both samplers are measured: /proc (the Linux default) and ps-list + pidusage (the
// default elsewhere). Then the whole dashboard in tmux, on the Activity tab and on another
// tab (where nothing samples). Everything spawned is killed at the end. Needs `npm run build`.
import {execFileSync, spawn, spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const seconds = Number(process.env.BENCH_ACTIVITY_SECS ?? 30);
const refreshSecs = 3;
const BUDGET = 5; // % of one core
const TARGET_PROCESSES = 300;

if (process.platform !== 'linux') {
  console.log('activity: skipped (the benchmark spawns its process table with Linux tools)');
  process.exit(0);
}

const tmp = mkdtempSync(join(tmpdir(), 'aura-bench-activity-'));
const children = [];
const cleanup = () => {
  for (const c of children) {
    try {
      process.kill(-c.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  rmSync(tmp, {recursive: true, force: true});
};
process.on('SIGINT', () => {
  cleanup();
  process.exit(130);
});

const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], {encoding: 'utf8'}).trim()) || 100;
const countProcesses = () => readdirSync('/proc').filter((d) => /^\d+$/.test(d)).length;
const detached = (cmd, args, opts = {}) => {
  const c = spawn(cmd, args, {detached: true, stdio: 'ignore', ...opts});
  children.push(c);
  return c;
};

try {
  // A fake Claude Code session, so the whole pipeline runs (trees, readlinks, transcript lookup).
  const project = join(tmp, 'work', 'bench-project');
  const claudeDir = join(tmp, 'claude');
  const {projectSlug} = await import(join(root, 'dist/src/core/activity/slug.js'));
  const slug = projectSlug(project);
  mkdirSync(project, {recursive: true});
  mkdirSync(join(claudeDir, 'projects', slug), {recursive: true});
  for (let i = 0; i < 200; i++) writeFileSync(join(claudeDir, 'projects', slug, `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000.jsonl`), '{}\n');
  // argv[0] "claude" (as a native install shows), two children, cwd in the project.
  const idle = seconds * 3 + 60;
  detached(process.execPath, ['-e', `const {spawn} = require('node:child_process'); for (let i = 0; i < 2; i++) spawn('sleep', ['${idle}'], {stdio: 'ignore'}); setTimeout(() => {}, ${idle} * 1000);`], {cwd: project, argv0: 'claude'});

  const sleeps = Math.max(0, TARGET_PROCESSES - countProcesses() - 3);
  for (let i = 0; i < sleeps; i++) detached('sleep', [String(seconds * 3 + 60)]);
  await new Promise((r) => setTimeout(r, 500));
  const processes = countProcesses();

  // The loop the tab runs (setTimeout chain at refresh_secs), nothing else.
  const loop = `
    const {createProcessAdapter} = await import(${JSON.stringify(join(root, 'dist/src/adapters/processes.js'))});
    const {ActivityMonitor} = await import(${JSON.stringify(join(root, 'dist/src/core/activity/monitor.js'))});
    const adapter = createProcessAdapter({projectsDirs: [${JSON.stringify(join(claudeDir, 'projects'))}], source: process.env.SOURCE});
    const monitor = new ActivityMonitor(adapter);
    // utime + stime + cutime + cstime: the \`ps\` children ps-list and pidusage start count too.
    const {readFileSync} = await import('node:fs');
    const cpuTicks = () => readFileSync('/proc/self/stat', 'latin1').split(') ')[1].split(' ').slice(11, 15).reduce((a, b) => a + Number(b), 0);
    const c0 = cpuTicks();
    const t0 = Date.now();
    let ticks = 0, sessions = 0, slowest = 0;
    const step = async () => {
      const s = performance.now();
      const r = await monitor.tick();
      slowest = Math.max(slowest, performance.now() - s);
      ticks++; sessions = r.sessions.length;
      if (Date.now() - t0 < ${seconds * 1000}) setTimeout(step, ${refreshSecs * 1000});
      else {
        const cpuMs = ((cpuTicks() - c0) / ${ticksPerSecond}) * 1000;
        adapter.close();
        console.log(JSON.stringify({cpuMs, wallMs: Date.now() - t0, ticks, sessions, slowest}));
      }
    };
    await step();
  `;
  const results = {};
  for (const source of ['proc', 'ps']) {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', loop], {cwd: root, env: {...process.env, SOURCE: source}, encoding: 'utf8', timeout: (seconds + 60) * 1000});
    results[source] = JSON.parse(out.trim().split('\n').pop());
  }

  const core = (r) => (r.cpuMs / r.wallMs) * 100;
  console.log(`activity: sampler CPU at ${refreshSecs} s refresh, ${processes} processes, ${seconds} s loop (target ≤ ${BUDGET} % of one core)`);
  for (const [source, r] of Object.entries(results)) {
    const pct = core(r);
    const name = source === 'proc' ? '/proc direct        ' : 'ps-list + pidusage  ';
    console.log(
      `  ${name} ${pct.toFixed(2)} % of a core (${r.cpuMs.toFixed(0)} ms CPU over ${(r.wallMs / 1000).toFixed(1)} s, ${r.ticks} samples, ${(r.cpuMs / r.ticks).toFixed(1)} ms/sample, slowest ${r.slowest.toFixed(0)} ms wall; sessions found ${r.sessions}) → ${(pct / BUDGET).toFixed(2)} of budget${pct <= BUDGET ? ', met' : ', NOT met'}`,
    );
  }
  console.log(`  ratio ps-list + pidusage / /proc: ${(core(results.ps) / core(results.proc)).toFixed(1)}x`);

  // The whole dashboard in a terminal (tmux): rendering included, then on another tab.
  if (spawnSync('tmux', ['-V']).status === 0) {
    const app = await dashboardCpu(claudeDir);
    console.log(`  aura dashboard, Activity tab open: ${app.open.toFixed(2)} % of a core over ${seconds} s → ${(app.open / BUDGET).toFixed(2)} of budget${app.open <= BUDGET ? ', met' : ', NOT met'}`);
    console.log(`  aura dashboard, another tab:        ${app.away.toFixed(2)} % of a core over ${app.awaySecs} s (sampling stopped)`);
  }
} finally {
  cleanup();
}

/** CPU of the real `aura` process (its children included) on the Activity tab, then on the first tab. */
async function dashboardCpu(claudeDir) {
  const home = join(tmp, 'home');
  mkdirSync(join(home, '.config', 'aura'), {recursive: true});
  writeFileSync(join(home, '.config', 'aura', 'config.toml'), '[ui]\ndefault_tab = "activity"\n[quota]\nenabled = false\n');
  const env = {PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_CACHE_HOME: join(home, '.cache'), XDG_STATE_HOME: join(home, '.state'), TERM: 'xterm-256color', LANG: 'C.UTF-8'};
  const socket = `aura-bench-activity-${process.pid}`;
  const tmux = (...args) => execFileSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'});
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  try {
    // `env -i` execs node in place: the pane's pid is aura's.
    tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'b', '-x', '120', '-y', '40', 'env', '-i', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), process.execPath, join(root, 'bin', 'aura'), '--claude-dir', claudeDir);
    const pid = Number(tmux('display', '-p', '-t', 'b', '#{pane_pid}').trim());
    for (let i = 0; i < 100 && !/\d+% CPU/.test(tmux('capture-pane', '-p', '-t', 'b')); i++) await sleep(100);
    await sleep(2000); // start-up settles
    const cpu = () => (readFileSync(`/proc/${pid}/stat`, 'latin1').split(') ')[1].split(' ').slice(11, 15).reduce((a, b) => a + Number(b), 0) / ticksPerSecond) * 1000;
    const measure = async (secs) => {
      const c0 = cpu();
      const t0 = Date.now();
      await sleep(secs * 1000);
      return ((cpu() - c0) / (Date.now() - t0)) * 100;
    };
    const open = await measure(seconds);
    tmux('send-keys', '-t', 'b', '1');
    await sleep(1000);
    const awaySecs = Math.max(5, Math.round(seconds / 2));
    const away = await measure(awaySecs);
    tmux('send-keys', '-t', 'b', 'q');
    return {open, away, awaySecs};
  } finally {
    spawnSync('tmux', ['-L', socket, 'kill-server']);
  }
}
