// Hostile input and hostile outputs for the headless commands, run as a user runs them: the built
// CLI in a child process with a temp HOME, transcripts written to a temp Claude directory.
import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {hasUnsafeText} from '../src/core/text.js';
import {ROOT} from './helpers/shared.js';

const tmp = mkdtempSync(join(tmpdir(), 'aura-hardening-'));
afterAll(() => rmSync(tmp, {recursive: true, force: true, maxRetries: 10, retryDelay: 100}));

const HOME = join(tmp, 'home');
mkdirSync(join(HOME, 'config/aura'), {recursive: true});
const ENV = {PATH: process.env.PATH ?? '', HOME, XDG_CONFIG_HOME: join(HOME, 'config'), XDG_CACHE_HOME: join(HOME, 'cache'), XDG_STATE_HOME: join(HOME, 'state'), XDG_DATA_HOME: join(HOME, 'data'), TZ: 'UTC', NO_COLOR: '1'};
const BIN = join(ROOT, 'bin/aura');

function aura(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {encoding: 'utf8', timeout: 20_000, env: {...ENV, ...env}});
  return {code: r.status, stdout: r.stdout, stderr: r.stderr};
}

let dirs = 0;
/** A Claude directory with one session of assistant records, one per model. */
function claudeDir(models: string[], {cwd = '/home/u/app', sessionId = 's1'} = {}): string {
  const dir = join(tmp, `claude${++dirs}`);
  mkdirSync(join(dir, 'projects', '-home-u-app'), {recursive: true});
  const lines = models.map((model, i) =>
    JSON.stringify({
      type: 'assistant',
      cwd,
      sessionId,
      timestamp: new Date(Date.parse('2026-03-11T02:40:00Z') + i * 1000).toISOString(),
      requestId: `req_${i}`,
      uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      message: {model, id: `msg_${i}`, type: 'message', role: 'assistant', content: [], usage: {input_tokens: 1000, output_tokens: 1000, cache_creation_input_tokens: 0, cache_read_input_tokens: 0}},
    }),
  );
  writeFileSync(join(dir, 'projects', '-home-u-app', 's1.jsonl'), `${lines.join('\n')}\n`);
  return dir;
}

