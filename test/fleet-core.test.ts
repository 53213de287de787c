// Pure fleet rules: heartbeat building and checking, ingest decisions, shares, row order, the view.
import {describe, expect, it} from 'vitest';
import {buildHeartbeat, decodeHeartbeat, encodeHeartbeat, machineLabel, parseTimestamp} from '../src/core/fleet/heartbeat.js';
import {judgeHeartbeat, prunePeers} from '../src/core/fleet/ingest.js';
import {fleetSettings, FUTURE_TOLERANCE_SECS} from '../src/core/fleet/settings.js';
import {accountLine, fleetRows} from '../src/core/fleet/share.js';
import {demoFleetState} from '../src/core/fleet/demo.js';
import {emptyDropCounts, type FleetState, type Heartbeat, type PeerEntry} from '../src/core/fleet/types.js';
import {accountText, ageText, dropWarnings, fleetView, FLEET_TEXT, shareText} from '../src/core/fleet/view.js';
import type {QuotaSnapshot, QuotaWindow} from '../src/core/quota/types.js';
import {emptyTokens, type UsageRecord} from '../src/core/types.js';

const NOW = Date.UTC(2026, 11, 3, 12, 0, 0);
const MIN = 60_000;

const record = (at: number, input: number, output: number, cacheRead = 0): UsageRecord => ({
  timestamp: at,
  model: 'claude-sonnet-4-5',
  sessionId: 's',
  project: '/p',
  isSidechain: false,
  speed: null,
  tokens: {...emptyTokens(), inputTokens: input, outputTokens: output, cacheReadTokens: cacheRead},
});

const win = (id: string, label: string, pct: number | null, resetsAt: number | null, lengthMinutes: number | null): QuotaWindow => ({
  id,
  label,
  usedPercent: pct,
  resetsAt,
  lengthMinutes,
  binding: false,
  usedTokens: null,
});
const snap = (windows: QuotaWindow[]): QuotaSnapshot => ({windows, source: 'statusline', fetchedAt: NOW, stale: false, note: null, subscriptionType: 'max'});

const hb = (id: string, label: string, s: number | null, w: number | null, ts = NOW): Heartbeat => ({
  v: 1,
  machine_id: id,
  label,
  session_pct: 40,
  weekly_pct: 20,
  session_tokens: s,
  weekly_tokens: w,
  ts: new Date(ts).toISOString(),
});

describe('buildHeartbeat', () => {
  // 5-hour window resets in 2 h → started 3 h ago; weekly resets in 2 days → started 5 days ago.
  const records = [
    record(NOW - 6 * 24 * 60 * MIN, 1_000_000, 1_000_000), // before both windows
    record(NOW - 4 * 60 * MIN, 5_000, 500), // weekly only
    record(NOW - 2 * 60 * MIN, 1_000, 200, 9_999_999), // both; cache reads don't count
    record(NOW - 1 * MIN, 30, 7), // both
    record(NOW + 5 * MIN, 123, 456), // in the future: not yet
  ];
  const snapshot = snap([win('five_hour', '5h session', 22.46, NOW + 120 * MIN, 300), win('seven_day', 'Weekly (all models)', 41, NOW + 2 * 24 * 60 * MIN, 10080)]);

  it('takes pct from the snapshot and this machine’s input + output tokens inside each window', () => {
    const h = buildHeartbeat({machineId: 'id-1', label: 'laptop', snapshot, records, now: NOW});
    expect(h).toEqual({
      v: 1,
      machine_id: 'id-1',
      label: 'laptop',
      session_pct: 22.5,
      weekly_pct: 41,
      session_tokens: 1_237,
      weekly_tokens: 6_737,
      ts: '2026-12-03T12:00:00.000Z',
      quotaKnown: true,
    });
    // quotaKnown stays local: the wire carries only the protocol's fields.
    expect(encodeHeartbeat(h)).toBe(
      '{"v":1,"machine_id":"id-1","label":"laptop","session_pct":22.5,"weekly_pct":41,"session_tokens":1237,"weekly_tokens":6737,"ts":"2026-12-03T12:00:00.000Z"}',
    );
  });

  it('missing windows give pct 0 and null tokens; unknown bounds or a passed reset give null tokens', () => {
    expect(buildHeartbeat({machineId: 'a', label: 'l', snapshot: null, records, now: NOW})).toMatchObject({session_pct: 0, weekly_pct: 0, session_tokens: null, weekly_tokens: null, quotaKnown: false});
    const odd = snap([win('five_hour', '5h', 10, null, 300), win('seven_day', 'week', 30, NOW - MIN, 10080)]);
    expect(buildHeartbeat({machineId: 'a', label: 'l', snapshot: odd, records, now: NOW})).toMatchObject({session_pct: 10, weekly_pct: 30, session_tokens: null, weekly_tokens: null});
  });

  it('falls back to the original app’s label needles', () => {
    const other = snap([win('limit:a', 'Current 5-hour session', 12, NOW + 150 * MIN, 300), win('limit:b', 'Current week (all models)', 34, NOW + 60 * MIN, 10080)]);
    expect(buildHeartbeat({machineId: 'a', label: 'l', snapshot: other, records, now: NOW})).toMatchObject({session_pct: 12, weekly_pct: 34, session_tokens: 1_237});
  });

  it('labels: configured, else host name, cut to 64 characters', () => {
    expect(machineLabel('  desk  ', 'host')).toBe('desk');
    expect(machineLabel('', 'host.example')).toBe('host.example');
    expect(machineLabel('', '')).toBe('this machine');
    expect(machineLabel('x'.repeat(100), 'h')).toHaveLength(64);
  });
});

