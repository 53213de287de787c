// What the Fleet tab and `aura fleet` show, from the fleet state (one model, two renderers). Pure.
import {accountLine, fleetRows, type FleetRow} from './share.js';
import {DROP_REASONS, type DropCounts, type FleetState} from './types.js';

export type FleetStatus = 'unpaired' | 'not_running' | 'waiting' | 'ok';

export interface FleetView {
  status: FleetStatus;
  account: {sessionPct: number; weeklyPct: number; from: string} | null;
  /** Shown as a banner: the loop keeps retrying with back-off. */
  brokerUnreachable: boolean;
  brokerError: string | null;
  rows: FleetRow[];
  /** The empty / not-running state's line, with the next step to take. */
  message: string | null;
  /** One line per kind of dropped message, e.g. "3 dropped: decrypt failed". */
  warnings: string[];
  drops: DropCounts | null;
}

export const FLEET_TEXT = {
  unpaired: 'Fleet is off: this machine is not paired. Run `aura pair` to create or join a fleet.',
  waiting: 'Waiting for machines… pair another machine to compare (`aura pair join` there).',
  notRunning: 'Not syncing: no aura process is running the fleet loop. Open the dashboard or run `aura fleet run`.',
  unreachable: 'Broker unreachable — retrying.',
} as const;

const reasonText = (r: string): string => r.replace(/_/g, ' ');

export function dropWarnings(drops: DropCounts | null): string[] {
  if (!drops) return [];
  return DROP_REASONS.filter((r) => r !== 'own_machine' && drops[r] > 0).map(
    (r) => `${drops[r]} message${drops[r] === 1 ? '' : 's'} ignored: ${reasonText(r)}`,
  );
}

/**
 * `paired`: a secret is stored (or, in the dashboard, the fleet is on). `syncing`: the process that
 * wrote `state` is alive and wrote it recently. Without a live writer the last rows are still
 * shown (they go stale on their own), and its `paired` says nothing about the pairing of now.
 */
export function fleetView(input: {paired: boolean; state: FleetState | null; syncing: boolean; now: number}): FleetView {
  const {state, now} = input;
  const paired = input.paired && (state === null || !input.syncing || state.paired);
  const rows = paired && state ? fleetRows(state.self, state.peers, now, state.staleSecs) : [];
  const unreachable = paired && input.syncing && state?.broker.status === 'unreachable';
  let status: FleetStatus = 'ok';
  let message: string | null = null;
  if (!paired) [status, message] = ['unpaired', FLEET_TEXT.unpaired];
  else if (!input.syncing) [status, message] = ['not_running', FLEET_TEXT.notRunning];
  else if (!rows.some((r) => !r.isSelf)) [status, message] = ['waiting', FLEET_TEXT.waiting];
  return {
    status,
    account: paired && state ? accountLine(state.self, state.peers) : null,
    brokerUnreachable: unreachable,
    brokerError: unreachable ? state!.broker.error : null,
    rows,
    message,
    warnings: paired ? dropWarnings(state?.drops ?? null) : [],
    drops: paired ? (state?.drops ?? null) : null,
  };
}

export const ageText = (secs: number): string => (secs < 60 ? `updated ${secs}s ago` : `updated ${Math.floor(secs / 60)}m ago`);

/** "42%" or "—" (stale, unknown, or nobody reported tokens). */
export const shareText = (share: number | null): string => (share === null ? '—' : `${Math.round(share * 100)}%`);

export const rowLabel = (row: FleetRow): string => (row.isSelf ? `${row.label} (you)` : row.label);

/** The account line; "—" when no machine has a quota reading. */
export const accountText = (a: FleetView['account']): string =>
  a ? `5h session: ${Math.round(a.sessionPct)}%   Weekly: ${Math.round(a.weeklyPct)}%` : '5h session: —   Weekly: —';
