// Binary layout of the persisted index, built to load in a few milliseconds for ~10^5-10^6
// records: a small JSON header (file table, string table) followed by typed-array columns and one
// blob of message/request ids, then a CRC32 of everything before it. Any mismatch (magic, version,
// checksum, lengths, a value of the wrong type or out of range) is reported as corrupt and the
// index is rebuilt: a flipped byte must never reach the dataset as an undefined model id or a
// negative token count.
import {crc32} from 'node:zlib';
import {PRICING_FINGERPRINT} from '../cost.js';
import {GroupTable, REQUESTLESS, SIDECHAIN, StringTable, TOKEN_FIELDS} from './dedupe.js';
import {IdStore} from './id-store.js';
import {INDEX_VERSION, type FileEntry, type IndexState} from './index-model.js';

const MAGIC = 'AURAIDX';
/** Magic, version, then u32 header length, rows, files and strings; the JSON header follows. */
const FIXED_HEAD = 24;

type FileRow = [string, string, number, number, number, number, number, number, string | null, string | null, number | null, number | null, number, number, number];

const num = (v: number): number | null => (Number.isNaN(v) ? null : v);

function fileRow(f: FileEntry): FileRow {
  const m = f.meta;
  return [f.path, f.root, f.dev, f.ino, f.size, f.mtimeMs, f.offset, f.pendingNewline ? 1 : 0, m.cwd, m.sessionId, num(m.firstTs), num(m.lastTs), m.ultracode ? 1 : 0, m.skippedLines, f.copies];
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const isStrOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';
const isNumOrNull = (v: unknown): v is number | null => v === null || isNum(v);
const isFlag = (v: unknown): v is 0 | 1 => v === 0 || v === 1;
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

// Indexed reads and field-by-field checks, no destructuring or array per row: a warm start checks
// thousands of rows before the JIT is warm, and the iterator protocol is slow until it is.
function fileOf(r: FileRow): FileEntry {
  if (!Array.isArray(r) || r.length !== 15) throw new IndexFormatError('bad file row');
  const path = r[0];
  const root = r[1];
  const dev = r[2];
  const ino = r[3];
  const size = r[4];
  const mtimeMs = r[5];
  const offset = r[6];
  const pending = r[7];
  const cwd = r[8];
  const sessionId = r[9];
  const firstTs = r[10];
  const lastTs = r[11];
  const ultracode = r[12];
  const skippedLines = r[13];
  const copies = r[14];
  const ok =
    typeof path === 'string' &&
    typeof root === 'string' &&
    isNum(dev) &&
    isNum(ino) &&
    isNum(size) &&
    isNum(mtimeMs) &&
    isCount(offset) &&
    isCount(skippedLines) &&
    isCount(copies) &&
    isFlag(pending) &&
    isFlag(ultracode) &&
    isStrOrNull(cwd) &&
    isStrOrNull(sessionId) &&
    isNumOrNull(firstTs) &&
    isNumOrNull(lastTs);
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
    meta: {cwd, sessionId, firstTs: firstTs ?? NaN, lastTs: lastTs ?? NaN, ultracode: ultracode === 1, skippedLines},
    copies,
  };
}

const align8 = (n: number): number => (n + 7) & ~7;

/** Row indexes of the groups in time order (ties: row order), or null when they already are. */
export function timeOrder(g: GroupTable): Uint32Array | null {
  if (g.sorted) return null;
  const n = g.n;
  const ts = g.ts;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    min = Math.min(min, ts[i]!);
    max = Math.max(max, ts[i]!);
  }
  const order = new Uint32Array(n);
  // Usually (a history of less than ~2,000 years of milliseconds per 2^20 rows), time and row fit
  // together in one exact double: a plain numeric sort of those is several times faster.
  const rowBits = Math.max(1, Math.ceil(Math.log2(n + 1)));
  if (Number.isInteger(min) && Number.isInteger(max) && (max - min + 1) * 2 ** rowBits <= Number.MAX_SAFE_INTEGER) {
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = (ts[i]! - min) * 2 ** rowBits + i;
    keys.sort();
    const mask = 2 ** rowBits;
    for (let i = 0; i < n; i++) order[i] = keys[i]! % mask;
    return order;
  }
  for (let i = 0; i < n; i++) order[i] = i;
  return order.sort((a, b) => ts[a]! - ts[b]! || a - b);
}

/** Rows per piece written: the index is written in pieces so saving needs little memory. */
const PIECE = 16_384;

/** The u32 columns, in file order. */
const U32_COLUMNS = ['file', 'winFile', 'session', 'keySession', 'model', 'speed'] as const;

/**
 * The index file as a series of pieces (header, then each column, then the ids, then the
 * checksum), to be written one after another: saving never holds a second copy of the index in
 * memory. Rows are written in time order (`order`, null = already sorted), so a load needs no sort.
 */
