import {describe, expect, it} from 'vitest';
import {cumulative, dayBreakdown, fitModelName, fitNumber, hbar, layoutDayChart, periodDays, splitRow, underColumns, windowStart} from './chart.js';
import {emptyTokens} from './types.js';

describe('hbar', () => {
  it('fills whole cells then one eighth glyph', () => {
    expect(hbar(0.5, 10)).toBe('█████');
    expect(hbar(0.55, 10)).toBe('█████▌'); // 44 eighths = 5 cells + 4/8 (a half block)
    expect(hbar(0.5125, 10)).toBe('█████▏'); // 41 eighths
    expect(hbar(1, 4)).toBe('████');
    expect(hbar(0, 4)).toBe('');
  });
  it('clamps out-of-range and non-finite fractions', () => {
    expect(hbar(2, 3)).toBe('███');
    expect(hbar(-1, 3)).toBe('');
    expect(hbar(Number.NaN, 3)).toBe('');
    expect(hbar(0.5, 0)).toBe('');
  });
});

describe('periodDays', () => {
  it('gives 7 and 30 calendar days ending today', () => {
    const d7 = periodDays('7d', '2026-01-01', '2026-12-03');
    expect(d7).toEqual(['2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03']);
    expect(periodDays('30d', undefined, '2026-03-01')[0]).toBe('2026-01-31');
    expect(periodDays('30d', undefined, '2026-03-01')).toHaveLength(30);
  });
  it('runs from the first active day to today for all time, empty without data', () => {
    expect(periodDays('all', '2026-02-27', '2026-03-01')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
    expect(periodDays('all', undefined, '2026-03-01')).toEqual([]);
  });
});

describe('windowStart', () => {
  it('keeps the cursor visible, moving the window as little as possible', () => {
    expect(windowStart(10, 20, 3, 0)).toBe(0);
    expect(windowStart(100, 10, 99, 0)).toBe(90);
    expect(windowStart(100, 10, 95, 90)).toBe(90); // still inside: no move
    expect(windowStart(100, 10, 89, 90)).toBe(89); // one left of the window: shift by one
    expect(windowStart(100, 10, 0, 90)).toBe(0);
  });
});

describe('layoutDayChart', () => {
  const dates = (n: number) => Array.from({length: n}, (_, i) => `2026-01-${String(i + 1).padStart(2, '0')}`);

  it('draws one column per day with eighth-block heights, empty days empty', () => {
    const l = layoutDayChart({values: [8, 0, 4, 1], dates: dates(4), width: 4, height: 1, cursor: 3});
    expect(l.colWidth).toBe(1);
    expect(l.count).toBe(4);
    expect(l.max).toBe(8);
    expect(l.rows).toEqual([['█', ' ', '▄', '▁']]);
  });

  it('splits tall bars over rows (bottom row full first)', () => {
    const l = layoutDayChart({values: [16, 6], dates: dates(2), width: 2, height: 2, cursor: 0});
    // 6/16 of 16 eighths = 6 eighths: only the bottom row, partly.
    expect(l.rows).toEqual([
      ['█', ' '],
      ['█', '▆'],
    ]);
  });

  it('keeps a tiny non-zero day visible', () => {
    const l = layoutDayChart({values: [1_000_000, 1], dates: dates(2), width: 2, height: 4, cursor: 0});
    expect(l.rows[3]![1]).toBe('▁');
  });

  it('widens columns with gaps when few days fit', () => {
    const l = layoutDayChart({values: [1, 2, 3], dates: dates(3), width: 30, height: 2, cursor: 0});
    expect(l.colWidth).toBe(5);
    expect(l.gap).toBe(1);
    expect(l.plotWidth).toBe(18);
  });

  it('scrolls the window with the cursor when days outnumber columns', () => {
    const values = Array.from({length: 31}, (_, i) => i);
    const atEnd = layoutDayChart({values, dates: dates(31), width: 10, height: 2, cursor: 30});
    expect(atEnd.count).toBe(10);
    expect(atEnd.start).toBe(21);
    const atStart = layoutDayChart({values, dates: dates(31), width: 10, height: 2, cursor: 0, prevStart: 21});
    expect(atStart.start).toBe(0);
  });

  it('writes non-overlapping MM-DD ticks that fit the plot', () => {
    const l = layoutDayChart({values: Array(31).fill(1), dates: dates(31), width: 31, height: 1, cursor: 0});
    expect(l.ticks).toHaveLength(31);
    expect(l.ticks.startsWith('01-01 01-07')).toBe(true);
    const labels = l.ticks.trim().split(/\s+/);
    expect(labels.every((t) => /^01-\d\d$/.test(t))).toBe(true);
  });

  it('gives an all-zero period a flat, empty chart', () => {
    const l = layoutDayChart({values: [0, 0, 0], dates: dates(3), width: 3, height: 2, cursor: 1});
    expect(l.max).toBe(0);
    expect(l.rows.flat().every((g) => g === ' ')).toBe(true);
  });
});

describe('splitRow', () => {
  it('splits around the cursor column, repeating glyphs to the column width', () => {
    expect(splitRow(['█', '▄', ' '], {colWidth: 2, gap: 1}, 1)).toEqual(['██ ', '▄▄', '   ']);
    expect(splitRow(['█', '▄'], {colWidth: 1, gap: 0}, 5)).toEqual(['█▄', '', '']);
  });
});

describe('cumulative', () => {
  it('sums a running total', () => {
    expect(cumulative([1, 0, 2])).toEqual([1, 1, 3]);
  });
});

describe('dayBreakdown', () => {
  const t = (i: number, o: number) => ({...emptyTokens(), inputTokens: i, outputTokens: o});
  it('names the day, its total, cost and top 3 models without the claude- prefix', () => {
    const b = dayBreakdown('2026-12-02', {
      date: '2026-12-02',
      tokens: t(10_000_000, 8_200_000),
      costUSD: 12.5,
      models: [
        {model: 'claude-opus-4-7', tokens: t(9_000_000, 100_000), costUSD: 10, priced: true},
        {model: 'claude-sonnet-4-5', tokens: t(4_000_000, 400_000), costUSD: 2, priced: true},
        {model: 'claude-haiku-4-5', tokens: t(1_000, 0), costUSD: 0.25, priced: true},
        {model: 'other-model', tokens: t(500, 0), costUSD: 0.25, priced: false},
      ],
    });
    expect(b).toEqual({
      date: '2026-12-02',
      weekday: 'Wed',
      tokens: 18_200_000,
      costUSD: 12.5,
      top: [
        {model: 'opus-4-7', tokens: 9_100_000},
        {model: 'sonnet-4-5', tokens: 4_400_000},
        {model: 'haiku-4-5', tokens: 1_000},
      ],
      more: 1,
    });
  });
  it('handles a day without usage', () => {
    expect(dayBreakdown('2026-12-06', undefined)).toEqual({date: '2026-12-06', weekday: 'Sun', tokens: 0, costUSD: 0, top: [], more: 0});
  });
});

describe('fitNumber', () => {
  it('keeps every digit when it fits, else goes compact, never cut', () => {
    expect(fitNumber(3_795_533, 9)).toBe('3,795,533');
    expect(fitNumber(3_795_533, 8)).toBe('3.8M');
    expect(fitNumber(288_138_622, 4)).toBe('288.1M'); // compact is the floor: wider than asked, never cut
  });
});

describe('fitModelName', () => {
  const id = 'claude-sonnet-4-5-20250929';
  it('returns the id when it fits', () => {
    expect(fitModelName(id, 26)).toBe(id);
  });
  it('drops the date suffix, then the claude- prefix', () => {
    expect(fitModelName(id, 25)).toBe('claude-sonnet-4-5');
    expect(fitModelName(id, 17)).toBe('claude-sonnet-4-5');
    expect(fitModelName(id, 16)).toBe('sonnet-4-5');
  });
  it('elides the middle last, keeping both ends', () => {
    expect(fitModelName(id, 7)).toBe('son…4-5');
    expect(fitModelName('some-very-long-custom-model-name', 12)).toBe('some-v…-name');
    for (let w = 1; w <= 30; w++) expect(fitModelName(id, w).length).toBeLessThanOrEqual(w);
  });
});

describe('underColumns', () => {
  it('repeats each visible day across its column and gap', () => {
    expect(underColumns([1, 2, 3], {start: 0, count: 3, colWidth: 2, gap: 1})).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3]);
  });
  it('follows the visible window of a packed chart', () => {
    expect(underColumns([1, 2, 3, 4, 5], {start: 2, count: 3, colWidth: 1, gap: 0})).toEqual([3, 4, 5]);
  });
  it('is as wide as the day chart it sits under', () => {
    const values = Array.from({length: 30}, (_, i) => i);
    const dates = values.map((i) => `2026-11-${String(i + 1).padStart(2, '0')}`);
    const layout = layoutDayChart({values, dates, width: 80, height: 8, cursor: 29});
    const line = underColumns(cumulative(values), layout);
    expect(line).toHaveLength(layout.plotWidth);
    expect(line[line.length - 1]).toBe(cumulative(values)[29]);
  });
});