describe('model ids named like Object.prototype members', () => {
  const PROTO = ['constructor', 'toString', '__proto__', 'valueOf', 'hasOwnProperty'];

  it('report daily --json: unpriced and listed, the priced cost intact', () => {
    const r = aura(['report', 'daily', '--json', '--claude-dir', claudeDir(['claude-opus-4-6', ...PROTO])]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.totals.unpricedModels).toEqual([...PROTO].sort());
    expect(doc.totals.costUSD).toBeCloseTo(0.005 + 0.025, 9);
  });

  it('report models text: no $NaN, the models named as unpriced', () => {
    const r = aura(['report', 'models', '--claude-dir', claudeDir(['claude-opus-4-6', ...PROTO])]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('NaN');
    expect(r.stdout).toContain(`cost excludes unpriced models (a lower bound): ${[...PROTO].sort().join(', ')}`);
  });
});

/** Runs aura through bash into `reader`; the exit status of aura itself (PIPESTATUS) and stderr. */
function piped(args: string, reader: string) {
  const script = `"${process.execPath}" "${BIN}" ${args} </dev/null 2>"${join(tmp, 'stderr')}" | ${reader}; echo "\${PIPESTATUS[0]}"; cat "${join(tmp, 'stderr')}"`;
  const r = spawnSync('bash', ['-c', script], {encoding: 'utf8', timeout: 20_000, env: ENV});
  const [status, ...stderr] = r.stdout.split('\n');
  return {code: Number(status), stderr: stderr.join('\n').trim()};
}

describe('stdout closed early or full', () => {
  // `true` exits before node has started, so the first write meets a closed pipe (EPIPE).
  it.each(['config show', 'activity', 'quota --json', 'fleet', 'pair status', '--help', '--version', 'statusline', 'report daily'])('aura %s | true: status 0, nothing on stderr', (args) => {
    expect(piped(args === 'report daily' ? `${args} --claude-dir "${claudeDir(['claude-opus-4-6'])}"` : args, 'true')).toEqual({code: 0, stderr: ''});
  });

  it('a large report into `head -c 1` ends quietly', () => {
    const models = Array.from({length: 400}, (_, i) => `claude-model-${i}`);
    expect(piped(`report models --claude-dir "${claudeDir(models)}"`, 'head -c 1 >/dev/null')).toEqual({code: 0, stderr: ''});
  });

  it.each(['report daily', 'config show', '--help'])('aura %s >/dev/full: one line on stderr, status 1', (args) => {
    const r = piped(args === 'report daily' ? `${args} --claude-dir "${claudeDir(['claude-opus-4-6'])}" >/dev/full` : `${args} >/dev/full`, 'cat');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('aura: cannot write the output: ENOSPC: no space left on device, write');
  });
});

describe('help and version flags', () => {
  it('-h prints the usage like --help, for aura and for a command', () => {
    const help = aura(['--help']);
    expect(aura(['-h'])).toEqual(help);
    expect(help.stdout).toContain('aura report daily|models|projects|sessions|insights');
    const report = aura(['report', 'daily', '-h']);
    expect(report).toEqual(aura(['report', '--help']));
    expect(report).toMatchObject({code: 0, stderr: ''});
    expect(report.stdout).toBe(
      'usage:\n  aura report daily|models|projects|sessions|insights [--json] [--period all|7d|30d]\n              [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--tz ZONE] [--claude-dir DIR]\n',
    );
    expect(aura(['pair', '-h']).stdout.trimEnd().split('\n').slice(1).every((l) => l.trim().startsWith('aura pair'))).toBe(true);
  });

  it.each([
    [['--version', 'extra'], 'aura: --version takes no arguments (got "extra")\n'],
    [['-V', 'x'], 'aura: -V takes no arguments (got "x")\n'],
    [['--help', 'report'], 'aura: --help takes no arguments (got "report")\n'],
    [['-h', 'x'], 'aura: -h takes no arguments (got "x")\n'],
  ])('aura %j: one line, exit 2', (args, stderr) => {
    expect(aura(args)).toEqual({code: 2, stdout: '', stderr});
  });

  it.each(['constructor', '__proto__', 'toString'])('aura %s is an unknown command, not a prototype member', (name) => {
    expect(aura([name])).toEqual({code: 2, stdout: '', stderr: `aura: unknown command "${name}" (try: aura --help)\n`});
  });
});

// A window-title OSC, a screen clear, a line break and a right-to-left override.
const EVIL = 'x\u001b]0;PWNED\u0007\u001b[2J\n\u202ey';
const CLEANED = 'x\ufffd]0;PWNED\ufffd\ufffd[2J\ufffd\ufffdy';
/** Every line of the output is free of control and bidi characters. */
const safeLines = (text: string) => text.split('\n').filter(hasUnsafeText);

describe('hostile text in reports and messages', () => {
  const dir = claudeDir([`claude-${EVIL}`, 'claude-opus-4-6'], {cwd: `/home/u/${EVIL}`, sessionId: `s-${EVIL}`});

  it.each(['daily', 'models', 'projects', 'sessions', 'insights'])('report %s (text): no escape reaches the terminal, the text stays visible', (kind) => {
    const r = aura(['report', kind, '--claude-dir', dir]);
    expect(r.code).toBe(0);
    expect(safeLines(r.stdout)).toEqual([]);
    expect(r.stdout).toContain(CLEANED);
  });

  it('report --json carries the strings as cleaned at ingestion, so no consumer can be fooled either', () => {
    const doc = JSON.parse(aura(['report', 'models', '--json', '--claude-dir', dir]).stdout);
    expect(doc.totals.unpricedModels).toEqual([`claude-${CLEANED}`]);
  });

  it('the stderr notice line quotes a hostile path cleaned, on one line', () => {
    const cache = join(tmp, `cache${EVIL}`);
    writeFileSync(cache, ''); // a file where the cache directory should be: the index cannot be saved
    const r = aura(['report', 'daily', '--claude-dir', claudeDir(['claude-opus-4-6'])], {XDG_CACHE_HOME: cache});
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(r.stderr).toContain(`cache${CLEANED}`);
    expect(hasUnsafeText(r.stderr.trimEnd())).toBe(false);
  });

  it.each([
    [['\u001b[2J'], 'aura: unknown command "\ufffd[2J" (try: aura --help)\n'],
    [['report', 'models\nx'], 'aura: unknown report "models\ufffdx" (expected daily, models, projects, sessions or insights)\n'],
    [['config', 'get', `a${EVIL}`], `aura: unknown config key "a${CLEANED}"`],
  ])('usage errors echo input cleaned: %j', (args, stderr) => {
    const r = aura(args);
    expect(r.code).toBe(2);
    expect(r.stderr.startsWith(stderr)).toBe(true);
    expect(hasUnsafeText(r.stderr.trimEnd())).toBe(false);
  });
});
