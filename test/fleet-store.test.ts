// Secret storage (file fallback and the real Secret Service), the machine id, the publisher lock,
// and the fleet service's lifecycle in one process.
import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {defaultConfig} from '../src/core/config/schema.js';
import {dataDir, stateDir} from '../src/core/paths.js';
import {newSecret} from '../src/sync/crypto.js';
import {CorruptSecretError, loadSecret, machineId, saveSecret} from '../src/sync/identity.js';
import {acquireLock, lockHolder, lockPath} from '../src/sync/lock.js';
import {brokerTokenSlot, fleetSecretSlot, SecretSlot} from '../src/sync/secret-store.js';
import {startFleetService} from '../src/sync/service.js';
import {readState} from '../src/sync/state-file.js';
import {NtfyBroker} from './helpers/ntfy-broker.js';

let home: string;
let env: Record<string, string>;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'aura-fleet-store-'));
  env = {HOME: home, USER: 'tester', AURA_SECRET_BACKEND: 'file'};
});
afterEach(() => rmSync(home, {recursive: true, force: true}));

const mode = (p: string) => statSync(p).mode & 0o777;

describe('secret store', () => {
  it('file store: 0600 file in a 0700 folder, written atomically, deleted on leave', async () => {
    const slot = fleetSecretSlot(env);
    expect(await slot.load()).toBeNull();
    expect(await slot.save('c2VjcmV0')).toBe('file');
    expect(slot.filePath).toBe(join(home, '.local/share/aura/fleet-secret'));
    expect(mode(slot.filePath)).toBe(0o600);
    expect(mode(dataDir(env))).toBe(0o700);
    expect(readFileSync(slot.filePath, 'utf8')).toBe('c2VjcmV0\n');
    expect(await slot.load()).toEqual({value: 'c2VjcmV0', store: 'file', warnings: []});
    await slot.delete();
    expect(existsSync(slot.filePath)).toBe(false);
    expect(await slot.load()).toBeNull();
  });

  it.skipIf(Boolean(process.env.DBUS_SESSION_BUS_ADDRESS))('without a reachable keychain the store falls back to the file (headless Linux)', async () => {
    const slot = new SecretSlot('aura-test-fallback', 'fallback-secret', {HOME: home, USER: 'tester'});
    expect(await slot.save('value')).toBe('file');
    expect(await slot.load()).toEqual({value: 'value', store: 'file', warnings: []});
    await slot.delete();
    expect(existsSync(slot.filePath)).toBe(false);
  });

  it('secret and machine id: round trip, corrupt secret is a clear error, id is a persisted uuid v4', async () => {
    const secret = newSecret();
    await saveSecret(secret, env);
    expect(Buffer.from((await loadSecret(env))!.secret).equals(Buffer.from(secret))).toBe(true);
    writeFileSync(fleetSecretSlot(env).filePath, 'dG9vIHNob3J0\n');
    await expect(loadSecret(env)).rejects.toBeInstanceOf(CorruptSecretError);
    expect(machineId(env, false)).toBeNull();
    const id = machineId(env)!;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(machineId(env)).toBe(id);
    expect(readFileSync(join(dataDir(env), 'fleet-machine-id'), 'utf8').trim()).toBe(id);
  });
});

/** Why the real Secret Service can't be tried here, or null when it can. */
function secretServiceUnavailable(): string | null {
  const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
  if (process.platform !== 'linux') return 'not Linux';
  if (!has('dbus-run-session')) return 'dbus-run-session is not installed (apt-get install dbus)';
  if (!has('gnome-keyring-daemon')) return 'gnome-keyring-daemon is not installed (apt-get install gnome-keyring)';
  if (!existsSync('dist/src/cli/main.js')) return 'the CLI is not built (npm run build)';
  return null;
}
const skipReason = secretServiceUnavailable();

