// Where the usage index lives on disk: `<cacheDir>/usage-index-<roots hash>.bin` (one index per set
// of Claude roots), written atomically (temp file + rename) so a crash never leaves half an index.
// Also `<cacheDir>/today.json`, the tiny summary `aura statusline` reads without loading the index.
import {closeSync, constants, fstatSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, writeSync} from 'node:fs';
import {join} from 'node:path';
import {crc32} from 'node:zlib';
import {decodeIndex, encodeIndex} from '../core/reader/index-codec.js';
import type {IndexState} from '../core/reader/index-model.js';

export function indexPath(cacheDir: string, roots: readonly string[]): string {
  // A name, not a check: the index holds its roots and is rebuilt when they differ. (zlib is loaded
  // for the index checksum anyway; node:crypto would cost a few milliseconds of every start.)
  const hash = crc32(roots.join('\n')).toString(16).padStart(8, '0');
  return join(cacheDir, `usage-index-${hash}.bin`);
}

export type LoadedIndex = {state: IndexState; notice: null} | {state: null; notice: string | null};

/** A missing index is normal (first run); an unreadable or foreign one comes back with a notice. */
export function loadIndex(path: string, roots: readonly string[]): LoadedIndex {
  let buf: Buffer;
  try {
    // O_NONBLOCK and fstat: a FIFO or a device put in the index's place must not hang the start.
    const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      if (!fstatSync(fd).isFile()) return {state: null, notice: `usage index is not a regular file, rebuilding it: ${path}`};
      buf = readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {state: null, notice: null};
    return {state: null, notice: `usage index unreadable (${(e as NodeJS.ErrnoException).code}), rebuilding it: ${path}`};
  }
  try {
    const state = decodeIndex(buf);
    if (state.roots.join('\n') !== roots.join('\n')) throw new Error('index of other roots');
    return {state, notice: null};
  } catch (e) {
    return {state: null, notice: `usage index was corrupt or from an older aura (${(e as Error).message}), rebuilt: ${path}`};
  }
}

function writeAtomic(path: string, data: Iterable<Buffer> | string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    if (typeof data === 'string') writeFileSync(tmp, data, {mode: 0o600});
    else {
      const fd = openSync(tmp, 'w', 0o600);
      try {
        for (const piece of data) for (let off = 0; off < piece.length; ) off += writeSync(fd, piece, off);
      } finally {
        closeSync(fd);
      }
    }
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing to clean
    }
    throw e;
  }
}

/** `order`: the records' time order when already known (null: they are sorted). */
export function saveIndex(cacheDir: string, path: string, state: IndexState, order?: ArrayLike<number> | null): void {
  mkdirSync(cacheDir, {recursive: true, mode: 0o700});
  writeAtomic(path, order === undefined ? encodeIndex(state) : encodeIndex(state, order));
}

export interface TodaySummary {
  /** Local YYYY-MM-DD in the system time zone. */
  date: string;
  /** Input + output tokens today. */
  tokens: number;
  costUSD: number | null;
  updatedAt: number;
}

export function saveToday(cacheDir: string, today: TodaySummary): void {
  mkdirSync(cacheDir, {recursive: true, mode: 0o700});
  writeAtomic(join(cacheDir, 'today.json'), `${JSON.stringify(today)}\n`);
}