export function* encodeIndex(state: IndexState, order: ArrayLike<number> | null = timeOrder(state.groups)): Generator<Buffer> {
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
  const n = g.n;
  const at = (i: number): number => (order === null ? i : order[i]!);
  const ids = g.ids;
  const header = Buffer.from(JSON.stringify({version: INDEX_VERSION, roots: state.roots, n, strings: g.strings.list, files: state.files.map(fileRow), prices: PRICING_FINGERPRINT}), 'utf8');
  const head = Buffer.alloc(align8(FIXED_HEAD + header.length));
  head.write(MAGIC, 0, 'latin1');
  head[7] = INDEX_VERSION;
  // The counts the columns are checked against, in binary: native/index.c checks them without
  // parsing the JSON header.
  head.writeUInt32LE(header.length, 8);
  head.writeUInt32LE(n, 12);
  head.writeUInt32LE(state.files.length, 16);
  head.writeUInt32LE(g.strings.list.length, 20);
  header.copy(head, FIXED_HEAD);
  yield head;
  const piece = new ArrayBuffer(PIECE * 8 * TOKEN_FIELDS);
  const f64 = new Float64Array(piece);
  const u32 = new Uint32Array(piece);
  const u8 = new Uint8Array(piece);
  for (const col of [g.ts, g.cost]) {
    for (let from = 0; from < n; from += PIECE) {
      const to = Math.min(n, from + PIECE);
      for (let i = from; i < to; i++) f64[i - from] = col[at(i)]!;
      yield Buffer.from(piece, 0, (to - from) * 8);
    }
  }
  for (let from = 0; from < n; from += PIECE) {
    const to = Math.min(n, from + PIECE);
    const t = g.tokens;
    for (let i = from; i < to; i++) {
      const src = at(i) * TOKEN_FIELDS;
      const dst = (i - from) * TOKEN_FIELDS;
      for (let k = 0; k < TOKEN_FIELDS; k++) u32[dst + k] = t[src + k]!;
    }
    yield Buffer.from(piece, 0, (to - from) * 4 * TOKEN_FIELDS);
  }
  for (const name of U32_COLUMNS) {
    const col = g[name];
    for (let from = 0; from < n; from += PIECE) {
      const to = Math.min(n, from + PIECE);
      for (let i = from; i < to; i++) u32[i - from] = col[at(i)]!;
      yield Buffer.from(piece, 0, (to - from) * 4);
    }
  }
  // The ids' UTF-8 bytes back to back (message id, request id, per row), cut by a column of
  // each id's end: a load takes them as they are, and only when a read needs them.
  for (let from = 0, len = 0; from < n; from += PIECE) {
    const to = Math.min(n, from + PIECE);
    for (let i = from; i < to; i++) {
      u32[(i - from) * 2] = len += ids.messageIdLength(at(i));
      u32[(i - from) * 2 + 1] = len += ids.requestIdLength(at(i));
    }
    yield Buffer.from(piece, 0, (to - from) * 2 * 4);
  }
  for (let from = 0; from < n; from += PIECE) {
    const to = Math.min(n, from + PIECE);
    for (let i = from; i < to; i++) u8[i - from] = g.flags[at(i)]!;
    yield Buffer.from(piece, 0, to - from);
  }
  // Flags end the columns: pad to 8 so the ids that follow never shift the columns' alignment.
  yield Buffer.alloc(align8(n) - n);
  // Then the ids, up to the checksum.
  for (let from = 0; from < n; from += PIECE) {
    const to = Math.min(n, from + PIECE);
    let bytes = 0;
    for (let i = from; i < to; i++) bytes += ids.messageIdLength(at(i)) + ids.requestIdLength(at(i));
    const out = Buffer.allocUnsafe(bytes);
    for (let i = from, k = 0; i < to; i++) k = ids.copyIds(at(i), out, k);
    yield out;
  }
}

export class IndexFormatError extends Error {}

/** The stored columns, as GroupTable.fromColumns takes them. */
type Columns = Parameters<typeof GroupTable.fromColumns>[2];

/**
 * Every column checked in flat passes (native/index.c makes the same checks, with the same
 * messages): a value a reader could trip on never reaches the dataset.
 */
function checkColumns(n: number, nFiles: number, nStrings: number, idBytes: number, c: Columns, ends: Uint32Array): void {
  const {ts, cost, tokens, file, winFile, session, keySession, model, speed, flags} = c;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(ts[i]!) || (i > 0 && ts[i - 1]! > ts[i]!)) throw new IndexFormatError('bad index timestamp');
    // A cost is NaN (unpriced) or a finite amount, never negative.
    if (cost[i]! < 0 || cost[i] === Infinity) throw new IndexFormatError('bad index cost');
  }
  // A stored token count is what the parser accepts: an integer in 0..2^31-1.
  for (let t = 0; t < n * TOKEN_FIELDS; t++) if (tokens[t]! > 0x7fffffff) throw new IndexFormatError('bad index token count');
  for (let i = 0; i < n; i++) {
    if (file[i]! >= nFiles || winFile[i]! >= nFiles) throw new IndexFormatError('index file reference out of range');
    if (session[i]! >= nStrings || keySession[i]! >= nStrings || model[i]! >= nStrings || speed[i]! > nStrings) throw new IndexFormatError('index string reference out of range');
    if (flags[i]! & ~(SIDECHAIN | REQUESTLESS)) throw new IndexFormatError('bad index flags');
  }
  // Byte ends of the ids: in order, and the last one is where the ids end.
  for (let i = 0; i < n * 2; i++) if ((i > 0 && ends[i - 1]! > ends[i]!) || ends[i]! > idBytes) throw new IndexFormatError('bad index ids');
  if ((n > 0 ? ends[n * 2 - 1] : 0) !== idBytes) throw new IndexFormatError('bad index ids');
}