describe('decodeHeartbeat', () => {
  const good = encodeHeartbeat(hb('m', 'desk', 5, 6));

  it('accepts a v1 heartbeat, ignores extra fields, reads missing tokens as null', () => {
    const d = decodeHeartbeat(good);
    expect(d.ok && d.heartbeat).toEqual(hb('m', 'desk', 5, 6));
    expect(d.ok && d.tsMs).toBe(NOW);
    const loose = decodeHeartbeat('{"v":1,"machine_id":"m","label":"x","session_pct":22.0,"weekly_pct":41.0,"ts":"2026-12-03T12:00:00.123456789+00:00","extra":true}');
    expect(loose).toMatchObject({ok: true, tsMs: NOW + 123, heartbeat: {session_tokens: null, weekly_tokens: null}});
  });

  it('rejects what is not a v1 heartbeat', () => {
    expect(decodeHeartbeat('not json')).toEqual({ok: false, reason: 'not_json'});
    for (const bad of [
      '[]',
      'null',
      '42',
      '{"hello":"world"}',
      good.replace('"v":1', '"v":2'),
      good.replace('"label":"desk"', '"label":7'),
      good.replace('"session_pct":40', '"session_pct":"40"'),
      good.replace('"session_pct":40', '"session_pct":-1'),
      good.replace('"session_tokens":5', '"session_tokens":1.5'),
      good.replace('"machine_id":"m"', '"machine_id":""'),
      good.replace(/"ts":"[^"]+"/, '"ts":"yesterday"'),
      good.replace(/"ts":"[^"]+"/, '"ts":1764763200'),
    ]) {
      expect(decodeHeartbeat(bad)).toEqual({ok: false, reason: 'wrong_shape'});
    }
  });

  it('parses RFC 3339 with offsets and nanoseconds only', () => {
    expect(parseTimestamp('2026-12-03T13:00:00+01:00')).toBe(NOW);
    expect(parseTimestamp('2026-12-03')).toBeNull();
    expect(parseTimestamp('2026-13-45T99:00:00Z')).toBeNull();
  });
});

