// A config.toml (or Claude credentials file) that is hostile or simply odd: keys that look like
// patterns, FIFOs, devices, directories, loops, concurrent writers, symlinked dotfiles, values
// carrying control characters or plain-http URLs. The built CLI in child processes, temp homes.
import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';

const BIN = join(import.meta.dirname, '..', 'bin', 'aura');
let home: string;
const cfgDir = () => join(home, 'xdg', 'aura');
const cfgFile = () => join(cfgDir(), 'config.toml');
const claudeDir = () => join(home, 'claude');

function env(): NodeJS.ProcessEnv {
  return {PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: join(home, 'xdg'), XDG_CACHE_HOME: join(home, 'cache'), XDG_STATE_HOME: join(home, 'state'), XDG_DATA_HOME: join(home, 'data'), CLAUDE_CONFIG_DIR: claudeDir(), TZ: 'UTC'};
}

/** The CLI with a bound: a hang shows up as `signal` set instead of an exit code. */
function aura(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {env: env(), encoding: 'utf8', timeout: 15_000, killSignal: 'SIGKILL'});
  return {code: r.status, signal: r.signal, out: r.stdout, err: r.stderr};
}

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'aura-hardening-config-'));
  mkdirSync(cfgDir(), {recursive: true});
  mkdirSync(join(claudeDir(), 'projects'), {recursive: true});
});
afterEach(() => rmSync(home, {recursive: true, force: true}));

describe('keys that would be bad regular expressions', () => {
  it('"c++" and "x(" are reported with their lines; every command still runs', () => {
    writeFileSync(cfgFile(), '"c++" = 1\n[ui]\n"x(" = 2\ntheme = "mono"\n');
    const show = aura('config', 'show');
    expect(show.code).toBe(2);
    expect(show.err).toBe(`aura: ${cfgFile()}:1: "c++" is not a config section\naura: ${cfgFile()}:3: unknown key "ui.x("\n`);
    expect(show.out).toContain('theme = "mono"');
    const report = aura('report', 'daily');
    expect(report.code).toBe(0);
    expect(report.err).toBe('aura: config: "c++" is not a config section (+1 more) (line 1); using defaults there\n');
  });

  it('a catastrophic-backtracking key followed by a matching line does not hang', () => {
    writeFileSync(cfgFile(), `"(a+)+$" = 1\n${'a'.repeat(32)} = 1\n`);
    const get = aura('config', 'get', 'ui.theme');
    expect(get).toMatchObject({code: 0, signal: null, out: 'default\n'});
    const show = aura('config', 'show');
    expect(show.signal).toBeNull();
    expect(show.err.split('\n').filter(Boolean).map((l) => l.replace(cfgFile(), 'F'))).toEqual([
      'aura: F:1: "(a+)+$" is not a config section',
      `aura: F:2: "${'a'.repeat(32)}" is not a config section`,
    ]);
  });
});
