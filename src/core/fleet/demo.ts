// Deterministic fleet for `aura --demo`: three machines, one of them stale. Every heartbeat carries
// the demo quota windows (the Quota tab's numbers); "laptop" (you) is built from the demo data like
// a real heartbeat, and the peers' tokens are fixed multiples of it, so the shares stay 70 / 30.
import {demoQuota} from '../quota/estimate.js';
import type {UsageRecord} from '../types.js';
import {buildHeartbeat} from './heartbeat.js';
import type {FleetState, Heartbeat} from './types.js';
import {emptyDropCounts} from './types.js';

/** Our tokens before the demo data is loaded (and when the data has none in a window). */
const FALLBACK = {session: 182_400, weekly: 1_204_000};

export function demoFleetState(now: number, records: readonly UsageRecord[] | null = null): FleetState {
  const {snapshot} = demoQuota(records ?? [], now);
  const {quotaKnown, ...own} = buildHeartbeat({machineId: 'demo-laptop', label: 'laptop', snapshot, records: records ?? [], now: now - 12_000});
  const session = own.session_tokens || FALLBACK.session;
  const weekly = own.weekly_tokens || FALLBACK.weekly;
  const peer = (id: string, label: string, factor: number, ago: number): Heartbeat => ({
    ...own,
    machine_id: id,
    label,
    session_tokens: Math.round(session * factor),
    weekly_tokens: Math.round(weekly * factor),
    ts: new Date(now - ago).toISOString(),
  });
  return {
    v: 1,
    pid: 0,
    writtenAt: now,
    paired: true,
    machineId: 'demo-laptop',
    label: 'laptop',
    brokerUrl: 'https://ntfy.sh',
    intervalSecs: 45,
    staleSecs: 120,
    self: {heartbeat: {...own, session_tokens: session, weekly_tokens: weekly}, publishedAt: now - 12_000, quotaKnown},
    peers: [
      {heartbeat: peer('demo-desktop', 'desktop', 7 / 3, 31_000), receivedAt: now - 31_000},
      {heartbeat: peer('demo-server', 'build-server', 0.5, 540_000), receivedAt: now - 540_000},
    ],
    drops: emptyDropCounts(),
    broker: {status: 'ok', error: null, retryAt: null, lastOkAt: now - 12_000},
  };
}
