// Each machine's share of the account's windows, and the row order (aura-seed-spec §6.6). Pure.
import {isStale} from './ingest.js';
import type {Heartbeat, PeerEntry, SelfEntry} from './types.js';

export interface FleetRow {
  machineId: string;
  label: string;
  isSelf: boolean;
  /** Seconds since we heard from it (for us: since our last publish). */
  ageSecs: number;
  /** Our own row is never stale. */
  stale: boolean;
  sessionTokens: number | null;
  weeklyTokens: number | null;
  /** 0..1, null when stale, unknown, or nobody reported tokens. */
  sessionShare: number | null;
  weeklyShare: number | null;
  /** Account-wide window percentages this machine reported. */
  sessionPct: number;
  weeklyPct: number;
}

type Entry = {hb: Heartbeat; isSelf: boolean; at: number; stale: boolean};

function shares(entries: Entry[], pick: (h: Heartbeat) => number | null): (number | null)[] {
  const denominator = entries.reduce((sum, e) => sum + (e.stale ? 0 : (pick(e.hb) ?? 0)), 0);
  return entries.map((e) => {
    const tokens = pick(e.hb);
    return e.stale || tokens === null || denominator === 0 ? null : tokens / denominator;
  });
}

const orderKey = (x: number | null): number => x ?? -1;

/** Rows: us plus every peer, sorted by 5-hour share, then weekly share (desc), then label. */
export function fleetRows(self: SelfEntry | null, peers: readonly PeerEntry[], now: number, staleSecs: number): FleetRow[] {
  const entries: Entry[] = [
    ...(self ? [{hb: self.heartbeat, isSelf: true, at: self.publishedAt, stale: false}] : []),
    ...peers.map((p) => ({hb: p.heartbeat, isSelf: false, at: p.receivedAt, stale: isStale(p.receivedAt, now, staleSecs)})),
  ];
  const session = shares(entries, (h) => h.session_tokens);
  const weekly = shares(entries, (h) => h.weekly_tokens);
  const rows = entries.map(
    (e, i): FleetRow => ({
      machineId: e.hb.machine_id,
      label: e.hb.label,
      isSelf: e.isSelf,
      ageSecs: Math.max(0, Math.floor((now - e.at) / 1000)),
      stale: e.stale,
      sessionTokens: e.hb.session_tokens,
      weeklyTokens: e.hb.weekly_tokens,
      sessionShare: session[i]!,
      weeklyShare: weekly[i]!,
      sessionPct: e.hb.session_pct,
      weeklyPct: e.hb.weekly_pct,
    }),
  );
  return rows.sort(
    (a, b) =>
      orderKey(b.sessionShare) - orderKey(a.sessionShare) ||
      orderKey(b.weeklyShare) - orderKey(a.weeklyShare) ||
      (a.label < b.label ? -1 : a.label > b.label ? 1 : 0),
  );
}

/** Heartbeats carry 0 for "unknown" (the protocol has no null), so a 0 % / 0 % peer reading says nothing. */
const hasReading = (h: Heartbeat): boolean => h.session_pct > 0 || h.weekly_pct > 0;

/**
 * The account's window percentages, from the freshest heartbeat that carries a real reading: ours
 * when our snapshot had one (we know our own 0 % is real or not), else the freshest peer with a
 * non-zero reading. Null when nobody knows.
 */
export function accountLine(self: SelfEntry | null, peers: readonly PeerEntry[]): {sessionPct: number; weeklyPct: number; from: string} | null {
  const line = (h: Heartbeat) => ({sessionPct: h.session_pct, weeklyPct: h.weekly_pct, from: h.label});
  if (self && (self.quotaKnown ?? hasReading(self.heartbeat))) return line(self.heartbeat);
  const freshest = [...peers].sort((a, b) => b.receivedAt - a.receivedAt).find((p) => hasReading(p.heartbeat));
  return freshest ? line(freshest.heartbeat) : null;
}
