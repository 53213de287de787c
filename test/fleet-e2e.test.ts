// Two aura homes on one machine (separate HOME, file secret store), paired through the built CLI,
// each running `aura fleet run` against the loopback broker: each lists the other with the right
// shares, a stopped one goes stale, and hostile messages on the live topic change nothing.
import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {DropCounts} from '../src/core/fleet/types.js';
import {deriveKey, deriveTopic, seal} from '../src/sync/crypto.js';
import {parsePairingCode} from '../src/sync/pairing-code.js';
import {aura, BIN, HOUR, makeFleetHome, ROOT, type FleetHome, type Usage} from './helpers/fleet-home.js';
import {NtfyBroker} from './helpers/ntfy-broker.js';

const NOW = Date.now();
const H = HOUR;

interface Home extends FleetHome {
  run?: ChildProcess;
  log: string;
}

let broker: NtfyBroker;
let base: string;
const homes: Home[] = [];

function makeHome(name: string, usage: Usage[]): Home {
  const home: Home = {...makeFleetHome(base, name, broker.url, usage, NOW), log: ''};
  homes.push(home);
  return home;
}

function startRun(home: Home): void {
  const child = spawn(process.execPath, [BIN, 'fleet', 'run'], {env: home.env, stdio: ['ignore', 'pipe', 'pipe']});
  child.stdout!.on('data', (d: Buffer) => (home.log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (home.log += d.toString()));
  home.run = child;
}

async function stopRun(home: Home, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  const child = home.run!;
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill(signal);
  return exited;
}

interface FleetJson {
  status: string;
  message: string | null;
  account: {session_pct: number; weekly_pct: number} | null;
  machines: {label: string; you: boolean; stale: boolean; session_share: number | null; weekly_share: number | null; session_tokens: number | null; weekly_tokens: number | null}[];
  drops: DropCounts;
  warnings: string[];
}
const fleetJson = (home: Home): FleetJson => JSON.parse(aura(home, ['fleet', '--json']).stdout) as FleetJson;

async function until<T>(what: string, probe: () => T | undefined, ms = 25_000): Promise<T> {
  let last: unknown;
  for (const end = Date.now() + ms; Date.now() < end; ) {
    try {
      const v = probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}\n${homes.map((h) => `--- ${h.name}\n${h.log}`).join('\n')}`);
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/src/cli/main.js'))) spawnSync('npm', ['run', 'build'], {cwd: ROOT, stdio: 'ignore'});
  broker = await NtfyBroker.start();
  base = mkdtempSync(join(tmpdir(), 'aura-fleet-e2e-'));
});

afterAll(async () => {
  for (const h of homes) if (h.run && h.run.exitCode === null) await stopRun(h);
  await broker.close();
  rmSync(base, {recursive: true, force: true, maxRetries: 10, retryDelay: 100});
});

describe('two machines, one fleet', () => {
  let alpha: Home;
  let bravo: Home;
  let code: string;

  it('pair new in one home, pair join through stdin in the other; a code in argv is refused', () => {
    // alpha: 3000 tokens in the 5-hour window, 9000 in the week; bravo: 1000 and 1500.
    alpha = makeHome('alpha', [
      {at: NOW - 1 * H, input: 1500, output: 500},
      {at: NOW - 0.5 * H, input: 800, output: 200},
      {at: NOW - 48 * H, input: 5000, output: 1000},
      {at: NOW - 30 * 24 * H, input: 99_999, output: 99_999}, // long before the week
    ]);
    bravo = makeHome('bravo', [
      {at: NOW - 0.2 * H, input: 700, output: 300},
      {at: NOW - 4 * H, input: 400, output: 100},
    ]);
    const created = aura(alpha, ['pair', 'new']);
    expect(created.status).toBe(0);
    code = created.stdout.trim();
    expect(code).toMatch(/^([a-z2-7]{4}-){12}[a-z2-7]{4}$/);
    expect(created.stderr).toContain('aura pair join');

    const leaked = aura(bravo, ['pair', 'join', code]);
    expect(leaked.status).toBe(2);
    expect(leaked.stderr).toMatch(/read from stdin, never from the command line/);
    expect(leaked.stderr).not.toContain(code);

    const bad = aura(bravo, ['pair', 'join'], code.slice(0, -3));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/invalid code: pairing code decoded to \d+ bytes, expected 32/);

    // A broker token goes through stdin into the secret store, never into the config.
    const token = aura(bravo, ['pair', 'token'], 'tk_abcdefghijklmnopqrstuvwxyz012\n');
    expect(token.stdout).toMatch(/Broker token stored in the file .*fleet-broker-token \(mode 0600\)/);
    expect(readFileSync(join(bravo.dir, '.local/share/aura/fleet-broker-token'), 'utf8')).toBe('tk_abcdefghijklmnopqrstuvwxyz012\n');
    expect(aura(bravo, ['pair', 'token', '--clear']).stdout).toBe('Broker token removed.\n');
    expect(existsSync(join(bravo.dir, '.local/share/aura/fleet-broker-token'))).toBe(false);

    const joined = aura(bravo, ['pair', 'join'], `  ${code.toUpperCase()}\n`);
    expect(joined.status).toBe(0);
    expect(joined.stdout).toContain('Joined fleet.');

    const status = JSON.parse(aura(bravo, ['pair', 'status', '--json']).stdout);
    expect(status).toMatchObject({paired: true, enabled: true, store: 'file', broker: broker.url, label: 'bravo'});
    const statusText = JSON.stringify(status);
    expect(statusText).not.toContain(code.replace(/-/g, '').slice(0, 12));
    expect(statusText).not.toContain(deriveTopic(parsePairingCode(code)));
    expect(aura(alpha, ['pair', 'new']).status).toBe(1); // already paired: rotation needs --rotate
  });

  it('both run the loop; each lists the other with the right shares and the account line', async () => {
    startRun(alpha);
    startRun(bravo);
    const view = await until('alpha to see bravo', () => {
      const v = fleetJson(alpha);
      const b = v.machines.find((m) => m.label === 'bravo');
      return b && !b.stale && b.session_tokens !== null ? v : undefined;
    });
    const by = Object.fromEntries(view.machines.map((m) => [m.label, m]));
    expect(by.alpha).toMatchObject({you: true, session_tokens: 3000, weekly_tokens: 9000});
    expect(by.bravo).toMatchObject({you: false, session_tokens: 1000, weekly_tokens: 1500});
    expect(by.alpha!.session_share).toBeCloseTo(0.75);
    expect(by.bravo!.session_share).toBeCloseTo(0.25);
    expect(by.alpha!.weekly_share).toBeCloseTo(9000 / 10500);
    expect(by.bravo!.weekly_share).toBeCloseTo(1500 / 10500);
    expect(view.machines.map((m) => m.label)).toEqual(['alpha', 'bravo']);
    expect(view.account).toMatchObject({session_pct: 40, weekly_pct: 55.4});
    expect(view.status).toBe('ok');

    const fromBravo = await until('bravo to see alpha', () => {
      const v = fleetJson(bravo);
      return v.machines.some((m) => m.label === 'alpha' && !m.you) ? v : undefined;
    });
    expect(fromBravo.machines.find((m) => m.you)?.label).toBe('bravo');

    const text = aura(alpha, ['fleet']).stdout;
    expect(text).toContain('5h session: 40%   Weekly: 55%');
    expect(text).toMatch(/● alpha \(you\)\s+updated \d+s ago\s+5h .* 75%\s+wk .* 86%/);
    expect(text).toMatch(/● bravo\s+updated \d+s ago\s+5h .* 25%\s+wk .* 14%/);

    // The broker only ever held ciphertext on an opaque topic.
    const topic = deriveTopic(parsePairingCode(code));
    expect(broker.topicNames()).toEqual([topic]);
    for (const m of broker.messages(topic)) expect(m.message).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const publishes = broker.requests.filter((r) => r.method === 'POST');
    expect(publishes.every((r) => r.headers.priority === 'min' && r.headers['x-cache'] === undefined)).toBe(true);
  });

  it('hostile messages on the live topic are ignored, counted and shown; nothing crashes', async () => {
    const secret = parsePairingCode(code);
    const topic = deriveTopic(secret);
    const key = deriveKey(secret);
    const hb = (over: Record<string, unknown>) =>
      JSON.stringify({v: 1, machine_id: 'c0ffee00-0000-4000-8000-000000000001', label: 'mallory', session_pct: 1, weekly_pct: 1, session_tokens: 1e9, weekly_tokens: 1e9, ts: new Date().toISOString(), ...over});
    const body = seal(key, hb({}));
    const tampered = Buffer.from(body, 'base64');
    tampered[40]! ^= 1;
    for (const m of [
      tampered.toString('base64'),
      seal(deriveKey(new Uint8Array(32)), hb({})),
      seal(key, hb({ts: new Date(Date.now() - 3600_000).toISOString()})),
      seal(key, hb({ts: new Date(Date.now() + 86_400_000).toISOString()})),
      '!!not-base64!!',
      seal(key, 'x'.repeat(3000)),
      seal(key, '{"v":1,"hello":"world"}'),
    ]) {
      await fetch(`${broker.url}/${topic}`, {method: 'POST', body: m});
    }
    const view = await until('the drops to be counted', () => {
      const v = fleetJson(alpha);
      return v.drops.decrypt_failed >= 2 && v.drops.too_old >= 1 && v.drops.future_timestamp >= 1 && v.drops.not_base64 >= 1 && v.drops.oversized >= 1 && v.drops.wrong_shape >= 1 ? v : undefined;
    });
    expect(view.machines.map((m) => m.label).sort()).toEqual(['alpha', 'bravo']);
    expect(view.warnings).toContain('2 messages ignored: decrypt failed');
    expect(aura(alpha, ['fleet']).stdout).toContain('1 message ignored: future timestamp');
    expect(alpha.run!.exitCode).toBeNull();
    expect(bravo.run!.exitCode).toBeNull();
  });

  it('a stopped machine exits cleanly, frees its lock and goes stale on the other', async () => {
    expect(await stopRun(bravo)).toBe(0);
    expect(existsSync(join(bravo.dir, '.local/state/aura/fleet.lock'))).toBe(false);
    expect(fleetJson(bravo).status).toBe('not_running');
    const view = await until('bravo to go stale', () => {
      const v = fleetJson(alpha);
      return v.machines.find((m) => m.label === 'bravo')?.stale ? v : undefined;
    });
    const b = view.machines.find((m) => m.label === 'bravo')!;
    expect(b).toMatchObject({session_share: null, weekly_share: null});
    expect(view.machines.find((m) => m.you)?.session_share).toBe(1);
    expect(aura(alpha, ['fleet']).stdout).toMatch(/○ bravo\s+updated \d+s ago\s+5h ░+\s+—\s+wk ░+\s+—/);
  });

  it('leave turns the fleet off and deletes the secret', async () => {
    expect(await stopRun(alpha, 'SIGINT')).toBe(0);
    expect(alpha.log).toMatch(/stopped\n$/);
    expect(existsSync(join(alpha.dir, '.local/state/aura/fleet.lock'))).toBe(false);
    const left = aura(alpha, ['pair', 'leave']);
    expect(left.status).toBe(0);
    expect(existsSync(join(alpha.dir, '.local/share/aura/fleet-secret'))).toBe(false);
    expect(JSON.parse(aura(alpha, ['pair', 'status', '--json']).stdout)).toMatchObject({paired: false, enabled: false});
    expect(fleetJson(alpha)).toMatchObject({status: 'unpaired', message: 'Fleet is off: this machine is not paired. Run `aura pair` to create or join a fleet.'});
    expect(aura(alpha, ['fleet']).stdout).toContain('Fleet is off: this machine is not paired. Run `aura pair` to create or join a fleet.');
    const run = aura(alpha, ['fleet', 'run']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('pair this machine with `aura pair` first');
  });
});
