// The one line `aura statusline` prints under Claude Code's prompt. Pure; light imports only,
// and no Intl: creating the first Intl formatter costs tens of milliseconds, more than the
// whole command's budget. Reset times are relative ("↻ 2h 10m") and days come from Date.
import {compact, usd} from '../format.js';
import {cleanText} from '../text.js';
import {untilText} from './reset-time.js';
import type {QuotaWindow} from './types.js';
import {parseUsageBody} from './windows.js';

/** What the line shows of today's totals (written by the index as `today.json`). */
export interface TodayTotals {
  date: string;
  tokens: number;
  /** null when no price is known. */
  costUSD: number | null;
}

export interface StatuslineInput {
  model: string | null;
  /** The raw `rate_limits` object, kept verbatim for the record. */
  rateLimits: unknown;
  windows: QuotaWindow[];
}

export const FALLBACK_LINE = 'aura';
const MAX_MODEL_NAME = 40;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The fields of Claude Code's statusline JSON that aura uses; null when it isn't that JSON. Windows with out-of-range values are left out. */
export function parseStatuslineInput(text: string, now: number = Date.now()): StatuslineInput | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObj(data)) return null;
  const m = isObj(data.model) ? data.model : {};
  const raw = typeof m.display_name === 'string' && m.display_name ? m.display_name : typeof m.id === 'string' && m.id ? m.id : null;
  // The line lands in Claude Code's footer: no control sequences, and no novel.
  const name = raw === null ? null : cleanText(raw.length > MAX_MODEL_NAME ? `${raw.slice(0, MAX_MODEL_NAME - 1)}…` : raw);
  let windows: QuotaWindow[] = [];
  if (isObj(data.rate_limits)) {
    try {
      windows = parseUsageBody(data.rate_limits, now);
    } catch {
      windows = [];
    }
  }
  return {model: name, rateLimits: windows.length > 0 ? data.rate_limits : null, windows};
}

const pct = (v: number) => `${Math.round(v)}%`;

/**
 * "Opus 4.6 · 5h 37% ↻ 2h 10m · week 22% · today 1.2M tok $3.40". Without a model or a window
 * (bad input) the line starts with "aura", so the bar still says whose line it is. Today's part
 * only appears with tokens counted: today.json is written when an aura process reads the index,
 * so a 0 there may just mean nothing was read yet today, and "0 tok $0.00" would claim more.
 */
export function statuslineText(input: StatuslineInput | null, today: TodayTotals | null, now: number): string {
  const parts: string[] = [];
  if (input?.model) parts.push(input.model);
  const five = input?.windows.find((w) => w.id === 'five_hour');
  if (five && five.usedPercent !== null) {
    const reset = five.resetsAt !== null && five.resetsAt > now ? ` ↻ ${untilText(five.resetsAt, now)}` : '';
    parts.push(`5h ${pct(five.usedPercent)}${reset}`);
  }
  const week = input?.windows.find((w) => w.id === 'seven_day');
  if (week && week.usedPercent !== null) parts.push(`week ${pct(week.usedPercent)}`);
  if (parts.length === 0) parts.push(FALLBACK_LINE);
  if (today && today.tokens > 0) parts.push(`today ${compact(today.tokens)} tok${today.costUSD === null ? '' : ` ${usd(today.costUSD)}`}`);
  return parts.join(' · ');
}

/** Local calendar date `YYYY-MM-DD` in the process's zone (TZ), without Intl. */
export function localIsoDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** today.json when it is well formed and about `todayDate`; null otherwise. */
export function parseTodayTotals(text: string, todayDate: string): TodayTotals | null {
  try {
    const d = JSON.parse(text) as Obj;
    if (d.date !== todayDate || typeof d.tokens !== 'number' || !Number.isFinite(d.tokens) || d.tokens < 0) return null;
    return {date: d.date, tokens: d.tokens, costUSD: typeof d.costUSD === 'number' && Number.isFinite(d.costUSD) ? d.costUSD : null};
  } catch {
    return null;
  }
}
