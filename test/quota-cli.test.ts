// `aura quota --json` as a user runs it: the built CLI in a child process with temp HOME / XDG
// dirs, AURA_USAGE_URL on a loopback usage endpoint, and a temp Claude dir holding a fake
// `.credentials.json` (and, for pacing, transcripts). Between runs the shared cache file is
// aged to stand for time passing, since the CLI runs on the real clock.
import {spawn} from 'node:child_process';
import {createHash} from 'node:crypto';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {limitsBody, nestedBody, rootBody, startUsageApiServer, type Behaviour, type UsageApiServer} from './helpers/usage-api-server.js';

const ROOT = join(import.meta.dirname, '..');
const MIN = 60_000;
const tmp = mkdtempSync(join(tmpdir(), 'aura-quota-cli-'));
let server: UsageApiServer;
const credentialFiles = new Map<string, string>();
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

beforeAll(async () => {
  server = await startUsageApiServer({kind: 'json', body: rootBody(Date.now())});
});
afterAll(async () => {
  await server.close();
  rmSync(tmp, {recursive: true, force: true, maxRetries: 10, retryDelay: 100});
});
afterEach(() => {
  // aura never writes Claude's credentials.
  for (const [path, hash] of credentialFiles) expect(sha(path)).toBe(hash);
});

let homes = 0;
interface Home {
  home: string;
  claude: string;
}
function freshHome(expiresAt = Date.now() + 8 * 3_600_000): Home {
  const home = join(tmp, `home${++homes}`);
  const claude = join(home, 'claude');
  mkdirSync(claude, {recursive: true});
  const cred = join(claude, '.credentials.json');
  writeFileSync(cred, JSON.stringify({claudeAiOauth: {accessToken: 'sk-ant-oat01-cli-test', refreshToken: 'sk-ant-ort01-x', expiresAt, subscriptionType: 'pro'}}), {mode: 0o600});
  credentialFiles.set(cred, sha(cred));
  return {home, claude};
}

/** Async on purpose: the endpoint lives in this process, so the event loop must keep running. */
function aura(h: Home, args: string[]): Promise<{code: number | null; stdout: string; stderr: string}> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/aura'), ...args, '--claude-dir', h.claude], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: h.home,
        XDG_CONFIG_HOME: join(h.home, 'config'),
        XDG_CACHE_HOME: join(h.home, 'cache'),
        XDG_STATE_HOME: join(h.home, 'state'),
        AURA_USAGE_URL: server.url,
        TZ: 'UTC',
        NO_COLOR: '1',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({code, stdout, stderr}));
  });
}

