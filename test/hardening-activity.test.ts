// The Activity sampler against hostile real processes: a process whose argv (set with
// `exec -a`) and cwd hold escape sequences, and a zombie whose name is `claude`. /proc only
// (Linux): the zombie's state letter is what keeps it out of the sessions.
import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {afterAll, describe, expect, it} from 'vitest';
import {createProcessAdapter} from '../src/adapters/processes.js';
import {buildActivityReport} from '../src/core/activity/report.js';
import {sessionTrees} from '../src/core/activity/tree.js';
import {hasUnsafeText} from '../src/core/text.js';
import {ROOT} from './helpers/shared.js';

const hasProc = existsSync('/proc/self/stat');
const tmp = mkdtempSync(join(tmpdir(), 'aura-hostile-activity-'));
const spawned: ChildProcess[] = [];

afterAll(() => {
  for (const child of spawned) {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  rmSync(tmp, {recursive: true, force: true, maxRetries: 10, retryDelay: 100});
});

/** A detached bash script (its own process group, killed after the suite). */
function start(script: string, cwd = tmp): ChildProcess {
  const child = spawn('bash', ['-c', script], {cwd, detached: true, stdio: 'ignore'});
  spawned.push(child);
  return child;
}

/** Samples until `found` holds for the table (processes take a moment to exec). */
async function sampleUntil(found: (t: Awaited<ReturnType<ReturnType<typeof createProcessAdapter>['sample']>>) => boolean) {
  const adapter = createProcessAdapter({projectsDirs: [], source: 'proc'});
  try {
    for (let i = 0; i < 50; i++) {
      const table = await adapter.sample();
      if (found(table)) return {table, details: await adapter.details(table.processes.map((p) => p.pid), new Set(table.processes.map((p) => p.pid)))};
      await sleep(100);
    }
    throw new Error('the test processes did not appear');
  } finally {
    adapter.close();
  }
}

describe.skipIf(!hasProc)('hostile processes (/proc)', () => {
  it('argv and cwd with escapes: the session label and cwd are cleaned, also in `aura activity`', async () => {
    const dir = join(tmp, 'evil\u001b[2Jdir');
    mkdirSync(dir);
    const child = start(`exec -a "claude $(printf '\\e]0;X\\a')x" sleep 60`, dir);
    const {table, details} = await sampleUntil((t) => t.processes.some((p) => p.pid === child.pid && p.argv[0]?.startsWith('claude ')));
    const withCwd = table.processes.map((p) => ({...p, ...details.get(p.pid)}));
    const session = buildActivityReport({...table, processes: withCwd}, null).sessions.find((s) => s.pid === child.pid);
    expect(session?.root.label).toBe('claude \ufffd]0;X\ufffdx');
    expect(session?.cwd).toBe(join(tmp, 'evil\ufffd[2Jdir'));
    expect(session?.project).toBe('evil\ufffd[2Jdir');

    const r = spawnSync(process.execPath, [join(ROOT, 'bin/aura'), 'activity'], {encoding: 'utf8', timeout: 20_000, env: {PATH: process.env.PATH ?? '', HOME: tmp, TZ: 'UTC'}});
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('claude \ufffd]0;X\ufffdx');
    expect(r.stdout.split('\n').filter(hasUnsafeText)).toEqual([]);
  });

  it('a zombie named claude is not a session', async () => {
    // A copy of sleep named claude exits at once; its parent execs into a sleep that never reaps it.
    const claude = join(tmp, 'claude');
    copyFileSync('/bin/sleep', claude);
    const parent = start(`"${claude}" 0 & exec sleep 60`);
    const {table} = await sampleUntil((t) => t.processes.some((p) => p.ppid === parent.pid && p.name === 'claude' && p.argv.length === 0));
    const zombie = table.processes.find((p) => p.ppid === parent.pid && p.name === 'claude')!;
    expect(zombie.state).toBe('Z');
    expect(sessionTrees(table.processes).map((t) => t.root.process.pid)).not.toContain(zombie.pid);
  });
});
