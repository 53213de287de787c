// Turning what the usage API (or Claude Code's statusline feed) says into QuotaWindows.
// Pure and dependency-free: `aura statusline` imports this, so it must stay light.
import {cleanText} from '../text.js';
import type {QuotaWindow} from './types.js';

export const FIVE_HOUR_MINUTES = 300;
export const WEEK_MINUTES = 10_080;

/** The legacy top-level keys, in display order, with their labels and lengths. */
const LEGACY: readonly {key: string; label: string; minutes: number}[] = [
  {key: 'five_hour', label: 'Current session', minutes: FIVE_HOUR_MINUTES},
  {key: 'seven_day', label: 'Current week (all models)', minutes: WEEK_MINUTES},
  {key: 'seven_day_opus', label: 'Current week (Opus only)', minutes: WEEK_MINUTES},
  {key: 'seven_day_sonnet', label: 'Current week (Sonnet only)', minutes: WEEK_MINUTES},
];

/** A body the endpoint answered with 200 that holds no window aura recognises. */
export class MalformedUsageError extends Error {}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Bounds of a believable reading. Anything outside is a broken or hostile reply, not a quota:
 * such a window is dropped (and named in a note) rather than shown, cached or formatted (Date
 * and Intl throw on instants past ±8.64e15 ms). Resets: from 2000-01-01 up to 400 days ahead
 * (a weekly window resets within 7 days; the margin covers clock skew and longer future
 * windows). Percentages: 0..1000 (over 100 happens briefly when a window overshoots).
 */
export const EARLIEST_INSTANT_MS = Date.UTC(2000, 0, 1);
export const RESET_HORIZON_MS = 400 * 86_400_000;
export const MAX_PERCENT = 1000;
/** How far ahead of the clock a capture time (statusline record, cache) may be: clock skew between processes. */
export const CAPTURE_SKEW_MS = 86_400_000;

/** A reset instant aura can use: finite, from 2000 to 400 days after `now`. */
export const saneResetTime = (ms: number, now: number): boolean => Number.isFinite(ms) && ms >= EARLIEST_INSTANT_MS && ms <= now + RESET_HORIZON_MS;
/** A capture or fetch instant aura can use: finite, from 2000 to a day after `now`. */
export const saneCaptureTime = (ms: unknown, now: number): ms is number =>
  typeof ms === 'number' && Number.isFinite(ms) && ms >= EARLIEST_INSTANT_MS && ms <= now + CAPTURE_SKEW_MS;
const sanePercent = (v: number): boolean => Number.isFinite(v) && v >= 0 && v <= MAX_PERCENT;

/** True when a window (from the network, a cache or a record) holds only usable values. */
export function saneWindow(w: QuotaWindow, now: number): boolean {
  return (
    typeof w.id === 'string' &&
    typeof w.label === 'string' &&
    (w.usedPercent === null || (typeof w.usedPercent === 'number' && sanePercent(w.usedPercent))) &&
    (w.resetsAt === null || (typeof w.resetsAt === 'number' && saneResetTime(w.resetsAt, now))) &&
    (w.usedTokens === null || (typeof w.usedTokens === 'number' && Number.isFinite(w.usedTokens)))
  );
}

/** The longest model name kept in a label: a reply can hold any string. */
const MAX_NAME = 40;
const safeName = (s: string): string => {
  const t = cleanText(s);
  return t.length > MAX_NAME ? `${t.slice(0, MAX_NAME - 1)}…` : t;
};

/** A percentage on the 0..100 scale, or null. Float noise (28.000000000000004) is rounded off. */
function percent(v: unknown): number | null {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) return null;
  return Math.round(n * 1e6) / 1e6;
}

/**
 * Epoch ms of a reset time: RFC 3339 (microseconds and offsets allowed), or a number of epoch
 * seconds (the statusline feed) — numbers above 1e11 are taken as milliseconds already.
 */
