// A lock file beside the config, so concurrent `aura config set` (two terminals, `aura pair`
// while a script sets a key) each see the other's write instead of the last rename winning.
// Synchronous like the rest of config I/O; the critical section is a read and a rename.
import {withPidLock} from '../../adapters/pid-lock.js';
import {ConfigError} from './values.js';

/** Give up waiting after this long (another aura holds the lock). */
const WAIT_MS = 5000;

/** Run `fn` holding `<path>.lock`. */
export function withFileLock<T>(path: string, fn: () => T): T {
  const lock = `${path}.lock`;
  return withPidLock(lock, fn, {waitMs: WAIT_MS, busy: () => new ConfigError(`${path} is being changed by another aura process (remove ${lock} if none is running)`)});
}
