import {describe, expect, it} from 'vitest';
import {forecastWindow, forecastWindows} from './forecast.js';
import {forecastBarCells, usageCurve} from './forecast-chart.js';
import type {QuotaWindow} from './types.js';
import type {UsageRecord} from '../types.js';
import {record} from '../../../test/helpers/usage-records.js';

const NOW = Date.UTC(2026, 3, 2, 12, 0, 0);
const H = 3_600_000;
const win = (over: Partial<QuotaWindow>): QuotaWindow => ({
  id: 'five_hour',
  label: 'Current session',
  usedPercent: 40,
  resetsAt: NOW + 3 * H,
  lengthMinutes: 300,
  binding: false,
  usedTokens: null,
  ...over,
});
const rec = (at: number, inputTokens: number, outputTokens = 0): UsageRecord => record({at, t: {inputTokens, outputTokens}});

describe('forecastWindow', () => {
  it('projects used / elapsed fraction: 40 % after 2 of 5 hours → 100 % → Watch', () => {
    const f = forecastWindow(win({}), NOW)!;
    expect(f.elapsedFraction).toBeCloseTo(0.4, 10);
    expect(f.projectedPercent).toBeCloseTo(100, 10);
    expect(f.status).toBe('watch');
    expect(f.overshootAt).toBeNull();
  });
  it('On track under 90 %, Watch from 90 %, Overshoot above 100 %', () => {
    expect(forecastWindow(win({usedPercent: 35}), NOW)!.status).toBe('ok'); // 87.5
    expect(forecastWindow(win({usedPercent: 36}), NOW)!.status).toBe('watch'); // 90
    expect(forecastWindow(win({usedPercent: 40.4}), NOW)!.status).toBe('overshoot'); // 101
  });
  it('overshoot: the time 100 % is reached at the current pace', () => {
    // 80 % after 2 h: 100 % after 2.5 h, i.e. 30 minutes from now.
    const f = forecastWindow(win({usedPercent: 80}), NOW)!;
    expect(f.status).toBe('overshoot');
    expect(f.projectedPercent).toBeCloseTo(200, 10);
    expect(f.overshootAt).toBe(NOW + 30 * 60_000);
  });
  it('warming up under 5 % of the window elapsed, or with nothing used', () => {
    const early = forecastWindow(win({resetsAt: NOW + 5 * H - 14 * 60_000}), NOW)!; // 14 of 300 min = 4.7 %
    expect(early).toMatchObject({status: 'insufficient', projectedPercent: null});
    expect(forecastWindow(win({resetsAt: NOW + 5 * H - 15 * 60_000}), NOW)!.status).not.toBe('insufficient'); // exactly 5 %
    expect(forecastWindow(win({usedPercent: 0}), NOW)!.status).toBe('insufficient');
    expect(forecastWindow(win({usedPercent: null}), NOW)!.status).toBe('insufficient');
  });
  it('drops windows with no length, no reset, or a local estimate; takes the length from the label otherwise', () => {
    expect(forecastWindow(win({resetsAt: null}), NOW)).toBeNull();
    expect(forecastWindow(win({label: 'Overage', lengthMinutes: null}), NOW)).toBeNull();
    expect(forecastWindow(win({usedPercent: null, usedTokens: 5000, label: 'Last 5 hours (local est.)', lengthMinutes: null}), NOW)).toBeNull();
    const byLabel = forecastWindow(win({label: 'Current week (Fable only)', lengthMinutes: null, resetsAt: NOW + 3.5 * 24 * H, usedPercent: 25}), NOW)!;
    expect(byLabel.lengthMs).toBe(7 * 24 * H);
    expect(byLabel.projectedPercent).toBeCloseTo(50, 10);
    expect(forecastWindows([win({}), win({id: 'x', resetsAt: null})], NOW).map((f) => f.id)).toEqual(['five_hour']);
  });
});

describe('forecast chart', () => {
  it('follows the local token curve up to now, ends at the reading, then rises to the projection', () => {
    const f = forecastWindow(win({}), NOW)!; // start NOW-2h, reset NOW+3h, 40 % now, 100 % projected
    const records = [rec(NOW - 110 * 60_000, 1000), rec(NOW - 30 * 60_000, 3000), rec(NOW + 60_000, 99_999)];
    const c = usageCurve(f, records, 11)!; // one column per 30 min
    expect(c.nowColumn).toBe(4);
    expect(c.fromTokens).toBe(true);
    expect(c.series).toHaveLength(11);
    expect(c.series[0]).toBe(0);
    expect(c.series[1]).toBeCloseTo(10, 10); // 1000 of 4000 tokens → a quarter of 40 %
    expect(c.series[4]).toBeCloseTo(40, 10);
    expect(c.series[10]).toBeCloseTo(100, 10);
    expect(c.max).toBe(100);
  });
  it('is a straight line without local tokens and refuses degenerate widths', () => {
    const f = forecastWindow(win({}), NOW)!;
    const c = usageCurve(f, [], 11)!;
    expect(c.fromTokens).toBe(false);
    expect(c.series.slice(0, 5)).toEqual([0, 10, 20, 30, 40]);
    expect(usageCurve(f, [], 3)).toBeNull();
    expect(usageCurve(f, [], Number.NaN)).toBeNull();
    expect(c.series.every(Number.isFinite)).toBe(true);
  });
  it('bar cells: solid = used, projected rest, both capped at 100 %', () => {
    expect(forecastBarCells(40, 80, 20)).toEqual({solid: 8, projected: 8, rest: 4});
    expect(forecastBarCells(60, 250, 20)).toEqual({solid: 12, projected: 8, rest: 0});
    expect(forecastBarCells(30, null, 10)).toEqual({solid: 3, projected: 0, rest: 7});
  });
});