async function quotaJson(h: Home) {
  const r = await aura(h, ['quota', '--json']);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

/** Moves every instant in the shared cache `ms` into the past, as if that much time had passed. */
function ageCache(h: Home, ms: number) {
  const path = join(h.home, 'cache/aura/quota.json');
  const cache = JSON.parse(readFileSync(path, 'utf8'));
  for (const s of Object.values(cache.accounts) as {lastAttemptAt: number | null; blockedUntil: number | null; lastGood: {fetchedAt: number} | null}[]) {
    if (s.lastAttemptAt !== null) s.lastAttemptAt -= ms;
    if (s.blockedUntil !== null) s.blockedUntil -= ms;
    if (s.lastGood) s.lastGood.fetchedAt -= ms;
  }
  writeFileSync(path, JSON.stringify(cache));
}

describe('aura quota --json against the loopback endpoint', () => {
  it('200 at the root: every window, forecast and session-budget field', async () => {
    server.set({kind: 'json', body: rootBody(Date.now())});
    const h = freshHome();
    const before = server.count;
    const r = await quotaJson(h);
    expect(server.count).toBe(before + 1);
    expect(r).toMatchObject({source: 'api', stale: false, note: null, subscriptionType: 'pro'});
    expect(r.windows.map((w: {label: string; usedPercent: number; lengthMinutes: number; binding: boolean}) => [w.label, w.usedPercent, w.lengthMinutes, w.binding])).toEqual([
      ['Current session', 37, 300, true],
      ['Current week (all models)', 22, 10080, false],
      ['Current week (Sonnet only)', 9, 10080, false],
    ]);
    for (const key of ['label', 'usedPercent', 'resetsAt', 'lengthMinutes', 'binding', 'source', 'stale', 'ageSeconds']) expect(r.windows[0]).toHaveProperty(key);
    expect(r.windows[0]).toMatchObject({source: 'api', stale: false});
    expect(r.windows[0].ageSeconds).toBeLessThan(5);
    expect(Date.parse(r.windows[0].resetsAt)).toBeGreaterThan(Date.now());
    expect(r.forecast).toHaveLength(3);
    for (const key of ['projectedPercent', 'status', 'overshootAt']) expect(r.forecast[0]).toHaveProperty(key);
    for (const key of ['recommendedPercent', 'headroomPercent', 'status', 'activeWindowsPerDay', 'windowsLeft', 'note', 'tokensPerPercent']) expect(r.sessionBudget).toHaveProperty(key);
    expect(Object.keys(r.sessionBudget.tokensPerPercent)).toEqual(['fiveHour', 'week']);
    // No transcripts here: pacing says why instead of inventing numbers.
    expect(r.sessionBudget).toMatchObject({status: 'insufficient', recommendedPercent: null, note: 'Warming up — need more history to pace'});
  });

  it('200 nested under rate_limits, and limits[] with null legacy keys and an unknown kind', async () => {
    server.set({kind: 'json', body: nestedBody(Date.now())});
    const nested = await quotaJson(freshHome());
    expect(nested.windows.map((w: {usedPercent: number}) => w.usedPercent)).toEqual([55.5, 40]);
    server.set({kind: 'json', body: limitsBody(Date.now())});
    const limits = await quotaJson(freshHome());
    expect(limits.windows.map((w: {label: string; usedPercent: number; binding: boolean}) => [w.label, w.usedPercent, w.binding])).toEqual([
      ['Current session', 64, false],
      ['Current week (all models)', 31, false],
      ['Current week (Fable only)', 80, true],
    ]);
  });

  const failures: [string, Behaviour, string][] = [
    ['401', {kind: 'json', status: 401, body: {type: 'error', error: {type: 'authentication_error', message: 'Invalid bearer token'}}}, 'usage API answered 401: token expired / sign in again (run claude)'],
    ['429 without Retry-After', {kind: 'json', status: 429, body: {error: {type: 'rate_limit_error'}}}, 'usage API rate limit (429) — next try in 5m'],
    ['429 with Retry-After: 900', {kind: 'json', status: 429, body: {}, headers: {'retry-after': '900'}}, 'usage API rate limit (429) — next try in 15m'],
    ['500', {kind: 'text', status: 500, text: 'internal error'}, 'usage API error: HTTP 500'],
    ['a malformed body', {kind: 'text', status: 200, text: '{"five_hour": '}, 'usage API sent an unexpected response: not JSON: {"five_hour":'],
  ];
  for (const [name, behaviour, note] of failures) {
    it(`${name} after a good reading: the last reading, stale with its age, a note, and no second request inside the wait`, async () => {
      server.set({kind: 'json', body: rootBody(Date.now())});
      const h = freshHome();
      await quotaJson(h);
      ageCache(h, 10 * MIN);
      server.set(behaviour);
      const before = server.count;
      const r = await quotaJson(h);
      expect(server.count).toBe(before + 1);
      expect(r).toMatchObject({source: 'api', stale: true, note});
      expect(r.note.includes('sign in')).toBe(name === '401');
      expect(r.windows.map((w: {usedPercent: number}) => w.usedPercent)).toEqual([37, 22, 9]);
      expect(r.windows[0]).toMatchObject({stale: true, source: 'api'});
      expect(r.ageSeconds).toBeGreaterThanOrEqual(600);
      expect(r.windows[0].ageSeconds).toBe(r.ageSeconds);
      // A moment later (another aura process, same cache): nothing is sent.
      const again = await quotaJson(h);
      expect(server.count).toBe(before + 1);
      expect(again.stale).toBe(true);
      if (name.startsWith('429')) {
        // Past the 3-minute refresh interval but inside the back-off: still nothing.
        ageCache(h, 4 * MIN);
        await quotaJson(h);
        expect(server.count).toBe(before + 1);
      }
    });
  }

  it('a hanging endpoint: given up after the default 10 s, last good reading kept', async () => {
    server.set({kind: 'json', body: rootBody(Date.now())});
    const h = freshHome();
    await quotaJson(h);
    ageCache(h, 10 * MIN);
    server.set({kind: 'hang'});
    const t = Date.now();
    const r = await quotaJson(h);
    const took = Date.now() - t;
    expect(took).toBeGreaterThanOrEqual(9_500);
    expect(r).toMatchObject({source: 'api', stale: true, note: 'usage API timed out after 10s'});
    expect(r.windows.map((w: {usedPercent: number}) => w.usedPercent)).toEqual([37, 22, 9]);
  }, 40_000);

  it('an expired token makes no request and says to sign in with claude', async () => {
    server.set({kind: 'json', body: rootBody(Date.now())});
    const h = freshHome(Date.now() - 1000);
    const before = server.count;
    const r = await quotaJson(h);
    expect(server.count).toBe(before);
    expect(r.note).toContain('sign in with claude to refresh');
    expect(r.source).not.toBe('api');
  });

  it('text output names the source, windows, forecast and budget', async () => {
    server.set({kind: 'json', body: rootBody(Date.now())});
    const r = await aura(freshHome(), ['quota']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Quota: from usage API · \ds old · Subscription: pro$/m);
    expect(r.stdout).toMatch(/Current session\s+37% used\s+Resets \d\d:\d\d \(\+00:00\)\s+\[binding\]/);
    expect(r.stdout).toContain('Forecast');
    expect(r.stdout).toContain('Session budget');
  });
});

describe('aura quota --json: the worked example from transcripts', () => {
  it('weekly cap 1M at 50 %, session cap 200k, 2 active windows a day, reset in 48 h → 62.5 %', async () => {
    const now = Date.now();
    const h = freshHome();
    const dayAt = (daysAgo: number, hour: number) => {
      const d = new Date(now);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - daysAgo, hour);
    };
    // This 5-hour window (10 % used, started an hour ago) holds 20k tokens → session cap 200k.
    // This week (50 % used, started 5 days ago) holds 500k → weekly cap 1M. Two 80k windows on
    // each of four past days (three inside the week) → 2 active windows a day, none today.
    const entries: [number, number, number][] = [
      ...[2, 3, 4, 10].flatMap((d): [number, number, number][] => [
        [dayAt(d, 2), 60_000, 20_000],
        [dayAt(d, 10), 80_000, 0],
      ]),
      [now - 40 * MIN, 15_000, 0],
      [now - 10 * MIN, 4_000, 1_000],
    ];
    const lines = entries
      .sort((a, b) => a[0] - b[0])
      .map(([ts, input, output], i) =>
        JSON.stringify({
          parentUuid: null,
          isSidechain: false,
          userType: 'external',
          cwd: '/home/u/app',
          sessionId: 'sess-1',
          version: '2.1.90',
          type: 'assistant',
          uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          timestamp: new Date(ts).toISOString(),
          requestId: `req_${i}`,
          message: {model: 'claude-opus-4-6', id: `msg_${i}`, type: 'message', role: 'assistant', content: [], stop_reason: 'end_turn', usage: {input_tokens: input, output_tokens: output, cache_creation_input_tokens: 0, cache_read_input_tokens: 0}},
        }),
      );
    mkdirSync(join(h.claude, 'projects/-home-u-app'), {recursive: true});
    writeFileSync(join(h.claude, 'projects/-home-u-app/sess-1.jsonl'), `${lines.join('\n')}\n`);
    server.set({
      kind: 'json',
      body: {five_hour: {utilization: 10, resets_at: new Date(now + 4 * 3_600_000).toISOString()}, seven_day: {utilization: 50, resets_at: new Date(now + 48 * 3_600_000).toISOString()}},
    });
    const r = await quotaJson(h);
    expect(r.source).toBe('api');
    const b = r.sessionBudget;
    expect(b.status).toBe('ok');
    expect(b.recommendedPercent).toBeCloseTo(62.5, 1);
    expect(b.windowsLeft).toBeCloseTo(4, 1);
    expect(b.activeWindowsPerDay).toBe(2);
    expect(b.headroomPercent).toBeCloseTo(52.5, 1);
    expect(b.note).toBe('~4 active 5h-windows left this week · 50% weekly left');
    expect(b.tokensPerPercent).toEqual({fiveHour: 2000, week: 10_000});
  });
});
