// Hostile or broken inputs to `aura quota` and `aura statusline` (the built CLI, real processes,
// a loopback endpoint, temp HOME/XDG dirs): out-of-range numbers, echoed credentials, escape
// sequences, endless bodies and stdin, FIFOs where files should be.
import {spawn, spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {MAX_RETRY_AFTER_MS, restorePollState, retryAfterMs} from '../src/core/quota/poll-policy.js';
import {parseUsage} from '../src/core/quota/windows.js';
import {redactSecrets, safeExcerpt} from '../src/core/quota/untrusted.js';
import {rootBody, startUsageApiServer, type UsageApiServer} from './helpers/usage-api-server.js';

const ROOT = join(import.meta.dirname, '..');
const TOKEN = 'sk-ant-oat01-TESTSECRET';
const HOUR = 3_600_000;
const tmp = mkdtempSync(join(tmpdir(), 'aura-hardening-quota-'));
let server: UsageApiServer;

beforeAll(async () => {
  server = await startUsageApiServer({kind: 'json', body: rootBody(Date.now())});
});
afterAll(async () => {
  await server.close();
  rmSync(tmp, {recursive: true, force: true, maxRetries: 10, retryDelay: 100});
});

let homes = 0;
function freshHome(): string {
  const home = join(tmp, `home${++homes}`);
  mkdirSync(join(home, 'claude'), {recursive: true});
  writeFileSync(join(home, 'claude/.credentials.json'), JSON.stringify({claudeAiOauth: {accessToken: TOKEN, expiresAt: Date.now() + 8 * HOUR, subscriptionType: 'pro'}}), {mode: 0o600});
  return home;
}

const envOf = (home: string) => ({
  PATH: process.env.PATH ?? '',
  HOME: home,
  XDG_CONFIG_HOME: join(home, 'config'),
  XDG_CACHE_HOME: join(home, 'cache'),
  XDG_STATE_HOME: join(home, 'state'),
  AURA_USAGE_URL: server.url,
  TZ: 'UTC',
  NO_COLOR: '1',
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** The built CLI, asynchronously (the endpoint lives in this process); killed after `killMs`. */
function aura(home: string, args: string[], opts: {input?: string; endStdin?: boolean; killMs?: number} = {}): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve) => {
    const withDir = args[0] === 'quota' ? [...args, '--claude-dir', join(home, 'claude')] : args;
    const child = spawn(process.execPath, [join(ROOT, 'bin/aura'), ...withDir], {env: envOf(home), stdio: ['pipe', 'pipe', 'pipe']});
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.stdin.on('error', () => {}); // the child may close its stdin first
    if (opts.input !== undefined) child.stdin.write(opts.input);
    if (opts.endStdin !== false) child.stdin.end();
    const killer = setTimeout(() => child.kill('SIGKILL'), opts.killMs ?? 20_000);
    child.on('close', (code) => {
      clearTimeout(killer);
      child.stdin.destroy();
      resolve({code, stdout, stderr, ms: Date.now() - started});
    });
  });
}

