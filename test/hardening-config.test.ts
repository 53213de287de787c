// A config.toml (or Claude credentials file) that is hostile or simply odd: keys that look like
// patterns, FIFOs, devices, directories, loops, concurrent writers, symlinked dotfiles, values
// carrying control characters or plain-http URLs. The built CLI in child processes, temp homes.
import {spawn, spawnSync} from 'node:child_process';
import {lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync, readdirSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {readRegularFile, UnreadableFileError} from '../src/adapters/safe-read.js';
import {readCredentials} from '../src/adapters/credentials.js';
import {hasTmux, TmuxSession} from './helpers/tmux.js';

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

const mkfifo = (path: string) => expect(spawnSync('mkfifo', [path]).status).toBe(0);

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
    // The same one line from every command that reads the config.
    for (const args of [['quota', '--json'], ['fleet'], ['activity', '--json']]) {
      expect(aura(...args).err.split('\n')[0]).toBe('aura: config: "c++" is not a config section (+1 more) (line 1); using defaults there');
    }
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

describe('readRegularFile', () => {
  it('reads a regular file (through a symlink) and refuses FIFOs, devices, directories and large files at once', () => {
    const file = join(home, 'f.txt');
    writeFileSync(file, 'hello ✓');
    symlinkSync(file, join(home, 'link'));
    expect(readRegularFile(join(home, 'link'))).toBe('hello ✓');
    mkfifo(join(home, 'fifo'));
    expect(() => readRegularFile(join(home, 'fifo'))).toThrow(`${join(home, 'fifo')} is not a regular file (a FIFO)`);
    symlinkSync('/dev/zero', join(home, 'zero'));
    expect(() => readRegularFile(join(home, 'zero'))).toThrow(`${join(home, 'zero')} is not a regular file (a character device)`);
    expect(() => readRegularFile(home)).toThrow(`${home} is not a regular file (a directory)`);
    writeFileSync(join(home, 'big'), Buffer.alloc((1 << 20) + 1, 0x61));
    expect(() => readRegularFile(join(home, 'big'))).toThrow(`${join(home, 'big')} is larger than 1 MiB`);
    expect(() => readRegularFile(file, {maxBytes: 4})).toThrow(UnreadableFileError);
    expect(readRegularFile(file, {maxBytes: 9})).toBe('hello ✓');
    let code: string | undefined;
    try {
      readRegularFile(join(home, 'absent'));
    } catch (err) {
      code = (err as NodeJS.ErrnoException).code;
    }
    expect(code).toBe('ENOENT');
  });

  it('a FIFO credentials file is reported, not waited on', async () => {
    mkfifo(join(claudeDir(), '.credentials.json'));
    const r = await readCredentials([claudeDir()], {}, 'linux');
    expect(r).toEqual({ok: false, reason: `cannot read credentials: ${join(claudeDir(), '.credentials.json')} is not a regular file (a FIFO)`});
  });
});

describe('a config.toml that is not a regular file', () => {
  const commands = [['report', 'daily'], ['quota'], ['fleet'], ['config', 'show'], ['config', 'get', 'ui.theme']];

  for (const [kind, make] of [
    ['a FIFO', () => mkfifo(cfgFile())],
    ['a symlink to /dev/zero', () => symlinkSync('/dev/zero', cfgFile())],
  ] as const) {
    it(`${kind}: report, quota, fleet and config finish with a one-line message`, () => {
      make();
      const why = `${cfgFile()} is not a regular file (${kind === 'a FIFO' ? 'a FIFO' : 'a character device'})`;
      for (const args of commands) {
        const r = aura(...args);
        expect(r.signal, args.join(' ')).toBeNull();
        expect(r.code, args.join(' ')).not.toBeNull();
        const warnings = r.err.split('\n').filter((l) => l.includes('not a regular file'));
        expect(warnings, args.join(' ')).toHaveLength(1);
        // Named once, not "cannot read F: F is not…".
        for (const w of warnings) expect(w.split(cfgFile()).length, w).toBe(2);
        for (const w of warnings) expect(w).toContain(why);
      }
      const set = aura('config', 'set', 'ui.theme', 'mono');
      expect(set).toEqual({code: 2, signal: null, out: '', err: `aura: ${why}\n`});
    });
  }

  it('a FIFO credentials file: `aura quota` says so and falls back to local counts', () => {
    mkfifo(join(claudeDir(), '.credentials.json'));
    const r = aura('quota');
    expect(r).toMatchObject({code: 0, signal: null});
    expect(r.out).toContain(`cannot read credentials: ${join(claudeDir(), '.credentials.json')} is not a regular file (a FIFO)`);
  });
});

describe('aura config set on a path it cannot use', () => {
  it('a directory, a self-symlink or a parent that is a file: one line, exit 2', () => {
    mkdirSync(cfgFile());
    expect(aura('config', 'set', 'ui.theme', 'mono')).toEqual({code: 2, signal: null, out: '', err: `aura: ${cfgFile()} is not a regular file (a directory)\n`});
    rmSync(cfgFile(), {recursive: true});
    symlinkSync('config.toml', cfgFile());
    const loop = aura('config', 'set', 'ui.theme', 'mono');
    expect(loop).toMatchObject({code: 2, signal: null, out: ''});
    expect(loop.err).toMatch(new RegExp(`^aura: cannot read ${cfgFile()}: ELOOP: [^\\n]*\\n$`));
    rmSync(cfgDir(), {recursive: true});
    writeFileSync(cfgDir(), 'not a directory');
    const notDir = aura('config', 'set', 'ui.theme', 'mono');
    expect(notDir).toMatchObject({code: 2, signal: null, out: ''});
    expect(notDir.err).toMatch(new RegExp(`^aura: cannot read ${cfgFile()}: ENOTDIR: [^\\n]*\\n$`));
  });
});

describe('aura config set writes', () => {
  const run = (...args: string[]) =>
    new Promise<{code: number | null; out: string}>((resolve) => {
      const child = spawn(process.execPath, [BIN, 'config', 'set', ...args], {env: env(), stdio: ['ignore', 'pipe', 'pipe']});
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({code, out});
      });
    });

  it('concurrent sets of different keys all land', async () => {
    const sets: [string, string, string][] = [
      ['ui.theme', 'mono', 'theme = "mono"'],
      ['ui.default_tab', 'models', 'default_tab = "models"'],
      ['insights.top_n', '17', 'top_n = 17'],
      ['quota.refresh_secs', '900', 'refresh_secs = 900'],
      ['pacing.history_days', '30', 'history_days = 30'],
      ['fleet.stale_secs', '600', 'stale_secs = 600'],
    ];
    const results = await Promise.all(sets.map(([k, v]) => run(k, v)));
    expect(results.map((r) => r.code)).toEqual(sets.map(() => 0));
    const text = readFileSync(cfgFile(), 'utf8');
    for (const [, , line] of sets) expect(text).toContain(`\n${line}\n`);
    expect(readdirSync(cfgDir())).toEqual(['config.toml']); // no lock or temp file left
  });

  it('keeps a symlinked config.toml a symlink and writes its target', () => {
    const dotfiles = join(home, 'dotfiles');
    mkdirSync(dotfiles);
    writeFileSync(join(dotfiles, 'aura.toml'), '[ui]\ntheme = "mono"\n');
    symlinkSync(join(dotfiles, 'aura.toml'), cfgFile());
    expect(aura('config', 'set', 'insights.top_n', '9').code).toBe(0);
    expect(lstatSync(cfgFile()).isSymbolicLink()).toBe(true);
    expect(readlinkSync(cfgFile())).toBe(join(dotfiles, 'aura.toml'));
    const target = readFileSync(join(dotfiles, 'aura.toml'), 'utf8');
    expect(target).toContain('\ntheme = "mono"\n');
    expect(target).toContain('\ntop_n = 9\n');
    expect(readdirSync(dotfiles)).toEqual(['aura.toml']);
  });

  it('a stale lock left by a killed process is taken over', () => {
    writeFileSync(`${cfgFile()}.lock`, '999999999\n');
    expect(aura('config', 'set', 'ui.theme', 'mono')).toMatchObject({code: 0, signal: null});
    expect(readFileSync(cfgFile(), 'utf8')).toContain('\ntheme = "mono"\n');
  });
});

