// Text-chart layout: horizontal share bars, the per-day column chart of the Models tab (columns,
// eighth-block heights, date ticks, the scrolling window), a per-day series spread under its columns, and
// numbers and model ids shortened to fit a cell. Pure math returning strings, so the TUI
// components only render.
import type {DayBucket} from './aggregate.js';
import {compact, shortModel, thousands} from './format.js';
import {addDays, daysBetween, weekday} from './time.js';
import {uiTokens, type Period} from './types.js';

/** A count with thousands separators, or compact (18.2M) when that does not fit `width` cells. */
export function fitNumber(n: number, width: number): string {
  const full = thousands(n);
  return full.length <= width ? full : compact(n);
}

/**
 * A model id in at most `width` cells, still recognisable: the date suffix goes first
 * (claude-sonnet-4-5-20250929 -> claude-sonnet-4-5), then `claude-`, then the middle.
 */
export function fitModelName(model: string, width: number): string {
  const undated = model.replace(/-\d{8}$/, '');
  for (const candidate of [model, undated, shortModel(undated)]) if (candidate.length <= width) return candidate;
  const short = shortModel(undated);
  if (width <= 1) return short.slice(0, Math.max(0, width));
  const tail = Math.floor((width - 1) / 2);
  return `${short.slice(0, width - 1 - tail)}…${tail > 0 ? short.slice(-tail) : ''}`;
}

const H_EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
const V_EIGHTHS = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** A horizontal bar of `fraction` (0..1) of `width` cells, in eighth-cell steps; never longer than width. */
export function hbar(fraction: number, width: number): string {
  if (!(width > 0)) return '';
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  const eighths = Math.round(f * width * 8);
  return '█'.repeat(Math.floor(eighths / 8)) + H_EIGHTHS[eighths % 8]!;
}

/** The days a chart shows for a period: 7 / 30 days ending today, or first active day to today. */
export function periodDays(period: Period, firstActive: string | undefined, today: string): string[] {
  const span = period === '7d' ? 7 : period === '30d' ? 30 : undefined;
  const from = span ? addDays(today, -(span - 1)) : firstActive;
  if (from === undefined || from > today) return [];
  const n = daysBetween(from, today) + 1;
  return Array.from({length: n}, (_, i) => addDays(from, i));
}

/** First visible index so that `cursor` stays inside a window of `visible` items, moving as little as possible. */
export function windowStart(total: number, visible: number, cursor: number, prevStart: number): number {
  if (total <= visible) return 0;
  let start = Math.min(Math.max(0, prevStart), total - visible);
  if (cursor < start) start = cursor;
  if (cursor >= start + visible) start = cursor - visible + 1;
  return Math.min(Math.max(0, start), total - visible);
}

export interface DayChartLayout {
  /** Cells per day column and blank cells between columns. */
  colWidth: number;
  gap: number;
  /** Index of the first visible day and how many are visible. */
  start: number;
  count: number;
  /** Largest value among all days (the top of the y axis). */
  max: number;
  /** rows[r][c]: the glyph of visible column c on row r (top row first). */
  rows: string[][];
  /** Date tick line ("MM-DD" labels), as wide as the plot. */
  ticks: string;
  /** Plot width in cells: count * (colWidth + gap). */
  plotWidth: number;
}

/**
 * Lay out one column per day in `width` cells and `height` rows. Heights use eighth blocks;
 * a non-zero day is at least one eighth tall so no usage is invisible.
 */
