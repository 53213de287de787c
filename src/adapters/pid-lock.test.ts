// The shared lock file on a real disk, with real processes as holders.
import {spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync, existsSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {lockHolder, tryPidLock, withPidLock} from './pid-lock.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aura-pid-lock-'));
});
afterEach(() => rmSync(dir, {recursive: true, force: true}));

/** A live process that is not this one. */
async function otherProcess<T>(fn: (pid: number) => Promise<T> | T): Promise<T> {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], {stdio: 'ignore'});
  try {
    return await fn(child.pid!);
  } finally {
    child.kill();
  }
}

describe('pid lock', () => {
  it('is taken with our pid, refused while held, and released only by its holder', () => {
    const path = join(dir, 'sub/x.lock');
    const lock = tryPidLock(path)!;
    expect(readFileSync(path, 'utf8')).toBe(`${process.pid}\n`);
    expect(lock.held()).toBe(true);
    expect(tryPidLock(path)).toBeNull();
    lock.release();
    expect(existsSync(path)).toBe(false);
  });

  it('respects a live holder and takes over from a dead one', async () => {
    const path = join(dir, 'x.lock');
    await otherProcess((pid) => {
      writeFileSync(path, `${pid}\n`);
      expect(tryPidLock(path)).toBeNull();
      expect(lockHolder(path)).toBe(pid);
    });
    // 2^22 + 1 is above Linux's pid_max default, so no process has it.
    writeFileSync(path, `${2 ** 22 + 1}\n`);
    expect(tryPidLock(path)?.held()).toBe(true);
  });

  it('leaves a lock being written alone, and takes over an empty one left long ago', () => {
    const path = join(dir, 'x.lock');
    writeFileSync(path, '');
    expect(tryPidLock(path)).toBeNull();
    utimesSync(path, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    expect(tryPidLock(path)?.held()).toBe(true);
  });

  it("withPidLock waits for a live holder, then gives up with the caller's error", async () => {
    const path = join(dir, 'x.lock');
    expect(withPidLock(path, () => 42, {waitMs: 100, busy: () => new Error('busy')})).toBe(42);
    expect(existsSync(path)).toBe(false);
    await otherProcess((pid) => {
      writeFileSync(path, `${pid}\n`);
      const started = Date.now();
      expect(() => withPidLock(path, () => 1, {waitMs: 150, busy: () => new Error('busy')})).toThrow('busy');
      expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    });
  });
});
