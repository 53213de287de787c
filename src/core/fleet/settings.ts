// Cadence and tolerances of the sync loop, from `[fleet]` (aura-seed-spec §6.5).

/** Floor of the heartbeat interval: ntfy.sh allows about one request per 10 s and each cadence makes two. */
export const MIN_HEARTBEAT_SECS = 20;
/**
 * A heartbeat stamped further than this ahead of our clock is dropped. The original app tolerates
 * any future skew, but a far-future `ts` would make every later heartbeat of that machine look
 * out of order until our clock caught up; five minutes covers ordinary clock drift.
 */
export const FUTURE_TOLERANCE_SECS = 300;
/** Longest wire body accepted (base64 chars). A real heartbeat is ~300; ntfy's own cap is 4096 bytes. */
export const MAX_WIRE_CHARS = 2048;
export {MAX_LABEL_CHARS} from '../config/schema.js';

export interface FleetSettings {
  intervalSecs: number;
  staleSecs: number;
  /** Heartbeats older than this (by their `ts`) are replays: 2 x interval. */
  replayWindowSecs: number;
  /** Peers not heard from for this long are forgotten: 4 x stale. */
  pruneSecs: number;
}

type Env = Record<string, string | undefined>;

const positive = (s: string | undefined): number | undefined => {
  const n = s === undefined ? NaN : Number(s);
  return Number.isFinite(n) && n > 0 ? n : undefined;
};

/**
 * Settings from the config. For tests only, AURA_FLEET_HEARTBEAT_SECS and AURA_FLEET_STALE_SECS
 * override the config values and AURA_FLEET_MIN_HEARTBEAT_SECS lowers the floor, so an end-to-end
 * run over a loopback broker takes seconds instead of minutes.
 */
export function fleetSettings(cfg: {heartbeat_secs: number; stale_secs: number}, env: Env = {}): FleetSettings {
  const floor = positive(env.AURA_FLEET_MIN_HEARTBEAT_SECS) ?? MIN_HEARTBEAT_SECS;
  const intervalSecs = Math.max(positive(env.AURA_FLEET_HEARTBEAT_SECS) ?? cfg.heartbeat_secs, floor);
  const staleSecs = positive(env.AURA_FLEET_STALE_SECS) ?? cfg.stale_secs;
  return {intervalSecs, staleSecs, replayWindowSecs: 2 * intervalSecs, pruneSecs: 4 * staleSecs};
}
