// The lock files aura's processes share (the fleet publisher, config writes, usage API polls):
// created O_EXCL and holding the holder's pid, so a lock left by a process that died is taken
// over at once, one held by a live process is respected, and one being written is left alone.
import {closeSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync} from 'node:fs';
import {dirname} from 'node:path';
import {readRegularFile} from './safe-read.js';

/** True when a process with this pid exists (EPERM: it exists but belongs to someone else). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid written in a lock file, or null when there is none (or it is unreadable). */
export function lockHolder(path: string): number | null {
  try {
    const pid = Number(readRegularFile(path, {maxBytes: 64}).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function justCreated(path: string): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs < 2_000;
  } catch {
    return false;
  }
}

export interface PidLock {
  /** Still ours? (Another process may have taken over a lock it judged stale.) */
  held(): boolean;
  release(): void;
}

/**
 * Takes the lock at `path`, or returns null when a live process holds it (or is creating it). A
 * lock whose pid is dead is moved aside and taken over. Two processes racing for the same stale
 * lock can both win here; a long holder checks `held()` now and then, and the loser steps back.
 */
export function tryPidLock(path: string, pid = process.pid): PidLock | null {
  mkdirSync(dirname(path), {recursive: true});
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      try {
        writeSync(fd, `${pid}\n`);
      } finally {
        closeSync(fd);
      }
      return {
        held: () => lockHolder(path) === pid,
        release: () => {
          if (lockHolder(path) === pid) rmSync(path, {force: true});
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = lockHolder(path);
    if (holder !== null && pidAlive(holder)) return null;
    // No pid yet may mean another process created the file a moment ago and is writing it.
    if (holder === null && justCreated(path)) return null;
    try {
      renameSync(path, `${path}.stale.${pid}`);
      rmSync(`${path}.stale.${pid}`, {force: true});
    } catch {
      // someone else moved it first: try to create it once more
    }
  }
  return null;
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Runs `fn` holding the lock at `path`, waiting up to `waitMs` for its holder; then `busy()` is thrown. */
export function withPidLock<T>(path: string, fn: () => T, opts: {waitMs: number; busy: () => Error}): T {
  const deadline = Date.now() + opts.waitMs;
  for (;;) {
    const lock = tryPidLock(path);
    if (lock) {
      try {
        return fn();
      } finally {
        lock.release();
      }
    }
    if (Date.now() > deadline) throw opts.busy();
    sleep(10 + Math.floor(Math.random() * 20));
  }
}
