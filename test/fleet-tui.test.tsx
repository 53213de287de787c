// The Fleet tab (demo fleet and a real state file) and the `aura pair` prompt with the real
// pairing actions in a temporary home (file secret store).
import {chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {stripVTControlCharacters} from 'node:util';
import {render} from 'ink-testing-library';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {defaultConfig} from '../src/core/config/schema.js';
import {demoFleetState} from '../src/core/fleet/demo.js';
import {emptyDropCounts} from '../src/core/fleet/types.js';
import {parsePairingCode} from '../src/sync/pairing-code.js';
import {createFleet, joinFleet, leaveFleet, pairStatus} from '../src/sync/pairing.js';
import {writeState} from '../src/sync/state-file.js';
import {fleetTab} from '../src/tui/tabs/FleetTab.js';
import type {TabProps} from '../src/tui/tabs/types.js';
import {PairPrompt, type PairActions} from '../src/tui/pair/PairPrompt.js';
import {useFleetService} from '../src/tui/hooks/useFleet.js';
import {readState} from '../src/sync/state-file.js';
import {lockPath} from '../src/sync/lock.js';
import {NtfyBroker} from './helpers/ntfy-broker.js';
import {emptyTokens, type UsageRecord} from '../src/core/types.js';

const NOW = Date.UTC(2026, 11, 3, 12, 0, 0);
const tick = (ms = 40) => new Promise((r) => setTimeout(r, ms));
let home: string;
let env: Record<string, string>;
let instance: ReturnType<typeof render> | null = null;
const ENV_KEYS = ['XDG_STATE_HOME', 'XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'AURA_SECRET_BACKEND', 'AURA_FLEET_HEARTBEAT_SECS', 'AURA_FLEET_MIN_HEARTBEAT_SECS'];
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'aura-fleet-tui-'));
  env = {HOME: home, USER: 'tester', AURA_SECRET_BACKEND: 'file'};
  // The tab re-reads the config file: never the real one.
  process.env.XDG_CONFIG_HOME = join(home, 'config');
});
afterEach(() => {
  instance?.unmount();
  instance = null;
  for (const k of ENV_KEYS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
  rmSync(home, {recursive: true, force: true, maxRetries: 10, retryDelay: 100});
});

const frame = () => stripVTControlCharacters(instance!.lastFrame() ?? '');
const line = (re: RegExp) => frame().split('\n').find((l) => re.test(l)) ?? '';

function tabProps(over: Partial<TabProps> = {}): TabProps {
  const config = defaultConfig();
  config.fleet.enabled = true;
  return {width: 110, height: 20, period: 'all', dataset: null, config, tz: 'UTC', now: () => NOW, claudeDirs: [], demo: false, keysActive: true, scroll: 0, ...over};
}

describe('Fleet tab', () => {
  it('is registered for fleet.enabled, without the period selector', () => {
    expect(fleetTab).toMatchObject({id: 'fleet', title: 'Fleet', usesPeriod: false});
    expect(fleetTab.enabled(defaultConfig())).toBe(false);
    expect(fleetTab.enabled(tabProps().config)).toBe(true);
  });

  it('demo: three machines sorted by 5h share, "(you)", ages, bars and "—" for the stale one', () => {
    instance = render(<fleetTab.Component {...tabProps({demo: true})} />);
    expect(frame()).toContain('5h session: 42%   Weekly: 61%'); // the demo Quota tab's windows
    const rows = frame().split('\n').filter((l) => /updated/.test(l));
    expect(rows.map((l) => l.match(/^[●○] (\S+)/)?.[1])).toEqual(['desktop', 'laptop', 'build-server']);
    // desktop has 7/3 of laptop's tokens in both windows: 70 % / 30 %
    expect(line(/desktop/)).toMatch(/● desktop\s+updated 31s ago\s+5h █+.*\s70%\s+wk █+.*\s70%/);
    expect(line(/laptop/)).toMatch(/● laptop \(you\)\s+updated 12s ago\s+5h █+.*\s30%/);
    expect(line(/build-server/)).toMatch(/○ build-server\s+updated 9m ago\s+5h ░+\s+—\s+wk ░+\s+—/);
  });

  it('reads the state file a live process wrote: broker banner, warnings; waiting state without peers', async () => {
    process.env.XDG_STATE_HOME = join(home, 'state');
    const state = {...demoFleetState(NOW), pid: process.pid, drops: {...emptyDropCounts(), decrypt_failed: 3}};
    writeState({...state, broker: {status: 'unreachable', error: 'broker answered 429', retryAt: null, lastOkAt: null}}, process.env);
    instance = render(<fleetTab.Component {...tabProps()} />);
    expect(frame()).toContain('Broker unreachable — retrying.');
    expect(frame()).toContain('3 messages ignored: decrypt failed');
    expect(frame()).toContain('desktop');
    writeState({...state, peers: []}, process.env);
    await tick(1200); // the hook re-reads once a second
    expect(frame()).toContain('Waiting for machines… pair another machine to compare');
    expect(frame()).not.toContain('Broker unreachable');
  });

  it('unpaired and not-running states say what to do next', () => {
    process.env.XDG_STATE_HOME = join(home, 'state');
    instance = render(<fleetTab.Component {...tabProps()} />);
    expect(frame()).toContain('Not syncing: no aura process is running the fleet loop. Open the dashboard or run `aura fleet run`.');
    instance.unmount();
    writeState({...demoFleetState(NOW), pid: process.pid, paired: false, self: null, peers: []}, process.env);
    instance = render(<fleetTab.Component {...tabProps()} />);
    expect(frame()).toContain('Fleet is off: this machine is not paired. Run `aura pair` to create or join a fleet.');
  });

  it('after `aura pair leave` while the tab is open: fleet off, run `aura pair` (not "not syncing")', async () => {
    process.env.XDG_STATE_HOME = join(home, 'state');
    process.env.XDG_DATA_HOME = join(home, 'data');
    process.env.AURA_SECRET_BACKEND = 'file';
    await createFleet(process.env);
    writeState({...demoFleetState(NOW), pid: process.pid}, process.env);
    instance = render(<fleetTab.Component {...tabProps()} />);
    expect(frame()).toContain('desktop');
    await leaveFleet(process.env); // deletes the secret and the state file, writes [fleet] enabled = false
    await tick(1200);
    expect(frame()).toContain('Fleet is off: this machine is not paired. Run `aura pair` to create or join a fleet.');
    expect(frame()).not.toContain('Not syncing');
    expect(frame()).not.toContain('desktop');
  });
});

describe('pair prompt', () => {
  const actions = (): PairActions => ({
    status: () => pairStatus(env),
    create: () => createFleet(env),
    join: (c) => joinFleet(c, env),
    leave: () => leaveFleet(env),
  });
  const secretFile = () => join(home, '.local/share/aura/fleet-secret');
  const storedSecret = () => Buffer.from(readFileSync(secretFile(), 'utf8').trim(), 'base64');

  it('create: shows the code once with what to do on the other machine, then hides it', async () => {
    let done: string | null | undefined;
    instance = render(<PairPrompt actions={actions()} onDone={(m) => (done = m)} />);
    await tick(150);
    expect(frame()).toContain('Not paired');
    instance.stdin.write('n');
    await tick(200);
    const code = frame().match(/([a-z2-7]{4}-){12}[a-z2-7]{4}/)?.[0];
    expect(code).toBeDefined();
    expect(frame()).toContain('Pairing code (paste on the other machine):');
    expect(frame()).toContain('aura pair join');
    expect(Buffer.from(parsePairingCode(code!)).equals(storedSecret())).toBe(true);
    expect(readFileSync(join(home, '.config/aura/config.toml'), 'utf8')).toMatch(/\[fleet\][^[]*enabled = true/);
    instance.stdin.write('\r');
    await tick(100);
    expect(done).toContain('Code generated');
    expect(done).not.toContain(code!);
    expect(frame()).not.toContain(code!);
  });

  it('menu: a secret file open to others is named, and set back to 0600', async () => {
    await createFleet(env);
    chmodSync(secretFile(), 0o644);
    instance = render(<PairPrompt actions={actions()} onDone={() => {}} />);
    await tick(150);
    expect(frame()).toContain('Paired');
    expect(frame().replace(/\s+/g, ' ')).toMatch(/the secret file \S*fleet-secret was open to other users \(mode 0644\); set to 0600/);
    expect(statSync(secretFile()).mode & 0o777).toBe(0o600);
  });

  it('join: input hidden, a bad code is refused with the reason, a good one is stored', async () => {
    const other = await createFleet({...env, HOME: join(home, 'other')});
    let done: string | null | undefined;
    instance = render(<PairPrompt actions={actions()} start="join" onDone={(m) => (done = m)} />);
    await tick(150);
    expect(frame()).toContain('Paste the pairing code');
    instance.stdin.write('abcd-efgh');
    await tick();
    expect(frame()).toContain('•••••••• (8 of 52 characters)');
    expect(frame()).not.toContain('abcd');
    instance.stdin.write('\r');
    await tick(150);
    expect(frame()).toContain('Invalid code: pairing code decoded to 5 bytes, expected 32');
    expect(existsSync(secretFile())).toBe(false);
    instance.stdin.write(other.code);
    await tick();
    expect(frame()).not.toContain(other.code.slice(0, 9));
    instance.stdin.write('\r');
    await tick(200);
    expect(done).toMatch(/^Joined fleet\./);
    expect(storedSecret().equals(Buffer.from(parsePairingCode(other.code)))).toBe(true);
  });

  it('leave: asks first, then deletes the secret and turns the fleet off', async () => {
    await createFleet(env);
    let done: string | null | undefined;
    instance = render(<PairPrompt actions={actions()} onDone={(m) => (done = m)} />);
    await tick(150);
    expect(frame()).toMatch(/Paired · ".*" · secret in the file/);
    instance.stdin.write('l');
    await tick();
    expect(frame()).toContain('Leave the fleet?');
    instance.stdin.write('n');
    await tick();
    expect(existsSync(secretFile())).toBe(true);
    instance.stdin.write('l');
    await tick();
    instance.stdin.write('y');
    await tick(200);
    expect(done).toMatch(/^Left fleet\./);
    expect(existsSync(secretFile())).toBe(false);
    expect(readFileSync(join(home, '.config/aura/config.toml'), 'utf8')).toMatch(/\[fleet\][^[]*enabled = false/);
  });
});

describe('dashboard fleet service', () => {
  function Probe({config, records}: {config: TabProps['config']; records: UsageRecord[]}) {
    useFleetService({config, demo: false, records: () => records});
    return null;
  }

  it('runs the loop while mounted (with the dashboard records) and stops it on unmount', async () => {
    const broker = await NtfyBroker.start();
    try {
      Object.assign(process.env, {
        XDG_STATE_HOME: join(home, 'state'),
        XDG_DATA_HOME: join(home, 'data'),
        XDG_CONFIG_HOME: join(home, 'config'),
        XDG_CACHE_HOME: join(home, 'cache'),
        AURA_SECRET_BACKEND: 'file',
        AURA_FLEET_HEARTBEAT_SECS: '0.5',
        AURA_FLEET_MIN_HEARTBEAT_SECS: '0.1',
      });
      await createFleet(process.env);
      const config = tabProps().config;
      config.fleet.broker_url = broker.url;
      config.fleet.machine_label = 'dash';
      const rec: UsageRecord = {timestamp: Date.now() - 60_000, model: 'x', sessionId: 's', project: '/p', isSidechain: false, speed: null, tokens: {...emptyTokens(), inputTokens: 70, outputTokens: 30}};
      instance = render(<Probe config={config} records={[rec]} />);
      for (let i = 0; i < 100 && !readState(process.env)?.self; i++) await tick(50);
      const state = readState(process.env)!;
      expect(state).toMatchObject({pid: process.pid, paired: true, broker: {status: 'ok'}});
      expect(state.self?.heartbeat.label).toBe('dash');
      expect(broker.topicNames()).toHaveLength(1);
      instance.unmount();
      instance = null;
      for (let i = 0; i < 100 && readState(process.env)?.broker.status !== 'stopped'; i++) await tick(50);
      expect(readState(process.env)?.broker.status).toBe('stopped');
      expect(existsSync(lockPath(process.env))).toBe(false);
    } finally {
      await broker.close();
    }
  });
});