async function quotaJson(home: string) {
  const r = await aura(home, ['quota', '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

const cachePath = (home: string) => join(home, 'cache/aura/quota.json');
const accountOf = (home: string) => Object.values(JSON.parse(readFileSync(cachePath(home), 'utf8')).accounts)[0] as {blockedUntil: number | null; lastError: string | null};

/** Every file under the temp home, except Claude's own credentials. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, {recursive: true, encoding: 'utf8'})
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile() && !f.endsWith('.credentials.json'));
}

describe('out-of-range numbers', () => {
  it('a reset at 1e20 or in 1970: that window is dropped with a note, the others show, text and JSON exit 0', async () => {
    const now = Date.now();
    const body = rootBody(now);
    body.five_hour = {utilization: 40, resets_at: 1e20};
    body.seven_day_sonnet = {utilization: 9, resets_at: 123};
    server.set({kind: 'json', body});
    const home = freshHome();
    const q = await quotaJson(home);
    expect(q.source).toBe('api');
    expect(q.windows.map((w: {id: string}) => w.id)).toEqual(['seven_day']);
    expect(q.note).toBe('ignored five_hour, seven_day_sonnet (value out of range)');
    const text = await aura(home, ['quota']);
    expect(text.code).toBe(0);
    expect(text.stderr).not.toContain('Error');
    expect(text.stdout).toContain('Current week (all models)');
    expect(text.stdout).not.toContain('1969');
    expect(text.stdout).not.toContain('Current session');
  });

  it('every window out of range: a malformed reply, nothing cached as good', async () => {
    server.set({kind: 'json', body: {five_hour: {utilization: 1e9, resets_at: Date.now() / 1000 + 3600}, seven_day: {utilization: Number.MAX_VALUE}}});
    const home = freshHome();
    const q = await quotaJson(home);
    expect(q.windows).toEqual([]);
    expect(q.note).toContain('ignored five_hour, seven_day (value out of range)');
    expect(JSON.parse(readFileSync(cachePath(home), 'utf8')).accounts).toSatisfy((a: object) => Object.values(a).every((s) => (s as {lastGood: unknown}).lastGood === null));
  });

  it('a statusline payload with 1e9 % and a reset at 1e20: one plain line, nothing recorded, aura quota still works', async () => {
    server.set({kind: 'json', body: rootBody(Date.now())});
    const home = freshHome();
    const line = await aura(home, ['statusline'], {input: '{"rate_limits":{"five_hour":{"used_percentage":1e9,"resets_at":1e20}}}'});
    expect(line).toMatchObject({code: 0, stdout: 'aura\n', stderr: ''});
    const q = await quotaJson(home);
    expect(q.source).toBe('api');
    expect(q.windows[0]).toMatchObject({id: 'five_hour', usedPercent: 37});
  });

  it('a recorded statusline.json with bad values (written by an older aura or by hand) is ignored', async () => {
    server.set({kind: 'json', body: rootBody(Date.now())});
    const bad = [
      {v: 1, capturedAt: Date.now(), rate_limits: {five_hour: {used_percentage: 1e9, resets_at: 1e20}}},
      {v: 1, capturedAt: 1e300, rate_limits: {five_hour: {used_percentage: 12, resets_at: Math.floor(Date.now() / 1000) + 3600}}},
      {v: 1, capturedAt: -5, rate_limits: {five_hour: {used_percentage: 12, resets_at: Math.floor(Date.now() / 1000) + 3600}}},
    ];
    for (const record of bad) {
      const home = freshHome();
      mkdirSync(join(home, 'state/aura'), {recursive: true});
      writeFileSync(join(home, 'state/aura/statusline.json'), JSON.stringify(record));
      const q = await quotaJson(home);
      expect(q.source).toBe('api');
      expect(q.windows[0].usedPercent).toBe(37);
    }
  });

  it('a cache file with a reading or instants out of range is ignored, not shown', async () => {
    server.set({kind: 'json', body: rootBody(Date.now())});
    const home = freshHome();
    await quotaJson(home); // creates the account's entry
    const cache = JSON.parse(readFileSync(cachePath(home), 'utf8'));
    const key = Object.keys(cache.accounts)[0]!;
    cache.accounts[key].lastGood = {windows: [{id: 'five_hour', label: 'Current session', usedPercent: 50, resetsAt: 1e20, lengthMinutes: 300, binding: true, usedTokens: null}], fetchedAt: 1e300};
    cache.accounts[key].lastAttemptAt = Date.now();
    writeFileSync(cachePath(home), JSON.stringify(cache));
    const q = await quotaJson(home);
    expect(q.windows[0]).toMatchObject({id: 'five_hour', usedPercent: 37}); // asked the API again
    expect(q.fetchedAt).not.toBeNull();
  });

  it('Retry-After of 1e20 seconds or a date in 2099 blocks for at most 24 h', async () => {
    for (const retryAfter of ['99999999999999999999', 'Thu, 01 Jan 2099 00:00:00 GMT']) {
      server.set({kind: 'json', status: 429, body: {error: 'rate_limited'}, headers: {'retry-after': retryAfter}});
      const home = freshHome();
      const before = Date.now();
      await quotaJson(home);
      const blocked = accountOf(home).blockedUntil!;
      expect(blocked).toBeGreaterThan(before + 23 * HOUR);
      expect(blocked).toBeLessThanOrEqual(Date.now() + 24 * HOUR);
    }
  });

  it('pure checks: Retry-After cap, a cached block cut to the cap, parseUsage bounds', () => {
    const NOW = Date.UTC(2026, 3, 2, 12);
    expect(retryAfterMs('99999999999999999999', NOW)).toBe(MAX_RETRY_AFTER_MS);
    expect(retryAfterMs('Thu, 01 Jan 2099 00:00:00 GMT', NOW)).toBe(MAX_RETRY_AFTER_MS);
    expect(retryAfterMs('600', NOW)).toBe(600_000);
    const state = {lastGood: null, lastAttemptAt: NOW, lastError: 'x', blockedUntil: 4e12, consecutive429: 1};
    expect(restorePollState(state, NOW)?.blockedUntil).toBe(NOW + MAX_RETRY_AFTER_MS);
    expect(restorePollState({...state, lastAttemptAt: Number.NaN}, NOW)).toBeNull();
    expect(restorePollState({...state, consecutive429: -1}, NOW)).toBeNull();
    const s = NOW / 1000;
    const parsed = parseUsage({five_hour: {utilization: 1000, resets_at: s + 3600}, seven_day: {utilization: 1000.5, resets_at: s + 3600}, seven_day_opus: {utilization: 5, resets_at: s + 401 * 86_400}}, NOW);
    expect(parsed.windows.map((w) => w.id)).toEqual(['five_hour']);
    expect(parsed.ignored).toEqual(['seven_day', 'seven_day_opus']);
    const viaLimits = parseUsage({five_hour: {utilization: 5, resets_at: 1e20}, limits: [{kind: 'session', percent: 7, resets_at: s + 3600}]}, NOW);
    expect(viaLimits.windows.map((w) => [w.id, w.usedPercent])).toEqual([['five_hour', 7]]);
    expect(viaLimits.ignored).toEqual([]);
  });
});

describe('untrusted text from the endpoint', () => {
  it('a reply echoing the Authorization header: the token is nowhere in the output or in any file aura wrote', async () => {
    server.set({kind: 'echo'});
    const home = freshHome();
    const runs = [await aura(home, ['quota', '--json']), await aura(home, ['quota'])];
    for (const r of runs) {
      expect(r.code).toBe(0);
      expect(r.stdout + r.stderr).not.toContain('TESTSECRET');
    }
    expect(JSON.parse(runs[0]!.stdout).note).toMatch(/^usage API sent an unexpected response: not JSON: <html>/);
    expect(server.lastHeaders?.authorization).toBe(`Bearer ${TOKEN}`); // the token was really sent and echoed
    const files = filesUnder(home);
    expect(files).toContain(cachePath(home));
    for (const f of files) expect(readFileSync(f, 'utf8')).not.toContain('TESTSECRET');
  });

  it('escape sequences in a non-JSON body or a model name never reach the output raw', async () => {
    server.set({kind: 'text', status: 200, text: '\u001b]0;QTITLE\u0007\u001b[2Jgotcha'});
    const home = freshHome();
    const r = await aura(home, ['quota']);
    expect(r.stdout).toContain('not JSON: \ufffd]0;QTITLE\ufffd\ufffd[2Jgotcha');
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stdout).not.toContain('\u0007');

    const now = Date.now();
    server.set({
      kind: 'json',
      body: {limits: [{kind: 'weekly_scoped', percent: 10, resets_at: new Date(now + 86_400_000).toISOString(), scope: {model: {id: 'x', display_name: 'Evil\u001b[2J\u202eName'}}}]},
    });
    const q = await quotaJson(freshHome());
    expect(q.windows[0].label).toBe('Current week (Evil\ufffd[2J\ufffdName only)');
  });

  it('redaction and excerpts (pure)', () => {
    expect(redactSecrets(`a Bearer abc.def b sk-ant-api03-Zz_9-x c ${'q'.repeat(5)}`)).toBe('a [redacted] b [redacted] c qqqqq');
    expect(redactSecrets('token=my-odd-token-value', ['my-odd-token-value'])).toBe('token=[redacted]');
    expect(safeExcerpt('line1\nline2\u001b[2J', 80)).toBe('line1 line2\ufffd[2J');
    expect(safeExcerpt('x'.repeat(200), 10)).toHaveLength(10);
  });

  it('a body of several MiB is cut off at 1 MiB and reported as such', async () => {
    server.set({kind: 'stream', bytes: 8 << 20});
    const q = await quotaJson(freshHome());
    expect(q.note).toBe('usage API sent an unexpected response: response larger than 1 MiB');
  });
});

describe('aura statusline stdin', () => {
  it('/dev/zero on stdin: one fallback line, exit 0, quickly', () => {
    const home = freshHome();
    const r = spawnSync('sh', ['-c', `exec "${process.execPath}" "${join(ROOT, 'bin/aura')}" statusline < /dev/zero`], {encoding: 'utf8', timeout: 15_000, env: envOf(home)});
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('aura\n');
    expect(r.stderr).toBe('');
  });

  it('a stdin that is never closed: the line is printed and the process exits on its own', async () => {
    const r = await aura(freshHome(), ['statusline'], {endStdin: false, killMs: 10_000});
    expect(r.code).toBe(0); // not killed
    expect(r.stdout).toBe('aura\n');
    expect(r.ms).toBeLessThan(8000);
  });
});

describe('FIFOs in place of aura files', () => {
  it('statusline.json, quota.json and today.json as FIFOs: ignored, nothing hangs', async () => {
    server.set({kind: 'json', body: rootBody(Date.now())});
    const home = freshHome();
    mkdirSync(join(home, 'state/aura'), {recursive: true});
    mkdirSync(join(home, 'cache/aura'), {recursive: true});
    for (const f of ['state/aura/statusline.json', 'cache/aura/quota.json', 'cache/aura/today.json']) {
      expect(spawnSync('mkfifo', [join(home, f)]).status).toBe(0);
    }
    const line = await aura(home, ['statusline'], {input: '{"model":{"display_name":"Opus 4.6"}}', killMs: 10_000});
    expect(line).toMatchObject({code: 0, stdout: 'Opus 4.6\n'});
    const q = await aura(home, ['quota', '--json'], {killMs: 10_000});
    expect(q.code).toBe(0);
    // The FIFO cache is never read; the reading comes from the API (the write replaces the FIFO).
    expect(JSON.parse(q.stdout).windows[0]).toMatchObject({id: 'five_hour', usedPercent: 37});
  });
});