describe('real Secret Service (dbus-run-session + gnome-keyring)', () => {
  it.skipIf(skipReason !== null)(`stores the secret in the keychain, not in a file${skipReason ? ` — skipped: ${skipReason}` : ''}`, () => {
    const aura = (args: string) => `HOME=${home} USER=tester node bin/aura ${args}`;
    const script = [
      'echo -n aura-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1',
      `${aura('pair new')} > ${home}/code 2>/dev/null`,
      `${aura('pair status --json')} > ${home}/status1.json`,
      `test -e ${home}/.local/share/aura/fleet-secret && echo FILE-EXISTS`,
      `${aura('pair leave')} >/dev/null`,
      `${aura('pair status --json')} > ${home}/status2.json`,
    ].join('; ');
    const r = spawnSync('dbus-run-session', ['--', 'sh', '-c', script], {encoding: 'utf8', timeout: 60_000, env: {PATH: process.env.PATH, HOME: home}});
    expect(r.stdout).not.toContain('FILE-EXISTS');
    const before = JSON.parse(readFileSync(join(home, 'status1.json'), 'utf8'));
    expect(before).toMatchObject({paired: true, enabled: true, store: 'keyring', store_detail: 'OS keychain (Secret Service)'});
    expect(readFileSync(join(home, 'code'), 'utf8').trim()).toMatch(/^([a-z2-7]{4}-){12}[a-z2-7]{4}$/);
    expect(JSON.parse(readFileSync(join(home, 'status2.json'), 'utf8'))).toMatchObject({paired: false, enabled: false, store: null});
  });
});

describe('publisher lock', () => {
  it('one holder; a live holder blocks; a dead holder is taken over; release only frees our own', () => {
    const lock = acquireLock(env, process.pid)!;
    expect(lock).not.toBeNull();
    expect(lockHolder(env)).toBe(process.pid);
    expect(acquireLock(env, 424242)).toBeNull();
    lock.release();
    expect(existsSync(lockPath(env))).toBe(false);

    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {encoding: 'utf8'}).stdout;
    mkdirSync(stateDir(env), {recursive: true});
    writeFileSync(lockPath(env), `${dead}\n`);
    const taken = acquireLock(env, process.pid)!;
    expect(taken.held()).toBe(true);
    expect(lockHolder(env)).toBe(process.pid);
    writeFileSync(lockPath(env), `${process.ppid}\n`); // someone else took it over
    expect(taken.held()).toBe(false);
    taken.release();
    expect(lockHolder(env)).toBe(process.ppid);
  });

  it('an empty lock file is being written by its creator: left alone while fresh, taken over once old', () => {
    mkdirSync(stateDir(env), {recursive: true});
    writeFileSync(lockPath(env), '');
    expect(acquireLock(env)).toBeNull();
    const old = new Date(Date.now() - 10_000);
    utimesSync(lockPath(env), old, old);
    expect(acquireLock(env)?.held()).toBe(true);
  });
});

describe('fleet service', () => {
  let broker: NtfyBroker;
  const TOKEN = 'tk_0123456789abcdefghijklmnopqrs';
  beforeEach(async () => {
    broker = await NtfyBroker.start({token: TOKEN}); // a self-hosted ntfy with access control
  });
  afterEach(async () => {
    await broker.close();
  });

  const config = () => {
    const c = defaultConfig();
    c.fleet = {...c.fleet, enabled: true, broker_url: broker.url, machine_label: 'svc'};
    return c;
  };
  const until = async (check: () => boolean, ms = 10_000) => {
    for (const end = Date.now() + ms; Date.now() < end; ) {
      if (check()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('timed out');
  };

  it('waits unpaired, publishes (with the stored broker token) once a secret appears, stands by when the lock is taken, stops cleanly', async () => {
    const fast = {...env, AURA_FLEET_HEARTBEAT_SECS: '0.3', AURA_FLEET_MIN_HEARTBEAT_SECS: '0.1'};
    await brokerTokenSlot(fast).save(TOKEN);
    const records = () => [];
    const quota = async () => null;
    const service = startFleetService({config: config(), env: fast, records, quota});
    await until(() => readState(fast)?.paired === false);
    expect(lockHolder(fast)).toBe(process.pid);

    await saveSecret(newSecret(), fast);
    await until(() => readState(fast)?.self?.heartbeat.label === 'svc', 15_000);
    expect(readState(fast)).toMatchObject({paired: true, pid: process.pid, broker: {status: 'ok'}});
    expect(broker.topicNames()).toHaveLength(1);
    expect(broker.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);

    // A second service in the same process sees the lock held by a live pid: it only stands by.
    const lines: string[] = [];
    const second = startFleetService({config: config(), env: fast, records, quota, log: (l) => lines.push(l)});
    await until(() => lines.length > 0);
    expect(lines[0]).toMatch(/is syncing the fleet; standing by/);
    await second.stop();

    await service.stop();
    expect(readState(fast)?.broker.status).toBe('stopped');
    expect(existsSync(lockPath(fast))).toBe(false);
  });
});
