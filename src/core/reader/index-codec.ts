// Binary layout of the persisted index, built to load in a few milliseconds for ~10^5-10^6
// records: a small JSON header (file table, string table) followed by typed-array columns and one
// blob of message/request ids, then a CRC32 of everything before it. Any mismatch (magic, version,
// checksum, lengths, a value of the wrong type or out of range) is reported as corrupt and the
// index is rebuilt: a flipped byte must never reach the dataset as an undefined model id or a
// negative token count.
import {crc32} from 'node:zlib';
import type {UsageRecord} from '../types.js';
import type {GroupTable} from './dedupe.js';
import {INDEX_VERSION, type FileEntry, type IndexState} from './index-model.js';

const MAGIC = 'AURAIDX';
const TOKEN_FIELDS = 6;

type FileRow = [string, string, number, number, number, number, number, number, string | null, string | null, number | null, number | null, number, number, number, number];

const num = (v: number): number | null => (Number.isNaN(v) ? null : v);

function fileRow(f: FileEntry): FileRow {
  const m = f.meta;
  return [f.path, f.root, f.dev, f.ino, f.size, f.mtimeMs, f.offset, f.pendingNewline ? 1 : 0, m.cwd, m.sessionId, num(m.firstTs), num(m.lastTs), m.ultracode ? 1 : 0, m.skippedLines, f.copies, m.markers ? 1 : 0];
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const isStrOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';
const isNumOrNull = (v: unknown): v is number | null => v === null || isNum(v);
const isFlag = (v: unknown): v is 0 | 1 => v === 0 || v === 1;
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

function fileOf(r: FileRow): FileEntry {
  if (!Array.isArray(r) || r.length !== 16) throw new IndexFormatError('bad file row');
  const [path, root, dev, ino, size, mtimeMs, offset, pending, cwd, sessionId, firstTs, lastTs, ultracode, skippedLines, copies, markers] = r;
  const ok =
    typeof path === 'string' && typeof root === 'string' && [dev, ino, size, mtimeMs].every(isNum) && [offset, skippedLines, copies].every(isCount) &&
    isFlag(pending) && isFlag(ultracode) && isFlag(markers) && isStrOrNull(cwd) && isStrOrNull(sessionId) && isNumOrNull(firstTs) && isNumOrNull(lastTs);
  if (!ok) throw new IndexFormatError('bad file row');
  return {
    path,
    root,
    dev,
    ino,
    size,
    mtimeMs,
    offset,
    pendingNewline: pending === 1,
    meta: {cwd, sessionId, firstTs: firstTs ?? NaN, lastTs: lastTs ?? NaN, ultracode: ultracode === 1, markers: markers === 1, skippedLines},
    copies,
  };
}

/** NUL separates ids in the blob; an id holding one (garbage input) loses it. */
const noNul = (s: string): string => (s.includes('\u0000') ? s.replaceAll('\u0000', '\uFFFD') : s);

const align8 = (n: number): number => (n + 7) & ~7;

/** Indexes of `records` in time order, or null when they already are. */
export function timeOrder(records: readonly UsageRecord[]): Uint32Array | null {
  const n = records.length;
  const ts = new Float64Array(n);
  let sorted = true;
  for (let i = 0; i < n; i++) {
    ts[i] = records[i]!.timestamp;
    if (i > 0 && ts[i - 1]! > ts[i]!) sorted = false;
  }
  if (sorted) return null;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order.sort((a, b) => ts[a]! - ts[b]! || a - b);
}

/** Records per piece written: the index is written in pieces so saving needs little memory. */
const PIECE = 16_384;

/**
 * The index file as a series of pieces (header, then each column, then the ids, then the
 * checksum), to be written one after another: saving never holds a second copy of the index in
 * memory.
 */
export function* encodeIndex(state: IndexState, order: ArrayLike<number> | null = timeOrder(state.groups.records)): Generator<Buffer> {
  let crc = 0;
  for (const piece of encodePieces(state, order)) {
    // Before the yield: pieces reuse one buffer once the writer is done with them.
    crc = crc32(piece, crc);
    yield piece;
  }
  const sum = Buffer.alloc(4);
  sum.writeUInt32LE(crc >>> 0);
  yield sum;
}

function* encodePieces(state: IndexState, order: ArrayLike<number> | null): Generator<Buffer> {
  const g = state.groups;
  const n = g.records.length;
  // Written in time order (`order`, null = already sorted), so a load needs no sort.
  const at = (i: number): number => (order === null ? i : order[i]!);
  const strings: string[] = [];
  const stringIdx = new Map<string, number>();
  const intern = (s: string): number => {
    let i = stringIdx.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      stringIdx.set(s, i);
    }
    return i;
  };
  for (let i = 0; i < n; i++) {
    const r = g.records[at(i)]!;
    intern(r.sessionId);
    intern(g.keySession[at(i)]!);
    intern(r.model);
    if (r.speed !== null) intern(r.speed);
  }
  const header = Buffer.from(
    JSON.stringify({version: INDEX_VERSION, roots: state.roots, n, strings, files: state.files.map(fileRow)}),
    'utf8',
  );
  const head = Buffer.alloc(align8(12 + header.length));
  head.write(MAGIC, 0, 'latin1');
  head[7] = INDEX_VERSION;
  head.writeUInt32LE(header.length, 8);
  header.copy(head, 12);
  yield head;
  const piece = new ArrayBuffer(PIECE * 8 * TOKEN_FIELDS);
  const f64 = new Float64Array(piece);
  const u32 = new Uint32Array(piece);
  for (let from = 0; from < n; from += PIECE) {
    const to = Math.min(n, from + PIECE);
    for (let i = from; i < to; i++) f64[i - from] = g.records[at(i)]!.timestamp;
    yield Buffer.from(piece, 0, (to - from) * 8);
  }
  for (let from = 0; from < n; from += PIECE) {
    const to = Math.min(n, from + PIECE);
    for (let i = from; i < to; i++) {
      const t = g.records[at(i)]!.tokens;
      const o = (i - from) * TOKEN_FIELDS;
      f64[o] = t.inputTokens;
      f64[o + 1] = t.outputTokens;
      f64[o + 2] = t.cacheCreationTokens;
      f64[o + 3] = t.cacheReadTokens;
      f64[o + 4] = t.cacheCreation5mTokens;
      f64[o + 5] = t.cacheCreation1hTokens;
    }
    yield Buffer.from(piece, 0, (to - from) * 8 * TOKEN_FIELDS);
  }
  for (let from = 0; from < n; from += PIECE) {
    const to = Math.min(n, from + PIECE);
    for (let i = from; i < to; i++) {
      const j = at(i);
      const r = g.records[j]!;
      const k = (i - from) * 7;
      u32[k] = g.file[j]!;
      u32[k + 1] = g.winFile[j]!;
      u32[k + 2] = intern(r.sessionId);
      u32[k + 3] = intern(g.keySession[j]!);
      u32[k + 4] = intern(r.model);
      u32[k + 5] = r.speed === null ? 0 : intern(r.speed) + 1;
      u32[k + 6] = (r.isSidechain ? 1 : 0) | (r.requestId === null ? 4 : 0);
    }
    yield Buffer.from(piece, 0, (to - from) * 7 * 4);
  }
  // The ids run to the checksum, after one byte saying whether they are all ASCII (they are in
  // practice, and latin1 decodes several times faster than UTF-8).
  let ascii = true;
  for (let from = 0; from < n; from += PIECE) {
    const to = Math.min(n, from + PIECE);
    const ids: string[] = [];
    for (let i = from; i < to; i++) {
      const r = g.records[at(i)]!;
      ids.push(noNul(r.messageId), noNul(r.requestId ?? ''));
    }
    const text = ids.join('\u0000') + (to < n ? '\u0000' : '');
    const bytes = Buffer.from(text, 'utf8');
    ascii &&= bytes.length === text.length;
    yield bytes;
  }
  yield Buffer.from([ascii ? 1 : 0]);
}

