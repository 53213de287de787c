// The Activity tab end to end: the built `aura` in a real terminal (tmux) while a real
// `claude` (a shell script with a busy and an idle child, in a temp project with a matching
// transcript) runs. The card, its culprits, the tree, SIGTERM from the tab, and the restart
// of sampling when the tab comes back on screen.
import {spawn, type ChildProcess} from 'node:child_process';
import {chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {projectSlug} from '../src/core/activity/slug.js';
import {ROOT} from './helpers/shared.js';
import {hasTmux, TmuxSession} from './helpers/tmux.js';

const BIN = join(ROOT, 'bin', 'aura');
const SESSION_ID = 'c0ffee42-9a7b-4c1d-8e2f-3a4b5c6d7e8f';

let tmp: string;
let project: string;
let claude: ChildProcess | undefined;

const term = new TmuxSession(`aura-activity-e2e-${process.pid}`, 'act');
const screen = () => term.screen();
const waitFor = (what: string, ok: (s: string) => boolean, timeoutMs?: number) => term.until(what, ok, timeoutMs);
const keys = (...k: string[]) => term.keys(...k);

const line = (s: string, needle: string) => s.split('\n').find((l) => l.includes(needle)) ?? '';

describe.skipIf(!hasTmux || process.platform !== 'linux')('the Activity tab in a real terminal (tmux)', () => {
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'aura-activity-e2e-'));
    project = join(tmp, 'work', 'e2e-proj');
    const claudeDir = join(tmp, 'claude');
    const sessions = join(claudeDir, 'projects', projectSlug(project));
    mkdirSync(sessions, {recursive: true});
    mkdirSync(project, {recursive: true});
    const usage = {input_tokens: 1500, output_tokens: 301, cache_creation_input_tokens: 0, cache_read_input_tokens: 0};
    writeFileSync(
      join(sessions, `${SESSION_ID}.jsonl`),
      `${JSON.stringify({type: 'assistant', cwd: project, sessionId: SESSION_ID, requestId: 'req_e2e', uuid: 'u', timestamp: new Date().toISOString(), message: {id: 'msg_e2e', model: 'claude-sonnet-4-6', role: 'assistant', type: 'message', content: [], usage}})}\n`,
    );
    const bin = join(tmp, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'busy-loop.js'), 'const end = Date.now() + 25_000;\nwhile (Date.now() < end) {}\n');
    writeFileSync(join(bin, 'claude'), `#!/bin/sh\n"${process.execPath}" "${join(bin, 'busy-loop.js')}" &\nsleep 30 &\nwait\n`);
    chmodSync(join(bin, 'claude'), 0o755);
    claude = spawn(join(bin, 'claude'), [], {cwd: project, detached: true, stdio: 'ignore'});

    const home = join(tmp, 'home');
    mkdirSync(join(home, '.config', 'aura'), {recursive: true});
    writeFileSync(join(home, '.config', 'aura', 'config.toml'), '[ui]\ndefault_tab = "activity"\n[quota]\nenabled = false\n[activity]\nrefresh_secs = 1\n');
    const env = {PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_CACHE_HOME: join(home, '.cache'), XDG_STATE_HOME: join(home, '.state'), TERM: 'xterm-256color', LANG: 'C.UTF-8'};
    term.start(['bash', '--norc', '--noprofile'], env, {columns: 110, rows: 32});
    term.line(`clear; node ${BIN} --tz UTC --claude-dir ${claudeDir}; echo AURA-EXIT=$?`);
  });

  afterAll(async () => {
    // aura may still be running (a failed step): quit it and let it exit before removing its HOME.
    if (hasTmux) {
      try {
        if (!screen().includes('AURA-EXIT=')) {
          await keys('Escape', 'n', 'q');
          await waitFor('aura to exit', (x) => x.includes('AURA-EXIT='), 5000);
        }
      } catch {
        // the session is gone or aura is stuck: kill-server ends it
      }
      term.kill();
    }
    if (claude?.pid !== undefined) {
      try {
        process.kill(-claude.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    // aura may still be writing its index after kill-server on a busy machine: retry (linear back-off, ~5 s).
    rmSync(tmp, {recursive: true, force: true, maxRetries: 10, retryDelay: 100});
  });

  it('shows the live session, its tree, and ends a process with K', async () => {
    const pid = claude!.pid!;
    let s = await waitFor('the session card with CPU figures', (x) => /e2e-proj · c0ffee42….*\d+% CPU/.test(x) && x.includes('↳ node busy-loop.js'));
    expect(s).toContain('ACTIVITY · live ⟳ 1s');
    const card = line(s, 'e2e-proj · c0ffee42…');
    expect(card).toMatch(/\d+% CPU · \d+ MB · 1\.8K tokens today/);
    expect(line(s, '↳ node busy-loop.js')).toMatch(/\d+% · \d+ MB/);
    expect(s).toContain('↳ sleep 30');
    expect(s).toMatch(/Total Claude Code: \d+% CPU · .+ · \d+ sessions?/);

    // Select our card (other sessions may run on this machine), open its tree.
    for (let i = 0; i < 10 && !line(screen(), 'e2e-proj').includes('▸'); i++) await keys('Down');
    await keys('Enter');
    s = await waitFor('the tree', (x) => x.includes(`${pid}  claude`));
    const busyRow = line(s, 'node busy-loop.js');
    const busyPid = Number(/(\d+) {2}node busy-loop\.js/.exec(busyRow)?.[1]);
    expect(busyPid).toBeGreaterThan(0);
    expect(line(s, 'sleep 30')).toMatch(/^ {6}\d+ {2}sleep 30/);

    // Walk down to the busy process (the tree starts at the root) and end it.
    const rows = s.split('\n').filter((l) => /^ {4,}\d+ {2}\S/.test(l));
    const steps = rows.findIndex((l) => l.includes('node busy-loop.js'));
    expect(steps).toBeGreaterThan(0);
    for (let i = 0; i < steps; i++) await keys('Down');
    await keys('K');
    await waitFor('the confirmation', (x) => x.includes(`Send SIGTERM to PID ${busyPid} (node busy-loop.js)? y/N`));
    await keys('y');
    s = await waitFor('the SIGTERM result and the process gone', (x) => x.includes(`sent SIGTERM to PID ${busyPid}`) && !x.includes('node busy-loop.js'));
    expect(s).toContain(`${pid}  claude`);

    // Leaving the tab stops sampling; coming back measures afresh.
    await keys('Escape', 'Tab');
    await waitFor('another tab', (x) => !x.includes('ACTIVITY · live'));
    await keys('BTab');
    await waitFor('the Activity tab measuring again', (x) => x.includes('ACTIVITY · live') && x.includes('measuring…'));
    await waitFor('CPU figures again', (x) => /e2e-proj · c0ffee42….*\d+% CPU/.test(x));

    await keys('q');
    await waitFor('aura to exit', (x) => x.includes('AURA-EXIT=0'));
  }, 60_000);
});
