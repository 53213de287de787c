// Where the usage index lives on disk: `<cacheDir>/usage-index-<roots hash>.bin` (one index per set
// of Claude roots), written atomically (temp file + rename) so a crash never leaves half an index.
// Also `<cacheDir>/today.json`, the tiny summary `aura statusline` reads without loading the index.
import {closeSync, constants, mkdirSync, openSync, renameSync, unlinkSync, writeFileSync, writeSync} from 'node:fs';
import {open} from 'node:fs/promises';
import {join} from 'node:path';
import {getSystemErrorName} from 'node:util';
import {crc32} from 'node:zlib';
import {decodeIndex, encodeIndex} from '../core/reader/index-codec.js';
import {INDEX_VERSION, type IndexState} from '../core/reader/index-model.js';
import {nativeIndexReader} from './native-binding.js';

export function indexPath(cacheDir: string, roots: readonly string[]): string {
  // A name, not a check: the index holds its roots and is rebuilt when they differ. (zlib is loaded
  // for the index checksum anyway; node:crypto would cost a few milliseconds of every start.)
  const hash = crc32(roots.join('\n')).toString(16).padStart(8, '0');
  return join(cacheDir, `usage-index-${hash}.bin`);
}

export type LoadedIndex = {state: IndexState; notice: null} | {state: null; notice: string | null};

/** The largest file node reads whole (its kIoMaxLength); native/index.c keeps to it too. */
const MAX_INDEX_BYTES = 2 ** 31 - 1;
const TOO_LARGE = 'ERR_FS_FILE_TOO_LARGE';

const unreadable = (path: string, code: string): {notice: string} => ({notice: `usage index unreadable (${code}), rebuilding it: ${path}`});
const corrupt = (path: string, why: string): string => `usage index was corrupt or from an older aura (${why}), rebuilt: ${path}`;

/**
 * The index file's bytes, read off this thread (libuv's pool), so a caller can walk the
 * transcript folders meanwhile. With the native addon its checksum and columns are checked
 * there too (`checked`).
 */
async function readIndexFile(path: string): Promise<{bytes: Buffer; checked: boolean} | {notice: string | null}> {
  const notFile = {notice: `usage index is not a regular file, rebuilding it: ${path}`};
  const native = nativeIndexReader();
  if (native) {
    const [kind, value] = await native(path, INDEX_VERSION);
    if (kind === 0) return {bytes: value, checked: true};
    if (kind === 1) return {notice: null};
    if (kind === 2) return unreadable(path, getSystemErrorName(-value)); // EACCES, as node's own errors name it
    if (kind === 3) return notFile;
    if (kind === 5) return unreadable(path, TOO_LARGE);
    return {notice: corrupt(path, value)};
  }
  let handle;
  try {
    // O_NONBLOCK and fstat: a FIFO or a device put in the index's place must not hang the start.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const st = await handle.stat();
    if (!st.isFile()) return notFile;
    // Refused before reading, as node's readFile would refuse it after.
    if (st.size > MAX_INDEX_BYTES) return unreadable(path, TOO_LARGE);
    return {bytes: await handle.readFile(), checked: false};
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? {notice: null} : unreadable(path, String(code));
  } finally {
    await handle?.close();
  }
}

/** A missing index is normal (first run); an unreadable or foreign one comes back with a notice. */
export async function loadIndex(path: string, roots: readonly string[]): Promise<LoadedIndex> {
  // Never rejects: a start without its index reads the transcripts again.
  const read = await readIndexFile(path).catch((e: unknown) => unreadable(path, String(e)));
  if ('notice' in read) return {state: null, notice: read.notice};
  try {
    const state = decodeIndex(read.bytes, read.checked);
    if (state.roots.join('\n') !== roots.join('\n')) throw new Error('index of other roots');
    return {state, notice: null};
  } catch (e) {
    return {state: null, notice: corrupt(path, (e as Error).message)};
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