export function parseResetTime(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return v < 1e11 ? Math.round(v * 1000) : Math.round(v);
  if (typeof v === 'string' && v.trim() !== '') {
    if (/^\d+(\.\d+)?$/.test(v.trim())) return parseResetTime(Number(v));
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}

function legacyWindow(raw: unknown, id: string, label: string, minutes: number): QuotaWindow | null {
  if (!isObj(raw)) return null;
  const used = percent(raw.utilization ?? raw.used_percentage);
  if (used === null) return null;
  return {id, label, usedPercent: used, resetsAt: parseResetTime(raw.resets_at ?? raw.resetsAt), lengthMinutes: minutes, binding: false, usedTokens: null};
}

interface LimitEntry {
  window: QuotaWindow;
  active: boolean;
}

/** A model-scoped weekly limit maps onto the legacy opus/sonnet key when its model is one of those. */
function scopedLegacyId(modelId: string, name: string): string | null {
  const s = `${modelId} ${name}`.toLowerCase();
  if (s.includes('opus')) return 'seven_day_opus';
  if (s.includes('sonnet')) return 'seven_day_sonnet';
  return null;
}

function limitEntry(raw: unknown): LimitEntry | null {
  if (!isObj(raw)) return null;
  const used = percent(raw.percent ?? raw.utilization ?? raw.used_percentage);
  if (used === null) return null;
  const resetsAt = parseResetTime(raw.resets_at ?? raw.resetsAt);
  const active = raw.is_active === true;
  const make = (id: string, label: string, minutes: number): LimitEntry => ({
    window: {id, label, usedPercent: used, resetsAt, lengthMinutes: minutes, binding: false, usedTokens: null},
    active,
  });
  switch (raw.kind) {
    case 'session':
      return make('five_hour', 'Current session', FIVE_HOUR_MINUTES);
    case 'weekly_all':
      return make('seven_day', 'Current week (all models)', WEEK_MINUTES);
    case 'weekly_scoped': {
      const scope = isObj(raw.scope) ? raw.scope : {};
      const model = isObj(scope.model) ? scope.model : {};
      const modelId = typeof model.id === 'string' ? safeName(model.id) : '';
      const name = typeof model.display_name === 'string' && model.display_name !== '' ? safeName(model.display_name) : modelId;
      if (name === '') return null;
      const legacy = scopedLegacyId(modelId, name);
      if (legacy) return make(legacy, LEGACY.find((l) => l.key === legacy)!.label, WEEK_MINUTES);
      return make(`limit:weekly_scoped:${modelId || name}`, `Current week (${name} only)`, WEEK_MINUTES);
    }
    default:
      return null; // an unknown kind: ignored, the set grows often
  }
}

/** Marks the binding window: the one flagged `is_active`, else the highest percentage. */
export function markBinding(windows: QuotaWindow[], activeIds: ReadonlySet<string> = new Set()): QuotaWindow[] {
  let pick = windows.findIndex((w) => activeIds.has(w.id));
  if (pick < 0) {
    let best = -1;
    windows.forEach((w, i) => {
      if (w.usedPercent !== null && w.usedPercent > best) {
        best = w.usedPercent;
        pick = i;
      }
    });
  }
  return windows.map((w, i) => ({...w, binding: i === pick}));
}

/** The windows of a body, and the ids of those dropped for out-of-range values. */
export interface ParsedUsage {
  windows: QuotaWindow[];
  ignored: string[];
}

/**
 * Windows of a usage-API body (windows at the root or under `rate_limits`). The legacy keys
 * come first; each `limits[]` entry adds its window unless a legacy key already gave the same
 * one (the legacy value wins, but an entry's `is_active` still marks it binding). A window
 * whose percentage or reset time is out of range (see saneWindow) is left out and listed in
 * `ignored`. Throws MalformedUsageError when nothing usable is left.
 */
export function parseUsage(body: unknown, now: number = Date.now()): ParsedUsage {
  if (!isObj(body)) throw new MalformedUsageError(`expected a JSON object, got ${describe(body)}`);
  const root = isObj(body.rate_limits) ? body.rate_limits : body;
  const windows: QuotaWindow[] = [];
  const ignored: string[] = [];
  const keep = (w: QuotaWindow): boolean => {
    if (saneWindow(w, now)) return true;
    if (!ignored.includes(w.id)) ignored.push(w.id);
    return false;
  };
  for (const l of LEGACY) {
    const w = legacyWindow(root[l.key], l.key, l.label, l.minutes);
    if (w && keep(w)) windows.push(w);
  }
  const active = new Set<string>();
  const limits = Array.isArray(root.limits) ? root.limits : Array.isArray(body.limits) ? body.limits : [];
  for (const raw of limits) {
    const e = limitEntry(raw);
    if (!e) continue;
    const known = windows.some((w) => w.id === e.window.id);
    if (!known && !keep(e.window)) continue;
    if (e.active) active.add(e.window.id);
    if (!known) windows.push(e.window);
  }
  if (windows.length === 0) {
    if (ignored.length) throw new MalformedUsageError(`${ignoredText(ignored)}; no usable quota window left`);
    const text = JSON.stringify(body);
    throw new MalformedUsageError(`no quota window in the response: ${text.length > 400 ? `${text.slice(0, 400)}…` : text}`);
  }
  // Keep the familiar order (session, weekly all, scoped) whatever order limits[] used.
  const rank = (id: string) => {
    const i = LEGACY.findIndex((l) => l.key === id);
    return i < 0 ? LEGACY.length : i;
  };
  windows.sort((a, b) => rank(a.id) - rank(b.id));
  // An id dropped from one source may still have come through another (a legacy key and limits[]).
  return {windows: markBinding(windows, active), ignored: ignored.filter((id) => !windows.some((w) => w.id === id))};
}

/** The windows of parseUsage alone. */
export const parseUsageBody = (body: unknown, now?: number): QuotaWindow[] => parseUsage(body, now).windows;

/** "ignored five_hour (value out of range)", for notes. */
export const ignoredText = (ids: readonly string[]): string => `ignored ${ids.join(', ')} (value out of range)`;

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v;
}
