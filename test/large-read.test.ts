// A one-shot command about to read a large history restarts node with a small young generation
// (src/adapters/small-heap.ts). Through the built CLI: same output, warnings said once, the exit
// status passed on; and the restart itself, on a real child process.
import {spawn, spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {generateCorpus} from '../fixtures/generate.js';
import {ROOT} from './helpers/shared.js';

const tmp = mkdtempSync(join(tmpdir(), 'aura-large-read-'));
const claude = join(tmp, 'claude');
afterAll(() => rmSync(tmp, {recursive: true, force: true}));
beforeAll(async () => {
  await generateCorpus(claude, {seed: 5, sessions: 4, days: 5, now: Date.parse('2026-11-20T12:00:00Z')});
});

let homes = 0;
function aura(args: string[], env: Record<string, string> = {}) {
  const home = join(tmp, `home${++homes}`);
  mkdirSync(join(home, 'config/aura'), {recursive: true});
  // A config problem: its warning line must appear once, not once per process.
  writeFileSync(join(home, 'config/aura/config.toml'), '[ui]\nnope = 1\n');
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/aura'), ...args], {
    encoding: 'utf8',
    timeout: 30_000,
    env: {PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache'), TZ: 'UTC', ...env},
  });
  return {code: r.status, stdout: r.stdout, stderr: r.stderr};
}

describe('large reads', () => {
  it('reports are the same whether or not the read counts as large; warnings are said once', () => {
    for (const args of [['report', 'daily', '--json'], ['report', 'sessions', '--json']]) {
      const small = aura([...args, '--claude-dir', claude]);
      const large = aura([...args, '--claude-dir', claude], {AURA_LARGE_READ_BYTES: '1'});
      expect(large.code).toBe(0);
      expect(large.stdout).toBe(small.stdout);
      expect(large.stderr).toBe(small.stderr);
      expect(large.stderr.match(/aura: config:/g)).toHaveLength(1);
    }
    // Quota (its figures move with the clock) through the same path.
    const quota = aura(['quota', '--json', '--claude-dir', claude], {AURA_LARGE_READ_BYTES: '1'});
    expect(quota.code).toBe(0);
    expect(JSON.parse(quota.stdout).source).toBe('estimate');
    expect(quota.stderr.match(/aura: config:/g)).toHaveLength(1);
  });

  it('the restarted process runs with the small young generation and its status becomes ours', () => {
    const script = join(tmp, 'restart.mjs');
    writeFileSync(
      script,
      `const {restartWithSmallHeap} = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist/src/adapters/small-heap.js')).href)});
await restartWithSmallHeap();
console.log(JSON.stringify({argv: process.execArgv, startedBy: Number(process.env.AURA_HANDED_OVER) === process.ppid}));
process.exitCode = 3;
`,
    );
    const r = spawnSync(process.execPath, [script], {encoding: 'utf8', timeout: 20_000});
    expect(r.status).toBe(3);
    // One line: the first process never gets past the restart.
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual([{argv: ['--max-semi-space-size=4'], startedBy: true}]);
  });

  it('the restarted process ends when the one that started it is killed outright', async () => {
    const script = join(tmp, 'orphan.mjs');
    writeFileSync(
      script,
      `const {restartWithSmallHeap} = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist/src/adapters/small-heap.js')).href)});
await restartWithSmallHeap();
console.log(process.pid);
setTimeout(() => {}, 30_000);
`,
    );
    const first = spawn(process.execPath, [script], {stdio: ['ignore', 'pipe', 'inherit']});
    const restarted = await new Promise<number>((resolve) => first.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
    expect(restarted).not.toBe(first.pid);
    const alive = (pid: number): boolean => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(alive(restarted)).toBe(true);
    first.kill('SIGKILL');
    const end = Date.now() + 5000;
    while (alive(restarted) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    expect(alive(restarted)).toBe(false);
  });
});
