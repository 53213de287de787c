// Fleet data shared by the sync loop (writer), the state file and every view (readers).
// Field names of `Heartbeat` are the wire names of the protocol (aura-seed-spec §6.3).

/** Plaintext of one encrypted heartbeat. */
export interface Heartbeat {
  v: 1;
  machine_id: string;
  label: string;
  /** Account-wide 5-hour window use, 0..100 (0 when unknown, as the protocol says). */
  session_pct: number;
  weekly_pct: number;
  /** This machine's input + output tokens inside the current window; null when the window is unknown. */
  session_tokens: number | null;
  weekly_tokens: number | null;
  /** RFC 3339 UTC. */
  ts: string;
}

/** Why an incoming message was ignored. Counted, and shown in `aura fleet` and the tab. */
export const DROP_REASONS = [
  'own_machine', // our own heartbeat echoed back by the broker
  'not_base64', // body is not standard padded base64 (e.g. an attachment notice)
  'oversized', // body longer than MAX_WIRE_CHARS
  'decrypt_failed', // tampered, wrong key, or too short to hold nonce + tag
  'not_json', // decrypted, but not UTF-8 JSON
  'wrong_shape', // JSON, but not a v1 heartbeat
  'future_timestamp', // ts more than FUTURE_TOLERANCE_SECS ahead of our clock
  'too_old', // ts older than the replay window
  'out_of_order', // not newer than the last heartbeat we hold for that machine
] as const;
export type DropReason = (typeof DROP_REASONS)[number];
export type DropCounts = Record<DropReason, number>;

export const emptyDropCounts = (): DropCounts =>
  Object.fromEntries(DROP_REASONS.map((r) => [r, 0])) as DropCounts;

/** A peer's last accepted heartbeat. */
export interface PeerEntry {
  heartbeat: Heartbeat;
  /** Epoch ms when we accepted it: staleness is measured from here, not from `ts`. */
  receivedAt: number;
}

/**
 * Our heartbeat as built locally: `quotaKnown` says whether our quota snapshot held a reading.
 * It stays on this machine (the wire carries 0 for unknown; encodeHeartbeat drops the flag).
 */
export type OwnHeartbeat = Heartbeat & {quotaKnown?: boolean};

/** Our own last published heartbeat (the "(you)" row). */
export interface SelfEntry {
  heartbeat: Heartbeat;
  publishedAt: number;
  /** False when our snapshot had no quota reading (its 0 % are "unknown"); absent in older states. */
  quotaKnown?: boolean;
}

export type BrokerStatus = 'starting' | 'ok' | 'unreachable' | 'stopped';

/** What the publishing process writes for every aura process to read (the fleet state file). */
export interface FleetState {
  v: 1;
  /** pid of the process running the sync loop. */
  pid: number;
  writtenAt: number;
  /** False while no secret is stored (the loop waits for `aura pair`). */
  paired: boolean;
  machineId: string;
  label: string;
  brokerUrl: string;
  intervalSecs: number;
  staleSecs: number;
  self: SelfEntry | null;
  peers: PeerEntry[];
  drops: DropCounts;
  broker: {
    status: BrokerStatus;
    /** Last broker error, one line (never holds the topic or the secret). */
    error: string | null;
    /** Epoch ms of the next attempt while unreachable. */
    retryAt: number | null;
    lastOkAt: number | null;
  };
}
