// Building our heartbeat from the quota snapshot and the local records, and checking the shape of
// a decrypted one (aura-seed-spec §6.3). Pure.
import {sessionWindow, weeklyWindow, type QuotaSnapshot, type QuotaWindow} from '../quota/types.js';
import type {UsageRecord} from '../types.js';
import {cleanText, hasUnsafeText} from '../text.js';
import {tokensBetween} from '../window-tokens.js';
import {MAX_LABEL_CHARS} from './settings.js';
import type {Heartbeat, OwnHeartbeat} from './types.js';

// Label needles of the original app, used when a snapshot has no window with the standard id.
const SESSION_NEEDLES = ['session', '5h', '5-hour'];
const WEEKLY_NEEDLES = ['week (all models)', 'week', '7 day', '7-day', '7d'];

function byNeedles(snapshot: QuotaSnapshot | null, needles: string[]): QuotaWindow | undefined {
  for (const needle of needles) {
    const hit = snapshot?.windows.find((w) => w.label.toLowerCase().includes(needle));
    if (hit) return hit;
  }
  return undefined;
}

/**
 * This machine's input + output tokens in the current occurrence of `w` (start = resets_at − length,
 * end = now); null when the window's bounds are unknown or it has already rolled over.
 */
function windowTokens(w: QuotaWindow | undefined, records: readonly UsageRecord[], now: number): number | null {
  if (!w || w.resetsAt === null || w.lengthMinutes === null || w.resetsAt <= now) return null;
  return tokensBetween(records, w.resetsAt - w.lengthMinutes * 60_000, now);
}

/** Round to one decimal: the percentages are shown whole, and long floats only cost bytes. */
const pct = (w: QuotaWindow | undefined): number => Math.round((w?.usedPercent ?? 0) * 10) / 10;

/** A label fit for a terminal line: control and bidi characters made visible (U+FFFD), length capped. */
export const safeLabel = (label: string): string => [...cleanText(label)].slice(0, MAX_LABEL_CHARS).join('');

export function machineLabel(configured: string, hostname: string): string {
  return safeLabel(configured.trim() || hostname.trim() || 'this machine');
}

export function buildHeartbeat(input: {
  machineId: string;
  label: string;
  snapshot: QuotaSnapshot | null;
  records: readonly UsageRecord[];
  now: number;
}): OwnHeartbeat {
  const {snapshot, records, now} = input;
  const session = sessionWindow(snapshot) ?? byNeedles(snapshot, SESSION_NEEDLES);
  const weekly = weeklyWindow(snapshot) ?? byNeedles(snapshot, WEEKLY_NEEDLES);
  return {
    quotaKnown: (session?.usedPercent ?? weekly?.usedPercent ?? null) !== null,
    v: 1,
    machine_id: input.machineId,
    label: input.label,
    session_pct: pct(session),
    weekly_pct: pct(weekly),
    session_tokens: windowTokens(session, records, now),
    weekly_tokens: windowTokens(weekly, records, now),
    ts: new Date(now).toISOString(),
  };
}

/** Serialised in the protocol's field order. */
export const encodeHeartbeat = (h: Heartbeat): string =>
  JSON.stringify({
    v: h.v,
    machine_id: h.machine_id,
    label: h.label,
    session_pct: h.session_pct,
    weekly_pct: h.weekly_pct,
    session_tokens: h.session_tokens,
    weekly_tokens: h.weekly_tokens,
    ts: h.ts,
  });

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/** Epoch ms of an RFC 3339 timestamp, or null. */
export function parseTimestamp(ts: string): number | null {
  if (!RFC3339.test(ts)) return null;
  // Date.parse keeps milliseconds only; cut longer fractions (chrono writes nanoseconds).
  const ms = Date.parse(ts.replace(/(\.\d{3})\d+/, '$1').replace(' ', 'T'));
  return Number.isFinite(ms) ? ms : null;
}

const isPct = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0 && x <= 1000;
const isTokens = (x: unknown): x is number | null | undefined =>
  x === null || x === undefined || (typeof x === 'number' && Number.isSafeInteger(x) && x >= 0);
const isText = (x: unknown, max: number): x is string => typeof x === 'string' && x.length > 0 && x.length <= max;

export type DecodedHeartbeat = {ok: true; heartbeat: Heartbeat; tsMs: number} | {ok: false; reason: 'not_json' | 'wrong_shape'};

/**
 * Check a decrypted plaintext. Unknown extra fields are ignored; missing tokens read as null.
 * Anyone holding the pairing code can publish, so the label is untrusted text: its control and
 * bidi characters are replaced (the machine stays visible, under a label that can't drive the
 * terminal) and it is cut to MAX_LABEL_CHARS. A machine id is ours to compare, never free text:
 * one with such characters is a wrong shape.
 */
export function decodeHeartbeat(text: string): DecodedHeartbeat {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return {ok: false, reason: 'not_json'};
  }
  return checkHeartbeat(raw);
}

/** The shape check of decodeHeartbeat, for a value already parsed (the state file holds heartbeats too). */
export function checkHeartbeat(raw: unknown): DecodedHeartbeat {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {ok: false, reason: 'wrong_shape'};
  const o = raw as Record<string, unknown>;
  if (
    o.v !== 1 ||
    !isText(o.machine_id, 128) ||
    hasUnsafeText(o.machine_id) ||
    !isText(o.label, 256) ||
    !isPct(o.session_pct) ||
    !isPct(o.weekly_pct) ||
    !isTokens(o.session_tokens) ||
    !isTokens(o.weekly_tokens) ||
    typeof o.ts !== 'string'
  ) {
    return {ok: false, reason: 'wrong_shape'};
  }
  const tsMs = parseTimestamp(o.ts);
  if (tsMs === null) return {ok: false, reason: 'wrong_shape'};
  return {
    ok: true,
    tsMs,
    heartbeat: {
      v: 1,
      machine_id: o.machine_id,
      label: safeLabel(o.label),
      session_pct: o.session_pct,
      weekly_pct: o.weekly_pct,
      session_tokens: o.session_tokens ?? null,
      weekly_tokens: o.weekly_tokens ?? null,
      ts: o.ts,
    },
  };
}
