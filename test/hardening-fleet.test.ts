// Hostile peers, brokers and local files against the fleet: what a peer or broker sends never
// drives the terminal, a slow or oversized broker answer never stalls the loop, a damaged state
// file or secret store never crashes `aura fleet` / `aura pair`.
import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {encodeHeartbeat} from '../src/core/fleet/heartbeat.js';
import {fleetSettings} from '../src/core/fleet/settings.js';
import {deriveKey, deriveTopic, newSecret, seal} from '../src/sync/crypto.js';
import {FleetLoop} from '../src/sync/loop.js';
import {statePath} from '../src/sync/state-file.js';
import {BrokerError, ntfyClient} from '../src/sync/ntfy.js';
import {parsePairingCode} from '../src/sync/pairing-code.js';
import {aura, BIN, makeFleetHome, ROOT, type FleetHome} from './helpers/fleet-home.js';
import {NtfyBroker} from './helpers/ntfy-broker.js';

const ESC = '\u001b';
const HOSTILE = `${ESC}]0;FLEETPWN\u0007${ESC}[2J${ESC}[31mred\nnl`;
/** Any C0/C1 control or bidi control besides the newline (aura prints no colours when piped). */
const UNSAFE = /[^\P{Cc}\n]|[\u202a-\u202e\u2066-\u2069]/u;

let broker: NtfyBroker;
let base: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/src/cli/main.js'))) spawnSync('npm', ['run', 'build'], {cwd: ROOT, stdio: 'ignore'});
  broker = await NtfyBroker.start();
  base = mkdtempSync(join(tmpdir(), 'aura-hardening-fleet-'));
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await broker.close();
  rmSync(base, {recursive: true, force: true, maxRetries: 10, retryDelay: 100});
});

