// The fleet in a real terminal (tmux): `aura pair` creates a fleet in one home and shows the code
// once, `aura pair join` takes it hidden in another, and the dashboard's Fleet tab shows both
// machines over the loopback broker while the second one runs `aura fleet run`.
import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {BIN, HOUR, makeFleetHome, ROOT, type FleetHome} from './helpers/fleet-home.js';
import {NtfyBroker} from './helpers/ntfy-broker.js';
import {hasTmux, TmuxSession} from './helpers/tmux.js';

const SOCKET = `aura-fleet-${process.pid}`;
const NOW = Date.now();
const CODE = /([a-z2-7]{4}-){12}[a-z2-7]{4}/;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One terminal per machine, both on one tmux server. */
const terms = {alpha: new TmuxSession(SOCKET, 'alpha'), bravo: new TmuxSession(SOCKET, 'bravo')};
type Machine = keyof typeof terms;
const waitFor = (w: Machine, what: string, ok: (s: string) => boolean, ms = 20_000) => terms[w].until(`${what} (${w})`, ok, ms);

let broker: NtfyBroker;
let base: string;
let alpha: FleetHome;
let bravo: FleetHome;
let bravoRun: ChildProcess | null = null;

const open = (w: Machine, home: FleetHome): void => terms[w].start(['bash', '--norc', '--noprofile'], {...home.env, TERM: 'xterm-256color'}, {columns: 120, rows: 30});
const type = (w: Machine, line: string) => terms[w].line(line);

describe.skipIf(!hasTmux)('fleet in a real terminal (tmux)', () => {
  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist/src/cli/main.js'))) spawnSync('npm', ['run', 'build'], {cwd: ROOT, stdio: 'ignore'});
    broker = await NtfyBroker.start();
    base = mkdtempSync(join(tmpdir(), 'aura-fleet-tty-'));
    alpha = makeFleetHome(base, 'alpha', broker.url, [{at: NOW - HOUR, input: 2500, output: 500}], NOW, '[ui]\ndefault_tab = "summary"\n');
    bravo = makeFleetHome(base, 'bravo', broker.url, [{at: NOW - HOUR, input: 800, output: 200}], NOW);
    open('alpha', alpha);
    open('bravo', bravo);
  });

  afterAll(async () => {
    if (bravoRun && bravoRun.exitCode === null) {
      const exited = new Promise((r) => bravoRun!.once('exit', r));
      bravoRun.kill('SIGTERM');
      await exited;
    }
    if (hasTmux) {
      // Quit the dashboards the way a user does and give them time to write their last files;
      // kill-server then ends whatever is left.
      for (const t of Object.values(terms)) {
        try {
          await t.keys('q');
        } catch {
          // that terminal is gone already
        }
      }
      await sleep(1500);
      terms.alpha.kill();
    }
    await broker?.close();
    if (base) {
      try {
        rmSync(base, {recursive: true, force: true, maxRetries: 10, retryDelay: 100});
      } catch (err) {
        // A process of the dashboard still finishing on a loaded machine: the temp dir is left behind.
        console.warn(`left ${base}: ${(err as Error).message}`);
      }
    }
  });

  let code = '';

  it('aura pair: create shows the code once, then it leaves the screen', async () => {
    type('alpha', `clear; node ${BIN} pair; echo PAIR-EXIT=$?`);
    await waitFor('alpha', 'the menu', (s) => s.includes('create a fleet'));
    await terms.alpha.keys('n');
    const shown = await waitFor('alpha', 'the code', (s) => CODE.test(s));
    code = CODE.exec(shown)![0];
    expect(shown).toContain('Pairing code (paste on the other machine):');
    await terms.alpha.keys('Enter');
    const after = await waitFor('alpha', 'the prompt to close', (s) => s.includes('PAIR-EXIT=0'));
    expect(after).toContain('Code generated');
    expect(after).not.toMatch(CODE);
  });

  it('aura pair join: the pasted code is never echoed', async () => {
    type('bravo', `clear; node ${BIN} pair join; echo JOIN-EXIT=$?`);
    await waitFor('bravo', 'the join prompt', (s) => s.includes('Paste the pairing code'));
    terms.bravo.text(code);
    const typed = await waitFor('bravo', 'the hidden input', (s) => s.includes('52 of 52 characters'));
    expect(typed).not.toContain(code.slice(0, 14));
    await terms.bravo.keys('Enter');
    const done = await waitFor('bravo', 'joining', (s) => s.includes('JOIN-EXIT=0'));
    expect(done).toContain('Joined fleet.');
    expect(done).not.toContain(code.slice(0, 14));
  });

  it('the dashboard runs the loop and its Fleet tab shows both machines with their shares', async () => {
    bravoRun = spawn(process.execPath, [BIN, 'fleet', 'run'], {env: bravo.env, stdio: 'ignore'});
    type('alpha', `clear; node ${BIN}; echo AURA-EXIT=$?`);
    const bar = await waitFor('alpha', 'the tab bar', (s) => / Fleet /.test(s));
    const key = /(\d) Fleet /.exec(bar)![1]!;
    await terms.alpha.keys(key);
    const fleet = await waitFor('alpha', 'both machines', (s) => /● bravo .*25%/.test(s) && /● alpha \(you\).*75%/.test(s), 30_000);
    expect(fleet).toContain('5h session: 40%   Weekly: 55%');
    expect(fleet).toMatch(/● alpha \(you\)\s+updated \d+s ago\s+5h .*75%\s+wk .*75%/);
    await terms.alpha.keys('q');
    await waitFor('alpha', 'the dashboard to quit', (s) => s.includes('AURA-EXIT=0'));
    // The dashboard released the publisher lock on the way out.
    expect(existsSync(join(alpha.dir, '.local/state/aura/fleet.lock'))).toBe(false);
  });
});
