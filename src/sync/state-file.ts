// The fleet state file: written atomically by the publishing process after every loop step,
// read by every other aura process (`aura fleet`, a second dashboard).
import {rmSync} from 'node:fs';
import {join} from 'node:path';
import {readRegularFile} from '../adapters/safe-read.js';
import {writeFileAtomic} from '../adapters/atomic-write.js';
import {parseFleetState} from '../core/fleet/state-shape.js';
import type {FleetState} from '../core/fleet/types.js';
import {stateDir} from '../core/paths.js';
import {pidAlive} from './lock.js';
import {BACKOFF_MAX_MS} from './loop.js';
import {REQUEST_TIMEOUT_MS} from './ntfy.js';

type Env = Record<string, string | undefined>;

export const statePath = (env: Env = process.env): string => join(stateDir(env), 'fleet-state.json');

export const writeState = (state: FleetState, env: Env = process.env): void => writeFileAtomic(statePath(env), `${JSON.stringify(state)}\n`);

/** A state file is a few KiB; anything much larger is not one. */
const MAX_STATE_BYTES = 1 << 20;

/**
 * The last state written, or null when there is none or it is unreadable or not a fleet state
 * (a FIFO or device at the path is refused without blocking; invalid peer entries are left out).
 */
export function readState(env: Env = process.env): FleetState | null {
  try {
    return parseFleetState(JSON.parse(readRegularFile(statePath(env), {maxBytes: MAX_STATE_BYTES})));
  } catch {
    return null;
  }
}

export const removeState = (env: Env = process.env): void => rmSync(statePath(env), {force: true});

/**
 * Longest a running loop goes without writing the state: the longer of the heartbeat interval and
 * the longest back-off (with its +25 % jitter), plus a publish and a poll at their deadlines.
 */
const longestGapMs = (state: FleetState): number => Math.max(state.intervalSecs * 1000, BACKOFF_MAX_MS * 1.25) + 2 * REQUEST_TIMEOUT_MS;

/**
 * True when the process that wrote `state` is still running its loop: not stopped, its pid alive,
 * and written recently (twice the longest gap), so a pid reused by another program or a hung
 * writer doesn't pass for a live loop.
 */
export const stateIsLive = (state: FleetState | null, now = Date.now()): boolean =>
  state !== null && state.broker.status !== 'stopped' && pidAlive(state.pid) && now - state.writtenAt <= 2 * longestGapMs(state);
