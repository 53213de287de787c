// Deterministic fleet for `aura --demo`: three machines, one of them stale.
import type {FleetState, Heartbeat} from './types.js';
import {emptyDropCounts} from './types.js';

const hb = (id: string, label: string, session: number, weekly: number, now: number): Heartbeat => ({
  v: 1,
  machine_id: id,
  label,
  session_pct: 38,
  weekly_pct: 61,
  session_tokens: session,
  weekly_tokens: weekly,
  ts: new Date(now).toISOString(),
});

export function demoFleetState(now: number): FleetState {
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
    self: {heartbeat: hb('demo-laptop', 'laptop', 182_400, 1_204_000, now - 12_000), publishedAt: now - 12_000},
    peers: [
      {heartbeat: hb('demo-desktop', 'desktop', 415_900, 2_870_500, now - 31_000), receivedAt: now - 31_000},
      {heartbeat: hb('demo-server', 'build-server', 96_000, 1_010_000, now - 540_000), receivedAt: now - 540_000},
    ],
    drops: emptyDropCounts(),
    broker: {status: 'ok', error: null, retryAt: null, lastOkAt: now - 12_000},
  };
}