interface Header {
  version: number;
  roots: string[];
  n: number;
  strings: string[];
  files: FileRow[];
  /** PRICING_FINGERPRINT of the aura that priced the stored costs. */
  prices: string;
}

/**
 * `buf` can be any Buffer (pooled, unaligned: columns are then copied). Every column is checked
 * here, unless `checked` says native/index.c already did (the same checks); the ids are taken
 * later, when a read first needs them (a start with nothing new never does).
 */
export function decodeIndex(buf: Buffer, checked = false): IndexState {
  if (buf.length < 12 || buf.toString('latin1', 0, 7) !== MAGIC) throw new IndexFormatError('not an aura index');
  if (buf[7] !== INDEX_VERSION) throw new IndexFormatError(`index format ${buf[7]} (expected ${INDEX_VERSION})`);
  // CRC32 runs at several GB/s: a few ms for the largest indexes.
  const end = buf.length - 4;
  if (!checked && (end < FIXED_HEAD || crc32(buf.subarray(0, end)) !== buf.readUInt32LE(end))) throw new IndexFormatError('index checksum mismatch');
  // The binary counts, then the columns, then the JSON header: the order native/index.c checks
  // in, so both give the same verdict.
  const hlen = buf.readUInt32LE(8);
  const n = buf.readUInt32LE(12);
  const nFiles = buf.readUInt32LE(16);
  const nStrings = buf.readUInt32LE(20);
  if (FIXED_HEAD + hlen > end) throw new IndexFormatError('truncated index header');
  const colStart = align8(FIXED_HEAD + hlen);
  const idStart = colStart + n * 16 + n * TOKEN_FIELDS * 4 + n * U32_COLUMNS.length * 4 + n * 2 * 4 + align8(n);
  if (idStart > end) throw new IndexFormatError('index size mismatch');
  const idBytes = end - idStart;
  // Views into the file's bytes when aligned (a read file's buffer is), else copies.
  const aligned = (buf.byteOffset + colStart) % 8 === 0;
  const at = (start: number, bytes: number): [ArrayBufferLike, number] =>
    aligned ? [buf.buffer, buf.byteOffset + start] : [buf.buffer.slice(buf.byteOffset + start, buf.byteOffset + start + bytes), 0];
  let p = colStart;
  const ts = new Float64Array(...at(p, n * 8), n);
  p += n * 8;
  const cost = new Float64Array(...at(p, n * 8), n);
  p += n * 8;
  const tokens = new Uint32Array(...at(p, n * TOKEN_FIELDS * 4), n * TOKEN_FIELDS);
  p += n * TOKEN_FIELDS * 4;
  const u32 = (): Uint32Array => {
    const col = new Uint32Array(...at(p, n * 4), n);
    p += n * 4;
    return col;
  };
  const [file, winFile, session, keySession, model, speed] = U32_COLUMNS.map(u32) as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  const ends = new Uint32Array(...at(p, n * 8), n * 2);
  p += n * 8;
  const flags = new Uint8Array(buf.buffer, buf.byteOffset + p, n);
  const cols: Columns = {ts, cost, tokens, file, winFile, session, keySession, model, speed, flags};
  if (!checked) checkColumns(n, nFiles, nStrings, idBytes, cols, ends);
  let h: Header;
  try {
    h = JSON.parse(buf.toString('utf8', FIXED_HEAD, FIXED_HEAD + hlen)) as Header;
  } catch {
    throw new IndexFormatError('unreadable index header');
  }
  if (typeof h !== 'object' || h === null || !isStrings(h.roots) || !isStrings(h.strings) || !Array.isArray(h.files)) throw new IndexFormatError('bad index header');
  if (h.version !== INDEX_VERSION || h.n !== n || h.files.length !== nFiles || h.strings.length !== nStrings) throw new IndexFormatError('index size mismatch');
  const files = h.files.map(fileOf);
  const loadIds = (): IdStore => IdStore.fromBlob(buf.subarray(idStart, end), ends, n);
  const groups = GroupTable.fromColumns(new StringTable(h.strings), n, cols, loadIds);
  // Priced by an aura with other prices: priced again.
  if (h.prices !== PRICING_FINGERPRINT) for (let i = 0; i < n; i++) groups.price(i);
  return {roots: h.roots, files, groups};
}
