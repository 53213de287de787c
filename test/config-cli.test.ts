// `aura config` as a user runs it: the built CLI in a child process with a temp XDG_CONFIG_HOME.
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

const BIN = join(import.meta.dirname, '..', 'bin', 'aura');
let home: string;

function aura(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'config', ...args], {env: {PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: join(home, 'xdg')}, encoding: 'utf8', timeout: 20_000});
  return {code: r.status, out: r.stdout, err: r.stderr};
}

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