describe('ingest rules', () => {
  const settings = fleetSettings({heartbeat_secs: 45, stale_secs: 120});
  const ctx = {selfId: 'me', now: NOW, settings};

  it('settings: floor 20 s, replay window 2 x interval, prune 4 x stale; env overrides for tests', () => {
    expect(settings).toEqual({intervalSecs: 45, staleSecs: 120, replayWindowSecs: 90, pruneSecs: 480});
    expect(fleetSettings({heartbeat_secs: 5, stale_secs: 120}).intervalSecs).toBe(20);
    expect(fleetSettings({heartbeat_secs: 45, stale_secs: 120}, {AURA_FLEET_HEARTBEAT_SECS: '1', AURA_FLEET_MIN_HEARTBEAT_SECS: '0.5', AURA_FLEET_STALE_SECS: '3'})).toEqual({
      intervalSecs: 1,
      staleSecs: 3,
      replayWindowSecs: 2,
      pruneSecs: 12,
    });
    expect(fleetSettings({heartbeat_secs: 45, stale_secs: 120}, {AURA_FLEET_HEARTBEAT_SECS: '1'}).intervalSecs).toBe(20);
  });

  it('drops our own id, the far future, replays and anything not newer than what we hold', () => {
    expect(judgeHeartbeat(hb('me', 'x', 1, 1), NOW, undefined, ctx)).toBe('own_machine');
    expect(judgeHeartbeat(hb('p', 'x', 1, 1), NOW + (FUTURE_TOLERANCE_SECS + 1) * 1000, undefined, ctx)).toBe('future_timestamp');
    expect(judgeHeartbeat(hb('p', 'x', 1, 1), NOW + 60_000, undefined, ctx)).toBeNull(); // small skew is fine
    expect(judgeHeartbeat(hb('p', 'x', 1, 1), NOW - 91_000, undefined, ctx)).toBe('too_old');
    expect(judgeHeartbeat(hb('p', 'x', 1, 1), NOW - 89_000, undefined, ctx)).toBeNull();
    const held: PeerEntry = {heartbeat: hb('p', 'x', 1, 1, NOW - 10_000), receivedAt: NOW - 9_000};
    expect(judgeHeartbeat(hb('p', 'x', 1, 1), NOW - 10_000, held, ctx)).toBe('out_of_order');
    expect(judgeHeartbeat(hb('p', 'x', 1, 1), NOW - 20_000, held, ctx)).toBe('out_of_order');
    expect(judgeHeartbeat(hb('p', 'x', 1, 1), NOW - 5_000, held, ctx)).toBeNull();
  });

  it('prunes peers not heard from for 4 x stale', () => {
    const peers = [481, 479].map((s) => ({heartbeat: hb(`p${s}`, 'x', 1, 1), receivedAt: NOW - s * 1000}));
    expect(prunePeers(peers, NOW, settings).map((p) => p.heartbeat.machine_id)).toEqual(['p479']);
  });
});

