// `aura config` as a user runs it: the built CLI in a child process with a temp XDG_CONFIG_HOME.
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

const BIN = join(import.meta.dirname, '..', 'bin', 'aura');
let home: string;

function auraEnv(extra: Record<string, string>, ...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'config', ...args], {env: {PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: join(home, 'xdg'), ...extra}, encoding: 'utf8', timeout: 20_000});
  return {code: r.status, out: r.stdout, err: r.stderr};
}

const aura = (...args: string[]) => auraEnv({}, ...args);

describe('aura config', () => {
  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'aura-config-cli-'));
  });
  afterAll(() => rmSync(home, {recursive: true, force: true}));

  it('prints the path under XDG_CONFIG_HOME', () => {
    expect(aura('path')).toEqual({code: 0, out: `${join(home, 'xdg', 'aura', 'config.toml')}\n`, err: ''});
  });

  it('gets defaults, sets validated values and reads them back', () => {
    expect(aura('get', 'ui.default_tab').out).toBe('quota\n');
    const set = aura('set', 'ui.default_tab', 'Models');
    expect(set.code).toBe(0);
    expect(aura('get', 'ui.default_tab').out).toBe('models\n');
    expect(aura('set', 'data.claude_dirs', '/a,/b').code).toBe(0);
    expect(aura('get', 'data.claude_dirs').out).toBe('/a,/b\n');
    const file = readFileSync(join(home, 'xdg', 'aura', 'config.toml'), 'utf8');
    expect(file).toContain('default_tab = "models"');
    expect(file).toContain('claude_dirs = [ "/a", "/b" ]');
    expect(file).toContain('# Period selected on start');
  });

  it('exits 2 with one line on a bad value or an unknown key', () => {
    const bad = aura('set', 'quota.refresh_secs', '10');
    expect(bad.code).toBe(2);
    expect(bad.err).toBe('aura: quota.refresh_secs must be at least 60, got 10\n');
    const unknown = aura('get', 'ui.thme');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('did you mean "ui.theme"');
    expect(aura('frobnicate').code).toBe(2);
    expect(aura('set', 'ui.theme').code).toBe(2);
  });

  it('refuses a machine label longer than the 64 characters a heartbeat carries', () => {
    const long = aura('set', 'fleet.machine_label', 'm'.repeat(70));
    expect(long).toEqual({code: 2, out: '', err: 'aura: fleet.machine_label must be at most 64 characters, got 70\n'});
    expect(aura('get', 'fleet.machine_label').out).toBe('\n');
    expect(aura('set', 'fleet.machine_label', 'm'.repeat(64)).code).toBe(0);
    expect(aura('describe', 'fleet.machine_label').out).toContain('string (up to 64 characters)');
  });

  it('shows the usage URL in effect, marked when AURA_USAGE_URL overrides it', () => {
    const plain = aura('show');
    expect(plain.out).toContain('usage_url = "https://api.anthropic.com/api/oauth/usage"\n');
    expect(plain.out).not.toContain('# from');
    const over = auraEnv({AURA_USAGE_URL: 'http://127.0.0.1:9/usage'}, 'show');
    expect(over.code).toBe(0);
    expect(over.out).toContain('usage_url = "http://127.0.0.1:9/usage"  # from AURA_USAGE_URL\n');
    expect(over.out).not.toContain('api.anthropic.com');
  });

  it('describes one key or all of them', () => {
    const one = aura('describe', 'activity.refresh_secs');
    expect(one.out).toContain('int 1..3600');
    expect(one.out).toContain('default: 3');
    expect(aura('describe').out).toContain('fleet.broker_url');
  });

  it('shows the effective config and points at a broken line', () => {
    writeFileSync(join(home, 'xdg', 'aura', 'config.toml'), '[ui]\ntheme = "neon"\n');
    const r = aura('show');
    expect(r.code).toBe(2);
    expect(r.out).toContain('theme = "default"');
    expect(r.err).toContain('config.toml:2: ui.theme must be one of default, mono');
  });
});