describe('values', () => {
  it('control characters and plain http to a remote host are refused; describe states the rule', () => {
    expect(aura('config', 'set', 'fleet.machine_label', 'a\u001b]0;owned\u0007b')).toEqual({code: 2, signal: null, out: '', err: 'aura: fleet.machine_label must not contain control characters (newline, tab, ESC, …)\n'});
    expect(aura('config', 'set', 'data.claude_dirs', '/a,/b\nc').code).toBe(2);
    const http = aura('config', 'set', 'quota.usage_url', 'http://usage.example.com/api');
    expect(http).toEqual({code: 2, signal: null, out: '', err: 'aura: quota.usage_url must be an https:// URL (plain http:// only to localhost, 127.0.0.0/8 or [::1]), got "http://usage.example.com/api"\n'});
    expect(aura('config', 'set', 'fleet.broker_url', 'http://ntfy.example.com').code).toBe(2);
    expect(aura('config', 'set', 'fleet.broker_url', 'http://127.0.0.1:8080').code).toBe(0);
    expect(aura('config', 'set', 'fleet.machine_label', 'x'.repeat(65)).err).toBe('aura: fleet.machine_label must be at most 64 characters, got 65\n');
    for (const key of ['quota.usage_url', 'fleet.broker_url']) {
      expect(aura('config', 'describe', key).out).toContain('https:// required, plain http:// only to localhost, 127.0.0.0/8 or [::1]');
    }
  });
});

describe.skipIf(!hasTmux)('the dashboard (tmux; skipped only when tmux is not installed)', () => {
  it('starts on a config with a "c++" key and a FIFO credentials file, shows both, and quits on q', async () => {
    writeFileSync(cfgFile(), '"c++" = 1\n[ui]\ndefault_tab = "quota"\n');
    mkfifo(join(claudeDir(), '.credentials.json'));
    const term = new TmuxSession(`aura-hardening-config-${process.pid}`, 'main');
    try {
      const vars = Object.fromEntries(Object.entries({...env(), TERM: 'xterm-256color', LANG: 'C.UTF-8'}).filter((e): e is [string, string] => e[1] !== undefined));
      term.start(['bash', '--norc', '--noprofile'], vars);
      term.line(`clear; node ${BIN} --tz UTC; echo AURA-EXIT=$?`);
      const screen = await term.until('the config and credentials notes', (t) => t.includes('"c++" is not a config section') && t.includes('cannot read credentials:'), 15_000);
      expect(screen).toContain('config.toml');
      await term.keys('q');
      expect(await term.until('the shell', (t) => t.includes('AURA-EXIT='))).toContain('AURA-EXIT=0');
    } finally {
      term.kill();
    }
  });
});