describe('shares and rows', () => {
  const self = {heartbeat: hb('me', 'laptop', 300, 1000), publishedAt: NOW - 5_000};
  const peers: PeerEntry[] = [
    {heartbeat: hb('d', 'desktop', 700, 3000), receivedAt: NOW - 30_000},
    {heartbeat: hb('s', 'server', 5000, 5000), receivedAt: NOW - 121_000}, // stale: excluded from denominators
    {heartbeat: hb('n', 'nas', null, 1000), receivedAt: NOW - 1_000}, // no 5h tokens
    {heartbeat: hb('a', 'attic', 0, 0), receivedAt: NOW - 2_000},
  ];

  it('share = tokens / Σ over fresh machines that reported; stale and unknown have none', () => {
    const rows = fleetRows(self, peers, NOW, 120);
    const by = Object.fromEntries(rows.map((r) => [r.label, r]));
    expect(by.desktop!.sessionShare).toBeCloseTo(0.7);
    expect(by.laptop!.sessionShare).toBeCloseTo(0.3);
    expect(by.attic!.sessionShare).toBe(0);
    expect(by.nas!.sessionShare).toBeNull();
    expect(by.server).toMatchObject({stale: true, sessionShare: null, weeklyShare: null, ageSecs: 121});
    expect(by.desktop!.weeklyShare).toBeCloseTo(0.6);
    expect(by.laptop).toMatchObject({isSelf: true, stale: false, ageSecs: 5});
    // order: 5h share desc (none = -1), then weekly share desc, then label
    expect(rows.map((r) => r.label)).toEqual(['desktop', 'laptop', 'attic', 'nas', 'server']);
  });

  it('ties sort by label; a denominator of 0 gives no shares', () => {
    const zero = [{heartbeat: hb('b', 'bravo', 0, 0), receivedAt: NOW}, {heartbeat: hb('a', 'alpha', 0, 0), receivedAt: NOW}];
    const rows = fleetRows(null, zero, NOW, 120);
    expect(rows.map((r) => [r.label, r.sessionShare])).toEqual([['alpha', null], ['bravo', null]]);
  });

  it('account line: our heartbeat, else the freshest peer', () => {
    expect(accountLine(self, peers)).toEqual({sessionPct: 40, weeklyPct: 20, from: 'laptop'});
    expect(accountLine(null, peers)?.from).toBe('nas');
    expect(accountLine(null, [])).toBeNull();
  });

  it('account line: a machine without a quota reading takes the freshest peer that has one', () => {
    const blank = (id: string, label: string, s: number, w: number, receivedAt: number): PeerEntry => ({heartbeat: {...hb(id, label, 0, 0), session_pct: s, weekly_pct: w}, receivedAt});
    const noQuota = {heartbeat: {...hb('me', 'laptop', 0, 0), session_pct: 0, weekly_pct: 0}, publishedAt: NOW, quotaKnown: false};
    const others = [blank('z', 'zero', 0, 0, NOW - 1_000), blank('d', 'desktop', 41, 23, NOW - 20_000), blank('o', 'old', 70, 80, NOW - 60_000)];
    expect(accountLine(noQuota, others)).toEqual({sessionPct: 41, weeklyPct: 23, from: 'desktop'});
    // Our own reading wins when we have one, even a real 0 % right after a reset.
    expect(accountLine({...noQuota, quotaKnown: true}, others)).toEqual({sessionPct: 0, weeklyPct: 0, from: 'laptop'});
    // A state written before quotaKnown existed: 0 / 0 reads as unknown.
    expect(accountLine({heartbeat: noQuota.heartbeat, publishedAt: NOW}, others)?.from).toBe('desktop');
    expect(accountLine(noQuota, [blank('z', 'zero', 0, 0, NOW)])).toBeNull();
    expect(accountText(accountLine(noQuota, []))).toBe('5h session: —   Weekly: —');
    expect(accountText(accountLine(noQuota, others))).toBe('5h session: 41%   Weekly: 23%');
  });
});

describe('fleetView', () => {
  const state: FleetState = {...demoFleetState(NOW), pid: 1};

  it('texts: ages, shares, warnings', () => {
    expect(ageText(59)).toBe('updated 59s ago');
    expect(ageText(61)).toBe('updated 1m ago');
    expect(shareText(null)).toBe('—');
    expect(shareText(0.4567)).toBe('46%');
    const drops = {...emptyDropCounts(), decrypt_failed: 2, too_old: 1, own_machine: 9};
    expect(dropWarnings(drops)).toEqual(['2 messages ignored: decrypt failed', '1 message ignored: too old']);
  });

  it('states: unpaired, not running, waiting, ok, broker unreachable', () => {
    expect(fleetView({paired: false, state, syncing: true, now: NOW})).toMatchObject({status: 'unpaired', message: FLEET_TEXT.unpaired, rows: []});
    expect(fleetView({paired: true, state: {...state, paired: false}, syncing: true, now: NOW}).status).toBe('unpaired');
    expect(fleetView({paired: true, state, syncing: false, now: NOW})).toMatchObject({status: 'not_running', message: FLEET_TEXT.notRunning});
    expect(fleetView({paired: true, state: {...state, peers: []}, syncing: true, now: NOW})).toMatchObject({status: 'waiting', message: FLEET_TEXT.waiting});
    const ok = fleetView({paired: true, state, syncing: true, now: NOW});
    expect(ok).toMatchObject({status: 'ok', message: null, brokerUnreachable: false, account: {sessionPct: 42, weeklyPct: 61, from: 'laptop'}});
    expect(ok.rows.map((r) => [r.label, r.stale])).toEqual([['desktop', false], ['laptop', false], ['build-server', true]]);
    const down = fleetView({paired: true, state: {...state, broker: {status: 'unreachable', error: 'broker answered 429', retryAt: null, lastOkAt: null}}, syncing: true, now: NOW});
    expect(down).toMatchObject({brokerUnreachable: true, brokerError: 'broker answered 429'});
  });
});
