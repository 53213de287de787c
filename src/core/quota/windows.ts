// Turning what the usage API (or Claude Code's statusline feed) says into QuotaWindows.
// Pure and dependency-free: `aura statusline` imports this, so it must stay light.
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
      const modelId = typeof model.id === 'string' ? model.id : '';
      const name = typeof model.display_name === 'string' && model.display_name !== '' ? model.display_name : modelId;
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

/**
 * Windows of a usage-API body (windows at the root or under `rate_limits`). The legacy keys
 * come first; each `limits[]` entry adds its window unless a legacy key already gave the same
 * one (the legacy value wins, but an entry's `is_active` still marks it binding). Throws
 * MalformedUsageError when nothing is recognised.
 */
export function parseUsageBody(body: unknown): QuotaWindow[] {
  if (!isObj(body)) throw new MalformedUsageError(`expected a JSON object, got ${describe(body)}`);
  const root = isObj(body.rate_limits) ? body.rate_limits : body;
  const windows: QuotaWindow[] = [];
  for (const l of LEGACY) {
    const w = legacyWindow(root[l.key], l.key, l.label, l.minutes);
    if (w) windows.push(w);
  }
  const active = new Set<string>();
  const limits = Array.isArray(root.limits) ? root.limits : Array.isArray(body.limits) ? body.limits : [];
  for (const raw of limits) {
    const e = limitEntry(raw);
    if (!e) continue;
    if (e.active) active.add(e.window.id);
    if (windows.some((w) => w.id === e.window.id)) continue;
    windows.push(e.window);
  }
  if (windows.length === 0) {
    const text = JSON.stringify(body);
    throw new MalformedUsageError(`no quota window in the response: ${text.length > 400 ? `${text.slice(0, 400)}…` : text}`);
  }
  // Keep the familiar order (session, weekly all, scoped) whatever order limits[] used.
  const rank = (id: string) => {
    const i = LEGACY.findIndex((l) => l.key === id);
    return i < 0 ? LEGACY.length : i;
  };
  windows.sort((a, b) => rank(a.id) - rank(b.id));
  return markBinding(windows, active);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v;
}
