// `aura --demo` is anchored at the real now: the generated corpus is moved so its newest line is
// minutes old, the demo quota windows are then drawn at now (no "as of" in the past), and the
// demo fleet carries the same window percentages as the Quota tab.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {generateCorpus} from '../fixtures/generate.js';
import {demoEndingAt} from '../src/cli/commands/dashboard.js';
import {demoFleetState} from '../src/core/fleet/demo.js';
import {accountLine} from '../src/core/fleet/share.js';
import {fleetView} from '../src/core/fleet/view.js';
import {demoQuota} from '../src/core/quota/estimate.js';
import {sessionWindow, weeklyWindow} from '../src/core/quota/types.js';
import type {UsageDataset} from '../src/core/types.js';
import {loadUsage} from '../src/core/usage.js';
import {tokensBetween} from '../src/core/window-tokens.js';

const NOW = Date.UTC(2026, 11, 3, 16, 56, 0);
const MIN = 60_000;
let dir: string;
let raw: UsageDataset;
let demo: UsageDataset;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aura-demo-clock-'));
  const {configDir} = await generateCorpus(dir, {seed: 20_261_203, days: 60, now: NOW});
  raw = await loadUsage({claudeDirs: [configDir], env: {}, cacheDir: null});
  demo = demoEndingAt(raw, NOW);
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe('demo clock', () => {
  it('the generator alone ends hours before now (why the data is moved)', () => {
    expect(raw.records.at(-1)!.timestamp).toBeLessThan(NOW - 2 * 60 * MIN);
  });

  it('moves every record and session by one offset so the newest line is 5 minutes old', () => {
    const shift = demo.records[0]!.timestamp - raw.records[0]!.timestamp;
    expect(shift).toBeGreaterThan(0);
    expect(demo.records.at(-1)!.timestamp).toBeLessThanOrEqual(NOW - 5 * MIN);
    expect(Math.max(demo.records.at(-1)!.timestamp, ...demo.sessions.map((s) => s.end))).toBe(NOW - 5 * MIN);
    expect(demo.records.map((r) => r.timestamp - shift)).toEqual(raw.records.map((r) => r.timestamp));
    expect(demo.sessions.map((s) => [s.start - shift, s.end - shift])).toEqual(raw.sessions.map((s) => [s.start, s.end]));
    expect(demo.records.map((r) => r.tokens)).toEqual(raw.records.map((r) => r.tokens));
    // Data already recent enough is left alone, and the input is never changed.
    expect(demoEndingAt(demo, NOW)).toBe(demo);
    expect(raw.records.at(-1)!.timestamp).toBeLessThan(NOW - 2 * 60 * MIN);
  });

  it('the demo quota is drawn at now: 42 % resetting in 2h 10m, with tokens inside the window', () => {
    const q = demoQuota(demo.records, NOW);
    expect(q.at).toBe(NOW);
    const session = sessionWindow(q.snapshot)!;
    expect(session).toMatchObject({usedPercent: 42, resetsAt: NOW + 130 * MIN});
    expect(weeklyWindow(q.snapshot)).toMatchObject({usedPercent: 61});
    expect(tokensBetween(demo.records, session.resetsAt! - 300 * MIN, NOW)).toBeGreaterThan(0);
    // Before the move the demo had to fall back to the end of the data.
    expect(demoQuota(raw.records, NOW).at).toBeLessThan(NOW - 60 * MIN);
  });

  it('the demo fleet shows the Quota tab\'s percentages; laptop\'s tokens are its demo usage in each window', () => {
    const state = demoFleetState(NOW, demo.records);
    const session = sessionWindow(demoQuota(demo.records, NOW).snapshot)!;
    expect(accountLine(state.self, state.peers)).toEqual({sessionPct: 42, weeklyPct: 61, from: 'laptop'});
    for (const m of [state.self!, ...state.peers]) expect(m.heartbeat).toMatchObject({session_pct: 42, weekly_pct: 61});
    expect(state.self!.heartbeat.session_tokens).toBe(tokensBetween(demo.records, session.resetsAt! - 300 * MIN, NOW - 12_000));
    const rows = fleetView({paired: true, state, syncing: true, now: NOW}).rows;
    expect(rows.map((r) => [r.label, r.sessionShare === null ? null : Math.round(r.sessionShare * 100)])).toEqual([
      ['desktop', 70],
      ['laptop', 30],
      ['build-server', null],
    ]);
  });
});
