// One publisher per machine: the first aura process with fleet on takes this lock and runs the
// sync loop; the others read the state file it writes.
import {join} from 'node:path';
import {lockHolder as holderOf, tryPidLock, type PidLock} from '../adapters/pid-lock.js';
import {stateDir} from '../core/paths.js';

export {pidAlive} from '../adapters/pid-lock.js';
export type PublisherLock = PidLock;

type Env = Record<string, string | undefined>;

export const lockPath = (env: Env = process.env): string => join(stateDir(env), 'fleet.lock');

/** pid of the publisher, or null when there is none. */
export const lockHolder = (env: Env = process.env): number | null => holderOf(lockPath(env));

/** Take the publisher lock, or null when a live process holds it. */
export const acquireLock = (env: Env = process.env, pid = process.pid): PublisherLock | null => tryPidLock(lockPath(env), pid);
