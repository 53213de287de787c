import {afterEach, describe, expect, it} from 'vitest';
import {defaultConfig} from '../../core/config/schema.js';
import type {Period, UsageDataset} from '../../core/types.js';
import {NOW, SAMPLE, renderTui, sampleDataset} from '../../../test/helpers/tui.js';
import {dataset, record} from '../../../test/helpers/usage-records.js';
import {SummaryTab} from './SummaryTab.js';

let app: Awaited<ReturnType<typeof renderTui>> | undefined;
afterEach(() => app?.unmount());

async function show(dataset: UsageDataset | null, period: Period, width = 120) {
  app = await renderTui(
    <SummaryTab width={width} height={30} period={period} dataset={dataset} config={defaultConfig()} tz="UTC" now={() => NOW} claudeDirs={[]} demo={false} keysActive scroll={0} />,
  );
  return app.frame();
}

/** The value line under a card label (cards are drawn side by side). */
function card(frame: string, label: string): string {
  const lines = frame.split('\n');
  const row = lines.findIndex((l) => l.includes(label));
  const col = lines[row]!.indexOf(label);
  return lines[row + 1]!.slice(col).split('│')[0]!.trim();
}

describe('SummaryTab', () => {
  it('shows every card for all time', async () => {
    const f = await show(sampleDataset(SAMPLE), 'all');
    expect(card(f, 'Favorite model')).toBe('claude-haiku-4-5');
    expect(card(f, 'Total tokens')).toBe('125,000');
    expect(f).toContain('in 114,000 · out 11,000');
    expect(card(f, 'Sessions')).toBe('3');
    expect(card(f, 'Longest session')).toBe('1h 30m');
    expect(card(f, 'Active days')).toBe('3 / 33');
    expect(card(f, 'Peak hour')).toBe('10:00');
    expect(card(f, 'Current streak')).toBe('1 day');
    expect(card(f, 'Longest streak')).toBe('1 day');
    expect(card(f, 'Cache read')).toBe('500');
    expect(card(f, 'Cache write')).toBe('100');
    expect(card(f, 'Estimated cost')).toMatch(/^\$\d+\.\d\d$/);
  });

  it('narrows every card to the period', async () => {
    const f = await show(sampleDataset(SAMPLE), '7d');
    expect(card(f, 'Favorite model')).toBe('claude-opus-4-7');
    expect(card(f, 'Total tokens')).toBe('25,000');
    expect(card(f, 'Sessions')).toBe('2');
    expect(card(f, 'Active days')).toBe('2 / 3');
  });

  it('lays the cards out in fewer columns on a narrow terminal', async () => {
    const wide = await show(sampleDataset(SAMPLE), 'all', 120);
    expect(wide.split('\n').find((l) => l.includes('Favorite model'))).toContain('Longest session');
    app?.unmount();
    const narrow = await show(sampleDataset(SAMPLE), 'all', 80);
    expect(narrow.split('\n').find((l) => l.includes('Favorite model'))).not.toContain('Longest session');
    expect(narrow).toContain('Cache write');
  });

  it('never cuts a number or a model id at 80 columns: compact numbers, undated model id', async () => {
    const at = new Date(NOW - 3_600_000).toISOString();
    const big = dataset([record({at, session: 's', project: '/w/app', model: 'claude-opus-4-5-20251101', t: {inputTokens: 781_258, outputTokens: 25_312_345, cacheReadTokens: 1_288_138_622_000}})]);
    const f = await show(big, 'all', 80);
    expect(f).not.toContain('…');
    expect(card(f, 'Favorite model')).toBe('claude-opus-4-5');
    expect(card(f, 'Total tokens')).toBe('26,093,603');
    expect(f).toContain('in 781.3K · out 25.3M');
    expect(card(f, 'Cache read')).toBe('1,288,138,622,000'); // 17 cells: fits a card whole
    app?.unmount();
    const wide = await show(big, 'all', 140);
    expect(card(wide, 'Favorite model')).toBe('claude-opus-4-5-20251101');
    expect(wide).toContain('in 781,258 · out 25,312,345');
  });

  it('says when the period has no usage, and waits for data', async () => {
    const none = await show(sampleDataset([SAMPLE[3]!]), '7d');
    expect(card(none, 'Total tokens')).toBe('0');
    expect(card(none, 'Favorite model')).toBe('—');
    expect(none).toContain('No usage in this period.');
    app?.unmount();
    expect(await show(null, 'all')).toContain('Loading…');
  });
});
