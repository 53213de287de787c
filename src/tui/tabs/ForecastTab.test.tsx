import {describe, expect, it} from 'vitest';
import type {UsageDataset} from '../../core/types.js';
import {dataset, record} from '../../../test/helpers/usage-records.js';
import {quotaTabHarness} from '../../../test/helpers/quota-env.js';
import {rootBody} from '../../../test/helpers/usage-api-server.js';
import {ForecastTab} from './ForecastTab.js';

const T0 = Date.parse('2026-12-03T12:00:00Z');
const H = 3_600_000;
const MIN = 60_000;
const h = quotaTabHarness(T0);

async function show(opts: {dataset?: UsageDataset | null; demo?: boolean; pacing?: boolean; claudeDirs?: string[]; wait: string}) {
  return h.mount(
    <ForecastTab
      width={100}
      height={60}
      period="all"
      dataset={opts.dataset ?? null}
      config={h.box.config({enabled: opts.pacing ?? true})}
      tz="UTC"
      now={h.now}
      claudeDirs={opts.claudeDirs ?? [h.box.claudeDir]}
      demo={opts.demo ?? false}
      keysActive
      scroll={0}
    />,
    opts.wait,
    {columns: 100, rows: 70},
  );
}

/** Two 80k windows a day on the four days before, and 40k in this 5-hour window (not an active one). */
function history(): UsageDataset {
  const recs = [];
  for (let d = 1; d <= 4; d++) {
    recs.push(record({at: T0 - d * 24 * H - 9 * H, t: {inputTokens: 80_000}}));
    recs.push(record({at: T0 - d * 24 * H + H, t: {inputTokens: 80_000}}));
  }
  recs.push(record({at: T0 - H, t: {inputTokens: 30_000, outputTokens: 10_000}}));
  return dataset(recs);
}

describe('ForecastTab', () => {
  it('projects each API window to its reset with its badge and subline', async () => {
    // rootBody: 5h 37 % resetting in 2 h (3 of 5 h elapsed → 62 %), weekly 22 % in 3 days (4 of 7 → 38.5 %).
    h.box.server.set({kind: 'json', body: rootBody(T0)});
    const f = await show({wait: 'Projected at reset'});
    expect(f).toMatch(/Current session\s+\[On track\]/);
    expect(f).toContain('37% / 62%');
    expect(f).toContain('Projected at reset 14:00 (+00:00)');
    expect(f).toMatch(/Current week \(all models\)\s+\[On track\]/);
    expect(f).toContain('22% / 39%');
    expect(f).toContain('Projected at reset Dec 6, 12:00');
  });

  it('overshoot: "Will hit 100% at", the ↗ marker; early windows are warming up', async () => {
    h.box.server.set({
      kind: 'json',
      body: {
        five_hour: {utilization: 80, resets_at: new Date(T0 + 3 * H).toISOString()}, // 2 h in: 200 %, full at 12:30
        seven_day: {utilization: 1, resets_at: new Date(T0 + 7 * 24 * H - 10 * MIN).toISOString()}, // 10 min in
      },
    });
    const f = await show({wait: 'Will hit'});
    expect(f).toMatch(/Current session\s+\[Overshoot\]/);
    expect(f).toContain('↗  80% / 200%');
    expect(f).toContain('Will hit 100% at 12:30 (+00:00)');
    expect(f).toMatch(/Current week \(all models\)\s+\[—\]/);
    expect(f).toContain('warming up — check back in a few minutes');
  });

  it('session budget, calibration and the chart from the live windows and the local history', async () => {
    h.box.server.set({
      kind: 'json',
      body: {five_hour: {utilization: 20, resets_at: new Date(T0 + 3 * H).toISOString()}, seven_day: {utilization: 50, resets_at: new Date(T0 + 48 * H).toISOString()}},
    });
    const f = await show({dataset: history(), wait: 'Spend up to'});
    // Session cap 40k / 20 % = 200k; the week (started 5 days ago) holds 8×80k + 40k = 680k → cap 1.36M;
    // 2 windows a day, 2 days left, none used today → 4 windows; 680k / 4 = 170k = 85 % of 200k.
    expect(f).toMatch(/Session budget\s+\[On track\]/);
    expect(f).toContain('Spend up to ~85% of this 5h session');
    expect(f).toContain('20% / 85%');
    expect(f).toContain('~4 active 5h-windows left this week · 50% weekly left');
    expect(f).toContain('1% of your 5-hour window ≈ 2,000 tokens, 1% of the week ≈ 13,600 tokens');
    expect(f).toContain('▲ now');
    expect(f).toMatch(/ 100% [┤┼]/);
  });

  it('a stale reading still forecasts, and says it is stale', async () => {
    h.box.server.set({kind: 'json', body: rootBody(T0)});
    await show({wait: '37% / 62%'});
    h.box.server.set({kind: 'text', status: 502, text: ''});
    h.clock = T0 + 10 * MIN;
    const f = await show({wait: 'stale'});
    expect(f).toContain('from usage API · stale, 10m old');
    expect(f).toContain('usage API error: HTTP 502');
    expect(f).toContain('37% / ');
  });

  it('no live windows: no forecast, and the budget says it needs live quota data', async () => {
    const f = await show({claudeDirs: ['/nonexistent-claude-dir'], dataset: history(), wait: 'No forecast'});
    expect(f).toContain('No forecast available — quota source did not report any projectable windows.');
    expect(f).toMatch(/Session budget\s+\[—\]/);
    expect(f).toContain('Needs live quota data');
  });

  it('[pacing] enabled = false leaves the budget card out', async () => {
    h.box.server.set({kind: 'json', body: rootBody(T0)});
    const f = await show({pacing: false, wait: 'Projected at reset'});
    expect(f).not.toContain('Session budget');
  });

  it('demo mode: every card has numbers, labelled demo', async () => {
    const before = h.box.server.count;
    const f = await show({dataset: history(), demo: true, wait: 'Session budget'});
    expect(h.box.server.count).toBe(before);
    expect(f).toContain('demo · from demo data');
    expect(f).toContain('42% / ');
    expect(f).toMatch(/Spend up to ~\d+% of this 5h session/);
    expect(f).toMatch(/1% of your 5-hour window ≈ [\d,]+ tokens, 1% of the week ≈ [\d,]+ tokens/);
    expect(f).toContain('▲ now');
  });
});
