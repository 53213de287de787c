// The quota service against a real loopback usage endpoint: sources, cache, back-off, notes.
import {createHash} from 'node:crypto';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {EXPIRED_NOTE, NOT_SIGNED_IN} from '../src/adapters/credentials.js';
import {getQuotaSnapshot, type QuotaServiceOptions} from '../src/adapters/quota-service.js';
import {writeStatuslineRecord} from '../src/adapters/statusline-record.js';
import {fetchUsage, USAGE_API_TIMEOUT_MS, usageUrl} from '../src/adapters/usage-api.js';
import {defaultConfig} from '../src/core/config/schema.js';
import {UNAUTHORIZED_NOTE} from '../src/core/quota/poll-policy.js';
import type {UsageRecord} from '../src/core/types.js';
import {record} from './helpers/usage-records.js';
import {limitsBody, nestedBody, rootBody, startUsageApiServer, type UsageApiServer} from './helpers/usage-api-server.js';

const T0 = Date.UTC(2026, 3, 2, 12, 0, 0);
const MIN = 60_000;
const TOKEN = 'sk-ant-oat01-loopback-test-token';

let server: UsageApiServer;
let dir: string;
let claudeDir: string;
let env: Record<string, string | undefined>;
let clock: number;
const credentialHashes = new Map<string, string>();

function writeCredentials(where: string, expiresAt: number) {
  mkdirSync(where, {recursive: true});
  const path = join(where, '.credentials.json');
  const text = JSON.stringify({claudeAiOauth: {accessToken: TOKEN, refreshToken: 'sk-ant-ort01-x', expiresAt, scopes: ['user:profile'], subscriptionType: 'max', rateLimitTier: 'default_claude_max_5x'}, mcpOAuth: {}});
  writeFileSync(path, text, {mode: 0o600});
  credentialHashes.set(path, createHash('sha256').update(readFileSync(path)).digest('hex'));
}

const opts = (over: Partial<QuotaServiceOptions> = {}): QuotaServiceOptions => ({
  config: defaultConfig(),
  configDirs: [claudeDir],
  env,
  now: () => clock,
  timeoutMs: 400,
  ...over,
});

const rec = (at: number, inputTokens: number, outputTokens = 0): UsageRecord => record({at, t: {inputTokens, outputTokens}});

beforeAll(async () => {
  server = await startUsageApiServer({kind: 'json', body: rootBody(T0)});
});
afterAll(() => server.close());

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aura-quota-svc-'));
  claudeDir = join(dir, 'claude');
  writeCredentials(claudeDir, T0 + 8 * 3_600_000);
  env = {HOME: dir, XDG_CACHE_HOME: join(dir, 'cache'), XDG_STATE_HOME: join(dir, 'state'), XDG_CONFIG_HOME: join(dir, 'config'), AURA_USAGE_URL: server.url};
  clock = T0;
  server.set({kind: 'json', body: rootBody(T0)});
});
afterEach(() => {
  // aura never writes Claude's credentials: every file is byte-identical after each test.
  for (const [path, hash] of credentialHashes) expect(createHash('sha256').update(readFileSync(path)).digest('hex')).toBe(hash);
  credentialHashes.clear();
  rmSync(dir, {recursive: true, force: true, maxRetries: 10, retryDelay: 100});
});

