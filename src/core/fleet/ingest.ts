// Which decoded heartbeats to keep, and when to forget a peer (aura-seed-spec §6.5). Pure.
import {parseTimestamp} from './heartbeat.js';
import {FUTURE_TOLERANCE_SECS, type FleetSettings} from './settings.js';
import type {DropReason, Heartbeat, PeerEntry} from './types.js';

/**
 * null = accept. `previous` is what we hold for that machine. Replays can't be forged without the
 * key, but an old genuine heartbeat re-published by anyone would otherwise roll a peer back.
 */
export function judgeHeartbeat(
  hb: Heartbeat,
  tsMs: number,
  previous: PeerEntry | undefined,
  ctx: {selfId: string; now: number; settings: FleetSettings},
): DropReason | null {
  if (hb.machine_id === ctx.selfId) return 'own_machine';
  if (tsMs - ctx.now > FUTURE_TOLERANCE_SECS * 1000) return 'future_timestamp';
  if (ctx.now - tsMs > ctx.settings.replayWindowSecs * 1000) return 'too_old';
  const prevTs = previous ? parseTimestamp(previous.heartbeat.ts) : null;
  if (prevTs !== null && tsMs <= prevTs) return 'out_of_order';
  return null;
}

/** Peers heard from within the prune horizon (4 x stale). */
export const prunePeers = (peers: readonly PeerEntry[], now: number, settings: FleetSettings): PeerEntry[] =>
  peers.filter((p) => now - p.receivedAt <= settings.pruneSecs * 1000);

export const isStale = (receivedAt: number, now: number, staleSecs: number): boolean => now - receivedAt > staleSecs * 1000;
