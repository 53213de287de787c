// The fleet state file: written atomically by the publishing process after every loop step,
// read by every other aura process (`aura fleet`, a second dashboard).
import {readFileSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {writeFileAtomic} from '../core/config/load.js';
import type {FleetState} from '../core/fleet/types.js';
import {stateDir} from '../core/paths.js';
import {pidAlive} from './lock.js';

type Env = Record<string, string | undefined>;

export const statePath = (env: Env = process.env): string => join(stateDir(env), 'fleet-state.json');

export const writeState = (state: FleetState, env: Env = process.env): void => writeFileAtomic(statePath(env), `${JSON.stringify(state)}\n`);

/** The last state written, or null when there is none or it is unreadable. */
export function readState(env: Env = process.env): FleetState | null {
  try {
    const state = JSON.parse(readFileSync(statePath(env), 'utf8')) as FleetState;
    return state && state.v === 1 && Array.isArray(state.peers) ? state : null;
  } catch {
    return null;
  }
}

export const removeState = (env: Env = process.env): void => rmSync(statePath(env), {force: true});

/** True when the process that wrote `state` is still running its loop. */
export const stateIsLive = (state: FleetState | null): boolean => state !== null && state.broker.status !== 'stopped' && pidAlive(state.pid);
