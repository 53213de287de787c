import {afterEach, describe, expect, it} from 'vitest';
import {defaultConfig} from '../../core/config/schema.js';
import type {Period, UsageDataset} from '../../core/types.js';
import {KEYS, NOW, SAMPLE, renderTui, sampleDataset, type RecordSpec} from '../../../test/helpers/tui.js';
import {ModelsTab} from './ModelsTab.js';

let app: Awaited<ReturnType<typeof renderTui>> | undefined;
afterEach(() => app?.unmount());

async function show(dataset: UsageDataset | null, period: Period, opts: {width?: number; keysActive?: boolean} = {}) {
  app = await renderTui(
    <ModelsTab width={opts.width ?? 120} height={38} period={period} dataset={dataset} config={defaultConfig()} tz="UTC" now={() => NOW} claudeDirs={[]} demo={false} keysActive={opts.keysActive ?? true} scroll={0} />,
  );
  return app;
}

const row = (frame: string, model: string) => frame.split('\n').find((l) => l.startsWith(model)) ?? '';

describe('ModelsTab', () => {
  it('lists models by tokens with share % (1 decimal), thousands and a bar', async () => {
    const f = (await show(sampleDataset(SAMPLE), 'all')).frame();
    expect(row(f, 'claude-haiku-4-5')).toMatch(/claude-haiku-4-5\s+80\.0%\s+100,000 █+/);
    expect(row(f, 'claude-opus-4-7')).toMatch(/14\.4%\s+18,000 █/);
    expect(row(f, 'claude-sonnet-4-5')).toMatch(/5\.6%\s+7,000 █/);
    const order = ['claude-haiku-4-5', 'claude-opus-4-7', 'claude-sonnet-4-5'].map((m) => f.indexOf(m));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // Bar lengths follow the shares.
    const bar = (m: string) => (row(f, m).match(/█+/)?.[0].length ?? 0);
    expect(bar('claude-haiku-4-5')).toBeGreaterThan(bar('claude-opus-4-7'));
  });

  it('draws one column per day of the period, empty days included, with axis and ticks', async () => {
    const f = (await show(sampleDataset(SAMPLE), '7d')).frame();
    const lines = f.split('\n');
    const top = lines.findIndex((l) => /15\.0K ┤/.test(l));
    expect(top).toBeGreaterThan(0);
    expect(lines[top + 7]).toMatch(/^\s+0 ┤/);
    const ticks = lines[top + 8]!;
    expect(ticks).toContain('11-27');
    expect(ticks).toContain('12-03');
    // 7 columns: the bottom row has a bar for 12-01 and 12-03 only.
    const bottom = lines[top + 7]!.replace(/^\s+0 ┤/, '');
    const columns = bottom.slice(0, 7 * 6).match(/.{1,6}/g)!.map((c) => c.trim() !== '');
    expect(columns).toEqual([false, false, false, false, true, false, true]);
  });

  it('moves the cursor with ← → Home End and shows the day breakdown', async () => {
    const a = await show(sampleDataset(SAMPLE), '7d');
    expect(a.frame()).toContain('2026-12-03 Thu');
    expect(a.frame()).toMatch(/opus-4-7\s+15\.0K/);
    await a.press(KEYS.left);
    expect(a.frame()).toContain('2026-12-02 Wed');
    expect(a.frame()).toContain('0 tokens');
    expect(a.frame()).toContain('no usage');
    await a.press(KEYS.left);
    const f = a.frame();
    expect(f).toContain('2026-12-01 Tue');
    expect(f).toContain('10.0K tokens');
    expect(f).toMatch(/\$\d+\.\d\d estimated/);
    expect(f.indexOf('sonnet-4-5')).toBeLessThan(f.lastIndexOf('opus-4-7'));
    await a.press(KEYS.home);
    expect(a.frame()).toContain('2026-11-27 Fri');
    await a.press(KEYS.left); // already at the first day
    expect(a.frame()).toContain('2026-11-27 Fri');
    await a.press(KEYS.end, KEYS.right);
    expect(a.frame()).toContain('2026-12-03 Thu');
  });

  it('shows the top 3 models of a day and how many more', async () => {
    const specs: RecordSpec[] = ['claude-opus-4-7', 'claude-sonnet-4-5', 'claude-haiku-4-5', 'claude-opus-4-1', 'claude-sonnet-4'].map((model, i) => ({at: '2026-12-03T08:00:00Z', model, session: 's', input: (5 - i) * 1_000_000, output: 0}));
    const f = (await show(sampleDataset(specs), '7d')).frame();
    expect(f).toContain('15.0M tokens');
    expect(f).toMatch(/opus-4-7\s+5\.0M/);
    expect(f).toMatch(/sonnet-4-5\s+4\.0M/);
    expect(f).toMatch(/haiku-4-5\s+3\.0M/);
    expect(f).toContain('+2 more');
    expect(f).not.toMatch(/opus-4-1\s+2\.0M/);
  });

  it('scrolls the chart window with the cursor when days outnumber columns', async () => {
    const specs: RecordSpec[] = [{at: '2026-01-01T12:00:00Z', model: 'claude-opus-4-7', session: 'a', input: 500, output: 0}, ...SAMPLE];
    const a = await show(sampleDataset(specs), 'all', {width: 80});
    expect(a.frame()).toMatch(/\d+–337 of 337 days/);
    expect(a.frame()).not.toContain('01-01 ');
    await a.press(KEYS.home);
    expect(a.frame()).toContain('1–');
    expect(a.frame()).toContain('2026-01-01 Thu');
    expect(a.frame()).toContain('01-01');
  });

  it('starts on the newest day with usage when the period ends with quiet days', async () => {
    const a = await show(sampleDataset([SAMPLE[3]!]), 'all'); // only 2026-11-01, today is 2026-12-03
    expect(a.frame()).toContain('2026-11-01 Sun');
    expect(a.frame()).toContain('100.0K tokens');
    await a.press(KEYS.right);
    expect(a.frame()).toContain('2026-11-02 Mon');
    await a.press(KEYS.end);
    expect(a.frame()).toContain('2026-12-03 Thu');
  });

  it('ignores keys while an overlay holds them', async () => {
    const a = await show(sampleDataset(SAMPLE), '7d', {keysActive: false});
    await a.press(KEYS.left);
    expect(a.frame()).toContain('2026-12-03 Thu');
  });

  it('draws a cumulative trend line, and nothing to plot on an empty period', async () => {
    expect((await show(sampleDataset(SAMPLE), '30d')).frame()).toContain('Cumulative tokens');
    app?.unmount();
    const empty = (await show(sampleDataset([SAMPLE[3]!]), '7d')).frame();
    expect(empty).toContain('No usage in this period.');
    expect(empty).not.toContain('Cumulative tokens');
  });

  it('gives the model name priority over the share bar on a narrow terminal', async () => {
    const specs: RecordSpec[] = [{at: '2026-12-03T08:00:00Z', model: 'claude-sonnet-4-5-20250929', session: 's', input: 5000, output: 0}, ...SAMPLE];
    const f = (await show(sampleDataset(specs), 'all', {width: 80})).frame();
    expect(row(f, 'claude-sonnet-4-5-20250929')).toMatch(/^claude-sonnet-4-5-20250929\s+\d+\.\d%\s+5,000 █*[▏▎▍▌▋▊▉]?░+$/);
    expect(f).not.toContain('…');
  });

  it('draws the cumulative line across the per-day chart, each day under its bar column', async () => {
    for (const period of ['7d', '30d'] as const) {
      const lines = (await show(sampleDataset(SAMPLE), period)).frame().split('\n');
      // The per-day chart's bottom row and tick line, then the cumulative chart's rows.
      const axisAt = (l: string) => l.search(/[┤┼│]/);
      const ticks = lines.filter((l) => /^\s+11-\d\d/.test(l) || /^\s+1[12]-\d\d\s/.test(l));
      expect(ticks).toHaveLength(2); // under both charts
      expect(ticks[0]).toBe(ticks[1]);
      const cumTitle = lines.findIndex((l) => l.includes('Cumulative tokens'));
      const barRows = lines.slice(0, cumTitle).filter((l) => / [┤│]/.test(l));
      const cumRows = lines.slice(cumTitle + 1, cumTitle + 6);
      expect(cumRows.every((l) => axisAt(l) === axisAt(barRows[0]!))).toBe(true);
      // At 120 columns the per-day plot is 7 × 6 cells (7d) or 30 × 2 cells (30d): the line spans it.
      const plotStart = axisAt(barRows[0]!) + 1;
      const cumWidth = Math.max(...cumRows.map((l) => l.trimEnd().length)) - plotStart;
      const plotWidth = period === '7d' ? 42 : 60;
      expect(cumWidth).toBeGreaterThanOrEqual(plotWidth - 1);
      expect(cumWidth).toBeLessThanOrEqual(plotWidth);
      expect(ticks[0]!.trimEnd().length - plotStart).toBeLessThanOrEqual(plotWidth);
      // The rise on 12-01 (first usage of the period) starts under the 12-01 bar column.
      const bottom = cumRows[cumRows.length - 1]!.slice(plotStart);
      const rise = bottom.search(/[╯╭]/);
      const colOf = (date: string) => ticks[0]!.indexOf(date) - plotStart;
      if (period === '7d') expect(rise).toBe(colOf('12-01') - 1); // drawn in the gap just before the 12-01 column
      app?.unmount();
    }
  });
});