describe('usage API client', () => {
  it('sends the bearer token, the beta header and a Claude-Code-like user agent; 10 s is the default deadline', async () => {
    const before = server.count;
    const o = await fetchUsage({url: server.url, token: TOKEN});
    expect(o.kind).toBe('ok');
    expect(server.count).toBe(before + 1);
    expect(server.lastHeaders?.authorization).toBe(`Bearer ${TOKEN}`);
    expect(server.lastHeaders?.['anthropic-beta']).toBe('oauth-2025-04-20');
    expect(server.lastHeaders?.['user-agent']).toMatch(/^claude-code\//);
    expect(USAGE_API_TIMEOUT_MS).toBe(10_000);
  });
  it('AURA_USAGE_URL wins over [quota] usage_url', () => {
    expect(usageUrl('https://example.invalid/u', {AURA_USAGE_URL: 'http://127.0.0.1:1/x'})).toBe('http://127.0.0.1:1/x');
    expect(usageUrl('https://example.invalid/u', {})).toBe('https://example.invalid/u');
  });
  it('a hanging endpoint times out at the injected deadline', async () => {
    server.set({kind: 'hang'});
    const t = Date.now();
    expect(await fetchUsage({url: server.url, token: TOKEN, timeoutMs: 300})).toEqual({kind: 'timeout', afterMs: 300});
    expect(Date.now() - t).toBeLessThan(5000);
  });
});

describe('getQuotaSnapshot', () => {
  it('200 at the root: API windows, subscription type, not stale', async () => {
    const s = await getQuotaSnapshot(opts());
    expect(s).toMatchObject({source: 'api', stale: false, note: null, subscriptionType: 'max', fetchedAt: T0});
    expect(s.windows.map((w) => [w.id, w.usedPercent, w.binding])).toEqual([
      ['five_hour', 37, true],
      ['seven_day', 22, false],
      ['seven_day_sonnet', 9, false],
    ]);
  });

  it('200 nested under rate_limits, and the limits[] shape', async () => {
    server.set({kind: 'json', body: nestedBody(T0)});
    expect((await getQuotaSnapshot(opts())).windows.map((w) => w.usedPercent)).toEqual([55.5, 40]);
    clock += 3 * MIN;
    server.set({kind: 'json', body: limitsBody(T0)});
    const s = await getQuotaSnapshot(opts());
    expect(s.windows.map((w) => [w.label, w.usedPercent, w.binding])).toEqual([
      ['Current session', 64, false],
      ['Current week (all models)', 31, false],
      ['Current week (Fable only)', 80, true],
    ]);
  });

  it('an AURA_USAGE_URL that is plain http:// to a non-loopback host is refused: no request, the token stays home', async () => {
    const before = server.count;
    // 0.0.0.0 is not a loopback name, yet on Linux it reaches this machine: were it sent, the server would count it.
    const s = await getQuotaSnapshot(opts({env: {...env, AURA_USAGE_URL: server.url.replace('127.0.0.1', '0.0.0.0')}}));
    expect(s.note).toContain('usage URL refused');
    expect(server.count).toBe(before);
  });

  it('asks at most every refresh_secs, sharing the cache file; concurrent callers share one request', async () => {
    const before = server.count;
    const [a, b] = await Promise.all([getQuotaSnapshot(opts()), getQuotaSnapshot(opts())]);
    expect(server.count).toBe(before + 1);
    expect(a.windows).toEqual(b.windows);
    expect(a.nextPollAt).toBe(T0 + 180_000); // what the tab shows as "next check in 3m"
    clock += 179_000;
    expect((await getQuotaSnapshot(opts())).nextPollAt).toBe(T0 + 180_000);
    expect(server.count).toBe(before + 1);
    clock += 1_000;
    await getQuotaSnapshot(opts());
    expect(server.count).toBe(before + 2);
    const cache = JSON.parse(readFileSync(join(dir, 'cache', 'aura', 'quota.json'), 'utf8'));
    expect(JSON.stringify(cache)).not.toContain(TOKEN);
  });

  it('429 without Retry-After: last good reading shown stale, no request for 5 minutes', async () => {
    await getQuotaSnapshot(opts());
    server.set({kind: 'json', status: 429, body: {error: {message: 'Rate limited. Please try again later.', type: 'rate_limit_error'}}});
    clock += 3 * MIN;
    const before = server.count;
    const s = await getQuotaSnapshot(opts());
    expect(server.count).toBe(before + 1);
    expect(s).toMatchObject({source: 'api', stale: true, fetchedAt: T0});
    expect(s.windows[0]!.usedPercent).toBe(37);
    expect(s.note).toBe('usage API rate limit (429) — next try in 5m');
    expect(s.nextPollAt).toBe(T0 + 8 * MIN);
    for (const step of [1, 3, 4]) {
      clock = T0 + 3 * MIN + step * MIN;
      const again = await getQuotaSnapshot(opts());
      expect(again.stale).toBe(true);
      expect(again.windows[0]!.usedPercent).toBe(37);
    }
    expect(server.count).toBe(before + 1);
    server.set({kind: 'json', body: rootBody(T0)});
    clock = T0 + 8 * MIN;
    const back = await getQuotaSnapshot(opts());
    expect(server.count).toBe(before + 2);
    expect(back).toMatchObject({stale: false, note: null, fetchedAt: T0 + 8 * MIN});
  });

  it('429 with Retry-After beyond the floor honours it; retry-after: 0 still waits 5 minutes', async () => {
    await getQuotaSnapshot(opts());
    server.set({kind: 'json', status: 429, body: {}, headers: {'retry-after': '1200'}});
    clock += 3 * MIN;
    const before = server.count;
    expect((await getQuotaSnapshot(opts())).note).toContain('next try in 20m');
    clock += 19 * MIN;
    await getQuotaSnapshot(opts());
    expect(server.count).toBe(before + 1);
    server.set({kind: 'json', status: 429, body: {}, headers: {'retry-after': '0'}});
    clock += MIN;
    const second = await getQuotaSnapshot(opts());
    expect(server.count).toBe(before + 2);
    expect(second.note).toContain('next try in 10m'); // the second 429 in a row doubles the floor
  });

  it('401: "expired / sign in again", keeping the last good reading; other failures never say so', async () => {
    await getQuotaSnapshot(opts());
    server.set({kind: 'json', status: 401, body: {type: 'error', error: {type: 'authentication_error', message: 'Invalid bearer token'}}});
    clock += 3 * MIN;
    const s = await getQuotaSnapshot(opts());
    expect(s).toMatchObject({source: 'api', stale: true, note: UNAUTHORIZED_NOTE});
    expect(s.windows).toHaveLength(3);
    server.set({kind: 'text', status: 500, text: 'oops'});
    clock += 3 * MIN;
    const e = await getQuotaSnapshot(opts());
    expect(e.note).toBe('usage API error: HTTP 500');
    expect(e.note).not.toContain('sign in');
  });

  it('500, a timeout or a malformed body: last good + one-line note; never 0 % because a poll failed', async () => {
    await getQuotaSnapshot(opts());
    const cases = [
      [{kind: 'text', status: 500, text: 'boom'}, 'usage API error: HTTP 500'],
      [{kind: 'hang'}, 'usage API timed out after 0.4s'],
      [{kind: 'text', status: 200, text: '<html>gateway</html>'}, 'usage API sent an unexpected response: not JSON: <html>gateway</html>'],
      [{kind: 'json', body: {five_hour: null, seven_day: null}}, 'usage API sent an unexpected response: no quota window in the response: {"five_hour":null,"seven_day":null}'],
    ] as const;
    for (const [behaviour, note] of cases) {
      server.set(behaviour);
      clock += 3 * MIN;
      const s = await getQuotaSnapshot(opts());
      expect(s).toMatchObject({source: 'api', stale: true, note, fetchedAt: T0});
      expect(s.windows.map((w) => w.usedPercent)).toEqual([37, 22, 9]);
    }
  });

  it('no good reading yet and the API fails: a labelled local estimate from the records', async () => {
    server.set({kind: 'text', status: 503, text: ''});
    const s = await getQuotaSnapshot(opts({records: [rec(T0 - 2 * 3_600_000, 12_000), rec(T0 - 3 * 86_400_000, 30_000), rec(T0 - 9 * 86_400_000, 1)]}));
    expect(s.source).toBe('estimate');
    expect(s.note).toBe('usage API error: HTTP 503; showing local token counts');
    expect(s.windows.map((w) => [w.label, w.usedPercent, w.usedTokens])).toEqual([
      ['Last 5 hours (local est.)', null, 12_000],
      ['Last 7 days (local est.)', null, 42_000],
    ]);
    clock += MIN;
    const none = await getQuotaSnapshot(opts({records: null}));
    expect(none).toMatchObject({source: 'unavailable', windows: [], note: 'usage API error: HTTP 503'});
  });

  it('an expired token (by expiresAt) makes no request: "sign in with claude to refresh"', async () => {
    writeCredentials(claudeDir, T0 - 1);
    const before = server.count;
    const s = await getQuotaSnapshot(opts({records: []}));
    expect(server.count).toBe(before);
    expect(s.note).toBe(`${EXPIRED_NOTE}; showing local token counts`);
    expect(s.source).toBe('estimate');
  });

  it('no credentials anywhere: not signed in, no request', async () => {
    const before = server.count;
    const s = await getQuotaSnapshot(opts({configDirs: [join(dir, 'nowhere')], records: null}));
    expect(server.count).toBe(before);
    expect(s).toMatchObject({source: 'unavailable', note: NOT_SIGNED_IN, subscriptionType: null});
  });

  it('the first config dir holding credentials wins', async () => {
    const s = await getQuotaSnapshot(opts({configDirs: [join(dir, 'empty'), claudeDir]}));
    expect(s.source).toBe('api');
    expect(server.lastHeaders?.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('a statusline record younger than 5 minutes is used with no API call; an older one is not', async () => {
    writeStatuslineRecord({five_hour: {used_percentage: 71, resets_at: (T0 + 3_600_000) / 1000}, seven_day: {used_percentage: 44, resets_at: (T0 + 86_400_000) / 1000}}, T0 - 4 * MIN, env);
    const before = server.count;
    const s = await getQuotaSnapshot(opts());
    expect(server.count).toBe(before);
    expect(s).toMatchObject({source: 'statusline', stale: false, fetchedAt: T0 - 4 * MIN});
    expect(s).not.toHaveProperty('nextPollAt'); // no API call planned while the record is fresh
    expect(s.windows.map((w) => w.usedPercent)).toEqual([71, 44]);
    clock += 2 * MIN;
    const later = await getQuotaSnapshot(opts());
    expect(server.count).toBe(before + 1);
    expect(later.source).toBe('api');
  });
});