async function until<T>(what: string, probe: () => T | undefined | false, ms = 20_000, log = () => ''): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}\n${log()}`);
}

function fleetRun(home: FleetHome): {child: ChildProcess; log: () => string; stop: () => Promise<void>} {
  let out = '';
  const child = spawn(process.execPath, [BIN, 'fleet', 'run'], {env: home.env, stdio: ['ignore', 'pipe', 'pipe']});
  children.push(child);
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  return {child, log: () => out, stop};
}

/** Pair a fresh home through the CLI; returns it with the fleet's key and topic. */
function pairedHome(name: string): FleetHome & {key: Uint8Array; topic: string} {
  const home = makeFleetHome(base, name, broker.url, [], Date.now());
  const created = aura(home, ['pair', 'new']);
  expect(created.status).toBe(0);
  const secret = parsePairingCode(created.stdout.trim());
  return {...home, key: deriveKey(secret), topic: deriveTopic(secret)};
}

const peerHeartbeat = (label: string, machineId = '0e7c9a52-1111-4222-8333-944455556666') =>
  encodeHeartbeat({v: 1, machine_id: machineId, label, session_pct: 10, weekly_pct: 20, session_tokens: 100, weekly_tokens: 200, ts: new Date().toISOString()});

describe('peer and broker text never reaches the terminal raw', () => {
  it('a hostile peer label is cleaned in the run log, `aura fleet` and --json; a hostile 429 error too', async () => {
    const home = pairedHome('inject');
    broker.store(home.topic, seal(home.key, peerHeartbeat(HOSTILE)));
    const run = fleetRun(home);
    try {
      await until('the peer to join', () => run.log().includes('machine joined:'), 20_000, run.log);
      const joined = run.log().split('\n').find((l) => l.includes('machine joined:'))!;
      expect(joined).not.toMatch(UNSAFE);
      expect(joined).toContain('\ufffd]0;FLEETPWN\ufffd\ufffd[2J\ufffd[31mred\ufffdnl');

      const text = aura(home, ['fleet']);
      expect(text.status).toBe(0);
      expect(text.stdout).toContain('FLEETPWN');
      expect(text.stdout).not.toMatch(UNSAFE);
      // One line per machine: the label's newline did not split the row.
      expect(text.stdout.split('\n').filter((l) => l.includes('FLEETPWN'))).toHaveLength(1);
      expect(text.stdout).toContain('red\ufffdnl');
      const json = JSON.parse(aura(home, ['fleet', '--json']).stdout) as {machines: {label: string}[]};
      expect(json.machines.map((m) => m.label)).toContain('\ufffd]0;FLEETPWN\ufffd\ufffd[2J\ufffd[31mred\ufffdnl');

      broker.limitError = `slow down${HOSTILE}\u202eevil`;
      broker.mode = '429';
      await until('the broker error', () => run.log().includes('broker unreachable'), 20_000, run.log);
      const line = run.log().split('\n').find((l) => l.includes('broker unreachable'))!;
      expect(line).toContain('broker answered 429 slow down');
      expect(line).not.toMatch(UNSAFE);
      const shown = aura(home, ['fleet']).stdout;
      expect(shown).toContain('Broker unreachable — retrying. (broker answered 429 slow down');
      expect(shown).not.toMatch(UNSAFE);
    } finally {
      broker.mode = 'ok';
      await run.stop();
    }
  }, 60_000);
});

/** A loopback server answering every request through `handle`; closed after the test. */
async function adHocServer(handle: Parameters<typeof createServer>[1]): Promise<{url: string; close: () => Promise<void>}> {
  const server: Server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const loopFor = (brokerUrl: string, client: ReturnType<typeof ntfyClient>, secret = newSecret()) =>
  new FleetLoop(
    {secret, machineId: '5b0d5d2c-0000-4000-8000-000000000001', label: 'me', brokerUrl, settings: fleetSettings({heartbeat_secs: 60, stale_secs: 180})},
    {
      client,
      buildHeartbeat: () => Promise.resolve({v: 1, machine_id: '5b0d5d2c-0000-4000-8000-000000000001', label: 'me', session_pct: 1, weekly_pct: 2, session_tokens: 3, weekly_tokens: 4, ts: new Date().toISOString()}),
      now: Date.now,
      random: () => 0.5,
    },
  );

describe('a slow or oversized broker answer never stalls the loop', () => {
  it('a poll dripping one byte at a time ends at the overall deadline: a broker error, the loop backs off', async () => {
    const timers = new Set<NodeJS.Timeout>();
    const drip = await adHocServer((req, res) => {
      if (req.method === 'POST') return void res.end('{}\n');
      res.writeHead(200, {'content-type': 'application/x-ndjson'});
      // Each byte arrives well within the per-chunk body timeout: only an overall deadline ends it.
      const t = setInterval(() => res.write('{'), 100);
      timers.add(t);
      res.on('close', () => clearInterval(t));
    });
    try {
      const client = ntfyClient({brokerUrl: drip.url, timeoutMs: 600});
      const started = Date.now();
      const err = await client.poll('topic', 'all').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BrokerError);
      expect((err as Error).message).toBe('broker did not answer within 1s');
      expect(Date.now() - started).toBeLessThan(3_000);

      const loop = loopFor(drip.url, client);
      const delay = await loop.step();
      expect(delay).toBeGreaterThanOrEqual(1_500);
      expect(loop.state(1).broker).toMatchObject({status: 'unreachable', error: 'broker did not answer within 1s'});
    } finally {
      for (const t of timers) clearInterval(t);
      await drip.close();
    }
  }, 10_000);

  it('a poll line over the read cap is skipped and counted as oversized; the messages after it are read', async () => {
    const secret = newSecret();
    const [key, topic] = [deriveKey(secret), deriveTopic(secret)];
    // 600 KB, beyond the 512 KiB a poll reads: a broker (or anyone storing attachments) can do it.
    broker.store(topic, 'A'.repeat(600_000));
    broker.store(topic, seal(key, peerHeartbeat('after-the-giant')));
    const loop = loopFor(broker.url, ntfyClient({brokerUrl: broker.url}), secret);
    await loop.step();
    // The first poll reads to its cap inside the giant line: the line is skipped, the cursor moves past it.
    await loop.step();
    const state = loop.state(1);
    expect(state.broker.status).toBe('ok');
    expect(state.peers.map((p) => p.heartbeat.label)).toEqual(['after-the-giant']);
    expect(state.drops.oversized).toBe(1);

    // A long line that fits under the overall cap is skipped within the same poll.
    broker.store(topic, 'B'.repeat(100_000));
    broker.store(topic, seal(key, peerHeartbeat('second', '0e7c9a52-2222-4222-8333-944455556666')));
    await loop.step();
    expect(loop.state(1).peers.map((p) => p.heartbeat.label).sort()).toEqual(['after-the-giant', 'second']);
    expect(loop.state(1).drops.oversized).toBe(2);
  });
});

describe('a damaged or old state file', () => {
  const writeStateFile = (home: FleetHome, state: unknown) => {
    mkdirSync(dirname(statePath(home.env)), {recursive: true});
    writeFileSync(statePath(home.env), JSON.stringify(state));
  };
  const peer = (label: string, machineId: string) => ({heartbeat: JSON.parse(peerHeartbeat(label, machineId)) as unknown, receivedAt: Date.now()});
  const state = (over: Record<string, unknown>) => ({
    v: 1,
    pid: process.pid, // alive: this test process
    writtenAt: Date.now(),
    paired: true,
    machineId: '5b0d5d2c-0000-4000-8000-000000000009',
    label: 'me',
    brokerUrl: broker.url,
    intervalSecs: 60,
    staleSecs: 180,
    self: null,
    peers: [],
    drops: {},
    broker: {status: 'ok', error: null, retryAt: null, lastOkAt: Date.now()},
    ...over,
  });
  const fleetJson = (home: FleetHome) => {
    const r = aura(home, ['fleet', '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return JSON.parse(r.stdout) as {status: string; machines: {label: string}[]; drops: Record<string, number> | null};
  };

  it('invalid peer entries are left out, an invalid file reads as absent: `aura fleet` never crashes', () => {
    const home = pairedHome('damaged');
    writeStateFile(home, state({peers: [null, 7, {heartbeat: {label: 5}, receivedAt: 1}, peer('good', '0e7c9a52-3333-4222-8333-944455556666')], self: 'x', drops: {oversized: 'many', too_old: 2}}));
    const ok = fleetJson(home);
    expect(ok.status).toBe('ok');
    expect(ok.machines.map((m) => m.label)).toEqual(['good']);
    expect(ok.drops).toMatchObject({oversized: 0, too_old: 2});
    expect(aura(home, ['fleet']).stdout).toContain('good');

    // A label written raw into the file (by hand, or an older aura) is cleaned like one off the wire.
    writeStateFile(home, state({peers: [peer(HOSTILE, '0e7c9a52-5555-4222-8333-944455556666')], broker: {status: 'unreachable', error: `x${HOSTILE}`, retryAt: null, lastOkAt: null}}));
    const raw = aura(home, ['fleet']).stdout;
    expect(raw).toContain('FLEETPWN');
    expect(raw).toContain('Broker unreachable');
    expect(raw).not.toMatch(UNSAFE);

    for (const broken of [state({broker: null}), state({peers: {}}), state({v: 2}), [1, 2], 'text']) {
      writeStateFile(home, broken);
      expect(fleetJson(home).status).toBe('not_running');
    }
  });

  it('the status follows the pairing of now and a recent write, not an old state file', () => {
    const home = pairedHome('old-state');
    // Written before this machine was paired, by a loop long gone.
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeStateFile(home, state({paired: false, pid: gone, writtenAt: Date.now() - 3_600_000}));
    expect(aura(home, ['pair', 'status']).stdout).toMatch(/^paired: {5}yes/m);
    expect(fleetJson(home).status).toBe('not_running');
    // A live pid that stopped writing an hour ago is not a running loop (a reused pid, a hung process).
    writeStateFile(home, state({writtenAt: Date.now() - 3_600_000, peers: [peer('old', '0e7c9a52-4444-4222-8333-944455556666')]}));
    expect(fleetJson(home).status).toBe('not_running');
    writeStateFile(home, state({peers: [peer('fresh', '0e7c9a52-4444-4222-8333-944455556666')]}));
    expect(fleetJson(home).status).toBe('ok');
  });
});

describe('the secret store on disk', () => {
  const dataDirOf = (home: FleetHome) => join(home.dir, '.local/share/aura');
  const secretOf = (home: FleetHome) => join(dataDirOf(home), 'fleet-secret');
  const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
  /** The built CLI with a short timeout: a hang is a failure, not a stuck test. */
  const auraQuick = (home: FleetHome, args: string[], input = '') =>
    spawnSync(process.execPath, [BIN, ...args], {env: home.env, input, encoding: 'utf8', timeout: 8_000});
  /** Exit 1 or 2 with one error line: on stderr, or (`pair status`, which still reports) as its `error:` line. */
  const oneLineError = (r: ReturnType<typeof auraQuick>) => {
    expect(r.signal).toBeNull(); // not killed by the timeout
    expect([1, 2]).toContain(r.status);
    if (r.stderr === '') expect(r.stdout).toMatch(/^error: {6}\S[^\n]+$/m);
    else expect(r.stderr).toMatch(/^aura: [^\n]+\n$/);
    expect(r.stderr + r.stdout).not.toMatch(/\n\s+at /);
  };

  it('reports the real mode; a secret file or folder open to others is warned about and tightened', () => {
    const home = pairedHome('modes');
    chmodSync(secretOf(home), 0o400);
    expect(aura(home, ['pair', 'status']).stdout).toMatch(/^secret in: {2}file .*fleet-secret \(mode 0400\)$/m);

    chmodSync(secretOf(home), 0o644);
    chmodSync(dataDirOf(home), 0o777);
    const status = aura(home, ['pair', 'status']);
    expect(status.status).toBe(0);
    expect(status.stdout).toMatch(/^warning: {4}the secret file .*fleet-secret was open to other users \(mode 0644\); set to 0600/m);
    expect(status.stdout).toMatch(/^warning: {4}the secret folder .*aura was open to other users \(mode 0777\); set to 0700/m);
    expect(status.stdout).toMatch(/\(mode 0600\)$/m);
    expect([mode(secretOf(home)), mode(dataDirOf(home))]).toEqual(['600', '700']);

    chmodSync(secretOf(home), 0o640);
    const fleet = aura(home, ['fleet']);
    expect(fleet.status).toBe(0);
    expect(fleet.stdout).toMatch(/^warning: the secret file .*fleet-secret was open to other users \(mode 0640\); set to 0600/m);
    expect(mode(secretOf(home))).toBe('600');
    expect(aura(home, ['fleet']).stdout).not.toContain('warning:');
  });

  it('a FIFO, a folder, or a file in place of the data folder: one line and exit 1, never a hang or a stack', () => {
    const fifo = pairedHome('fifo');
    rmSync(secretOf(fifo));
    expect(spawnSync('mkfifo', [secretOf(fifo)]).status).toBe(0);
    const status = auraQuick(fifo, ['pair', 'status']);
    expect(status.signal).toBeNull();
    expect(status.status).toBe(1);
    expect(status.stdout).toMatch(/^error: {6}\/.*fleet-secret is not a regular file \(a FIFO\)$/m);
    oneLineError(auraQuick(fifo, ['fleet']));
    oneLineError(auraQuick(fifo, ['pair', 'new']));

    const folder = pairedHome('folder');
    rmSync(secretOf(folder));
    mkdirSync(secretOf(folder));
    for (const args of [['pair', 'new'], ['pair', 'status'], ['pair', 'leave'], ['fleet']]) oneLineError(auraQuick(folder, args));

    const file = makeFleetHome(base, 'datafile', broker.url, [], Date.now());
    mkdirSync(join(file.dir, '.local/share'), {recursive: true});
    writeFileSync(dataDirOf(file), 'not a folder');
    for (const args of [['pair', 'new'], ['pair', 'status'], ['pair', 'leave']]) oneLineError(auraQuick(file, args));
  });

  it('`pair token` with an empty or closed stdin keeps the stored token; --clear removes it', () => {
    const home = pairedHome('token');
    const tokenFile = join(dataDirOf(home), 'fleet-broker-token');
    expect(aura(home, ['pair', 'token'], 'tk_keepme\n').status).toBe(0);
    const closed = spawnSync('/bin/sh', ['-c', `"${process.execPath}" "${BIN}" pair token <&-`], {env: home.env, encoding: 'utf8', timeout: 8_000});
    expect(closed.status).toBe(2);
    expect(closed.stderr).toBe('aura: no token on stdin; the stored token is kept (`aura pair token --clear` removes it)\n');
    expect(aura(home, ['pair', 'token'], '').status).toBe(2);
    expect(readFileSync(tokenFile, 'utf8')).toBe('tk_keepme\n');
    const cleared = aura(home, ['pair', 'token', '--clear']);
    expect(cleared.stdout).toBe('Broker token removed.\n');
    expect(existsSync(tokenFile)).toBe(false);
  });
});
