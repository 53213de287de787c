// A lock file beside the config, so concurrent `aura config set` (two terminals, `aura pair`
// while a script sets a key) each see the other's write instead of the last rename winning.
// Synchronous like the rest of config I/O; the critical section is a read and a rename.
import {closeSync, openSync, rmSync, statSync, writeSync} from 'node:fs';
import {readRegularFile} from '../../adapters/safe-read.js';
import {ConfigError} from './values.js';

/** Give up waiting after this long (another aura holds the lock). */
const WAIT_MS = 5000;
/** A lock older than this is left over from a killed process: a write takes milliseconds. */
const STALE_MS = 10_000;

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function holderIsGone(lock: string): boolean {
  try {
    if (Date.now() - statSync(lock).mtimeMs > STALE_MS) return true;
    const pid = Number(readRegularFile(lock, {maxBytes: 64}).trim());
    if (!Number.isInteger(pid) || pid <= 0) return false; // being written right now
    process.kill(pid, 0);
    return false;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // ESRCH: the holder died. ENOENT: released meanwhile (the next try takes it). EPERM: alive, another user.
    return code === 'ESRCH';
  }
}

/** Run `fn` holding `<path>.lock` (created O_EXCL, holding our pid). */
export function withFileLock<T>(path: string, fn: () => T): T {
  const lock = `${path}.lock`;
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      const fd = openSync(lock, 'wx', 0o600);
      try {
        writeSync(fd, `${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (holderIsGone(lock)) {
      rmSync(lock, {force: true});
      continue;
    }
    if (Date.now() > deadline) throw new ConfigError(`${path} is being changed by another aura process (remove ${lock} if none is running)`);
    sleep(10 + Math.floor(Math.random() * 20));
  }
  try {
    return fn();
  } finally {
    rmSync(lock, {force: true});
  }
}