export function layoutDayChart(opts: {values: readonly number[]; dates: readonly string[]; width: number; height: number; cursor: number; prevStart?: number}): DayChartLayout {
  const {values, dates, height} = opts;
  const width = Math.max(1, opts.width);
  const total = values.length;
  // Few days: wider columns with a gap; many days: one cell each, packed.
  const slot = total > 0 && total * 2 <= width ? Math.min(6, Math.floor(width / total)) : 1;
  const colWidth = slot > 1 ? slot - 1 : 1;
  const gap = slot > 1 ? 1 : 0;
  const visible = Math.min(total, Math.floor(width / slot));
  const start = windowStart(total, visible, Math.min(Math.max(0, opts.cursor), Math.max(0, total - 1)), opts.prevStart ?? 0);
  const max = values.reduce((m, v) => (v > m ? v : m), 0);
  const levels = values.slice(start, start + visible).map((v) => {
    if (!(v > 0) || max <= 0) return 0;
    return Math.max(1, Math.round((v / max) * height * 8));
  });
  const rows: string[][] = [];
  for (let r = 0; r < height; r++) {
    const fromBottom = height - 1 - r;
    rows.push(levels.map((l) => V_EIGHTHS[Math.min(8, Math.max(0, l - fromBottom * 8))]!));
  }
  const plotWidth = visible * slot;
  return {colWidth, gap, start, count: visible, max, rows, ticks: tickLine(dates.slice(start, start + visible), slot, plotWidth), plotWidth};
}

/** "MM-DD" labels under their columns, spaced so they never overlap. */
function tickLine(dates: readonly string[], slot: number, width: number): string {
  const label = 5;
  const every = Math.max(1, Math.ceil((label + 1) / slot));
  const line = Array<string>(width).fill(' ');
  let nextFree = 0;
  for (let i = 0; i < dates.length; i += every) {
    const at = i * slot;
    if (at < nextFree || at + label > width) continue;
    const text = dates[i]!.slice(5);
    for (let k = 0; k < label; k++) line[at + k] = text[k]!;
    nextFree = at + label + 1;
  }
  return line.join('');
}

/** One row of a chart as three strings split around the cursor column, each glyph repeated to colWidth. */
export function splitRow(cells: readonly string[], layout: Pick<DayChartLayout, 'colWidth' | 'gap'>, cursorCol: number): [string, string, string] {
  const gap = ' '.repeat(layout.gap);
  const cell = (glyph: string) => glyph.repeat(layout.colWidth);
  if (cursorCol < 0 || cursorCol >= cells.length) return [cells.map((c) => cell(c) + gap).join(''), '', ''];
  const before = cells.slice(0, cursorCol).map((c) => cell(c) + gap).join('');
  const after = cells.slice(cursorCol + 1).map((c) => gap + cell(c)).join('');
  return [before, cell(cells[cursorCol]!), after];
}

/**
 * A per-day series spread under the visible columns of a day chart: one point per plot cell,
 * each day's value repeated across its column and the gap after it, so a line chart drawn
 * from it lines up with the bars.
 */
export function underColumns(series: readonly number[], layout: Pick<DayChartLayout, 'start' | 'count' | 'colWidth' | 'gap'>): number[] {
  const slot = layout.colWidth + layout.gap;
  return Array.from({length: layout.count * slot}, (_, x) => series[layout.start + Math.floor(x / slot)] ?? 0);
}

export const cumulative = (values: readonly number[]): number[] => {
  let sum = 0;
  return values.map((v) => (sum += v));
};

export interface DayBreakdown {
  date: string;
  weekday: string;
  /** input + output tokens. */
  tokens: number;
  costUSD: number;
  /** Up to 3 models, `claude-` stripped, by tokens desc. */
  top: {model: string; tokens: number}[];
  /** Models beyond the top 3. */
  more: number;
}

/** The breakdown panel of one day (an empty day has no models). */
export function dayBreakdown(date: string, bucket: DayBucket | undefined, topN = 3): DayBreakdown {
  const models = (bucket?.models ?? []).filter((m) => uiTokens(m.tokens) > 0 || m.costUSD > 0);
  return {
    date,
    weekday: weekday(date),
    tokens: bucket ? uiTokens(bucket.tokens) : 0,
    costUSD: bucket?.costUSD ?? 0,
    top: models.slice(0, topN).map((m) => ({model: shortModel(m.model), tokens: uiTokens(m.tokens)})),
    more: Math.max(0, models.length - topN),
  };
}