export class IndexFormatError extends Error {}

/**
 * `buf` can be any Buffer (pooled, unaligned: columns are then copied). `projects` gives,
 * from the file table, each session's project (records carry it).
 */
export function decodeIndex(buf: Buffer, projects: (files: FileEntry[]) => (session: string) => string): IndexState {
  if (buf.length < 12 || buf.toString('latin1', 0, 7) !== MAGIC) throw new IndexFormatError('not an aura index');
  if (buf[7] !== INDEX_VERSION) throw new IndexFormatError(`index format ${buf[7]} (expected ${INDEX_VERSION})`);
  // CRC32 runs at several GB/s: a few ms for the largest indexes.
  const end = buf.length - 4;
  if (end < 12 || crc32(buf.subarray(0, end)) !== buf.readUInt32LE(end)) throw new IndexFormatError('index checksum mismatch');
  const hlen = buf.readUInt32LE(8);
  if (12 + hlen > end) throw new IndexFormatError('truncated index header');
  let h: {version: number; roots: string[]; n: number; strings: string[]; files: FileRow[]};
  try {
    h = JSON.parse(buf.toString('utf8', 12, 12 + hlen));
  } catch {
    throw new IndexFormatError('unreadable index header');
  }
  if (typeof h !== 'object' || h === null || !isStrings(h.roots) || !isStrings(h.strings) || !Array.isArray(h.files)) throw new IndexFormatError('bad index header');
  const n = h.n;
  const colStart = align8(12 + hlen);
  const idStart = colStart + n * 8 + n * TOKEN_FIELDS * 8 + n * 7 * 4;
  if (h.version !== INDEX_VERSION || !isCount(n) || idStart + 1 > end) throw new IndexFormatError('index size mismatch');
  const ascii = buf[end - 1];
  if (ascii !== 0 && ascii !== 1) throw new IndexFormatError('index trailer');
  // Views into the file's bytes when aligned (a read file's buffer is), else copies.
  const aligned = (buf.byteOffset + colStart) % 8 === 0;
  const at = (start: number, bytes: number): [ArrayBufferLike, number] =>
    aligned ? [buf.buffer, buf.byteOffset + start] : [buf.buffer.slice(buf.byteOffset + start, buf.byteOffset + start + bytes), 0];
  let p = colStart;
  const ts = new Float64Array(...at(p, n * 8), n);
  p += n * 8;
  const tok = new Float64Array(...at(p, n * TOKEN_FIELDS * 8), n * TOKEN_FIELDS);
  p += n * TOKEN_FIELDS * 8;
  const ints = new Uint32Array(...at(p, n * 7 * 4), n * 7);
  p += n * 7 * 4;
  const ids = buf.toString(ascii === 1 ? 'latin1' : 'utf8', p, end - 1).split('\u0000');
  if (ids.length !== (n === 0 ? 1 : n * 2)) throw new IndexFormatError('index ids mismatch');
  const files = h.files.map(fileOf);
  const projectOf = projects(files);
  const s = h.strings;
  const sessionProject = s.map((x) => projectOf(x));
  // Validate every column in flat passes first, so the loop below only builds records.
  const nFiles = files.length;
  const nStrings = s.length;
  for (let i = 0; i < n; i++) if (!Number.isFinite(ts[i]!)) throw new IndexFormatError('bad index timestamp');
  for (let t = 0; t < n * TOKEN_FIELDS; t++) {
    // A stored token count is what the parser accepts: an integer in 0..2^31-1.
    const v = tok[t]!;
    if (!(v >= 0 && v <= 0x7fffffff && v === Math.floor(v))) throw new IndexFormatError('bad index token count');
  }
  for (let k = 0; k < n * 7; k += 7) {
    if (ints[k]! >= nFiles || ints[k + 1]! >= nFiles) throw new IndexFormatError('index file reference out of range');
    if (ints[k + 2]! >= nStrings || ints[k + 3]! >= nStrings || ints[k + 4]! >= nStrings || ints[k + 5]! > nStrings) throw new IndexFormatError('index string reference out of range');
  }
  const paths = files.map((f) => f.path);
  const groups: GroupTable = {records: new Array<UsageRecord>(n), file: new Array<number>(n), winFile: new Array<number>(n), keySession: new Array<string>(n)};
  const {records, file: fileCol, winFile: winCol, keySession} = groups;
  for (let i = 0, o = 0, k = 0; i < n; i++, o += TOKEN_FIELDS, k += 7) {
    const flags = ints[k + 6]!;
    const speed = ints[k + 5]!;
    const session = ints[k + 2]!;
    fileCol[i] = ints[k]!;
    winCol[i] = ints[k + 1]!;
    keySession[i] = s[ints[k + 3]!]!;
    records[i] = {
      messageId: ids[i * 2]!,
      requestId: flags & 4 ? null : ids[i * 2 + 1]!,
      timestamp: ts[i]!,
      model: s[ints[k + 4]!]!,
      sessionId: s[session]!,
      project: sessionProject[session]!,
      file: paths[ints[k]!]!,
      isSidechain: (flags & 1) === 1,
      speed: speed === 0 ? null : s[speed - 1]!,
      tokens: {
        inputTokens: tok[o]! | 0,
        outputTokens: tok[o + 1]! | 0,
        cacheCreationTokens: tok[o + 2]! | 0,
        cacheReadTokens: tok[o + 3]! | 0,
        cacheCreation5mTokens: tok[o + 4]! | 0,
        cacheCreation1hTokens: tok[o + 5]! | 0,
      },
    };
  }
  return {roots: h.roots, files, groups};
}
