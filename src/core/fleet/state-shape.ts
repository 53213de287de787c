// The fleet state file is read by every aura process, and anything on disk can be damaged or
// edited: check its shape before any view touches it. Pure.
import {checkHeartbeat} from './heartbeat.js';
import {cleanText} from '../text.js';
import {DROP_REASONS, emptyDropCounts, type BrokerStatus, type FleetState, type Heartbeat, type PeerEntry, type SelfEntry} from './types.js';

const BROKER_STATUSES: readonly BrokerStatus[] = ['starting', 'ok', 'unreachable', 'stopped'];

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const numOrNull = (x: unknown): x is number | null => x === null || isNum(x);

function heartbeat(raw: unknown): Heartbeat | null {
  const checked = checkHeartbeat(raw);
  return checked.ok ? checked.heartbeat : null;
}

function peer(raw: unknown): PeerEntry | null {
  if (!isObj(raw) || !isNum(raw.receivedAt)) return null;
  const hb = heartbeat(raw.heartbeat);
  return hb && {heartbeat: hb, receivedAt: raw.receivedAt};
}

function self(raw: unknown): SelfEntry | null {
  if (!isObj(raw) || !isNum(raw.publishedAt)) return null;
  const hb = heartbeat(raw.heartbeat);
  if (!hb) return null;
  return {heartbeat: hb, publishedAt: raw.publishedAt, ...(typeof raw.quotaKnown === 'boolean' ? {quotaKnown: raw.quotaKnown} : {})};
}

/**
 * A FleetState from parsed JSON, or null when the file isn't one (it then reads as absent).
 * Invalid peer entries are left out, labels and the broker error are cleaned like on the wire.
 */
export function parseFleetState(raw: unknown): FleetState | null {
  if (!isObj(raw) || raw.v !== 1 || !Number.isSafeInteger(raw.pid) || !isNum(raw.writtenAt) || typeof raw.paired !== 'boolean') return null;
  if (typeof raw.machineId !== 'string' || typeof raw.label !== 'string' || typeof raw.brokerUrl !== 'string') return null;
  if (!isNum(raw.intervalSecs) || raw.intervalSecs <= 0 || !isNum(raw.staleSecs) || raw.staleSecs <= 0 || !Array.isArray(raw.peers)) return null;
  const b = raw.broker;
  if (!isObj(b) || !BROKER_STATUSES.includes(b.status as BrokerStatus) || !numOrNull(b.retryAt) || !numOrNull(b.lastOkAt)) return null;
  if (b.error !== null && typeof b.error !== 'string') return null;
  const drops = emptyDropCounts();
  if (isObj(raw.drops)) for (const r of DROP_REASONS) if (Number.isSafeInteger(raw.drops[r]) && (raw.drops[r] as number) > 0) drops[r] = raw.drops[r] as number;
  return {
    v: 1,
    pid: raw.pid as number,
    writtenAt: raw.writtenAt,
    paired: raw.paired,
    machineId: raw.machineId,
    label: cleanText(raw.label),
    brokerUrl: raw.brokerUrl,
    intervalSecs: raw.intervalSecs,
    staleSecs: raw.staleSecs,
    self: self(raw.self),
    peers: raw.peers.map(peer).filter((p): p is PeerEntry => p !== null),
    drops,
    broker: {status: b.status as BrokerStatus, error: b.error === null ? null : cleanText(b.error), retryAt: b.retryAt, lastOkAt: b.lastOkAt},
  };
}
