// One publisher per machine: the first aura process with fleet on takes this lock (an O_EXCL
// file holding its pid) and runs the sync loop; the others read the state file it writes.
import {closeSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync} from 'node:fs';
import {join} from 'node:path';
import {readRegularFile} from '../adapters/safe-read.js';
import {stateDir} from '../core/paths.js';

type Env = Record<string, string | undefined>;

export const lockPath = (env: Env = process.env): string => join(stateDir(env), 'fleet.lock');

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

/** pid written in the lock file, or null when there is none (or it is unreadable). */
export function lockHolder(env: Env = process.env): number | null {
  try {
    const pid = Number(readRegularFile(lockPath(env), {maxBytes: 64}).trim());
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

export interface PublisherLock {
  /** Still ours? (Another process may have taken over a lock it judged stale.) */
  held(): boolean;
  release(): void;
}

/**
 * Take the lock, or return null when a live process holds it. A lock whose pid is dead is moved
 * aside and taken over. Two processes racing for the same stale lock can both win here; `held()`
 * re-reads the file each loop iteration, so the loser steps back within one interval.
 */
export function acquireLock(env: Env = process.env, pid = process.pid): PublisherLock | null {
  const path = lockPath(env);
  mkdirSync(stateDir(env), {recursive: true});
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o644);
      writeSync(fd, `${pid}\n`);
      closeSync(fd);
      return {
        held: () => lockHolder(env) === pid,
        release: () => {
          if (lockHolder(env) === pid) rmSync(path, {force: true});
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = lockHolder(env);
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
