// Binary layout of the persisted index, built to load in a few milliseconds for ~10^5-10^6
// records: a small JSON header (file table, string table) followed by typed-array columns and one
// blob of message/request ids. Any mismatch (magic, version, lengths) is reported as corrupt and
// the index is rebuilt.
import type {UsageRecord} from '../types.js';
import type {GroupTable} from './dedupe.js';
import {INDEX_VERSION, type FileEntry, type IndexState} from './index-model.js';

const MAGIC = 'AURAIDX';
const TOKEN_FIELDS = 6;

type FileRow = [string, string, number, number, number, number, number, number, string | null, string | null, number | null, number | null, number, number, number];

const num = (v: number): number | null => (Number.isNaN(v) ? null : v);

function fileRow(f: FileEntry): FileRow {
  const m = f.meta;
  return [f.path, f.root, f.dev, f.ino, f.size, f.mtimeMs, f.offset, f.pendingNewline ? 1 : 0, m.cwd, m.sessionId, num(m.firstTs), num(m.lastTs), m.ultracode ? 1 : 0, m.skippedLines, f.copies];
}

function fileOf(r: FileRow): FileEntry {
  const [path, root, dev, ino, size, mtimeMs, offset, pending, cwd, sessionId, firstTs, lastTs, ultracode, skippedLines, copies] = r;
  if (typeof path !== 'string' || typeof offset !== 'number') throw new Error('bad file row');
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

/** NUL separates ids in the blob; an id holding one (garbage input) loses it. */
const noNul = (s: string): string => (s.includes('\u0000') ? s.replaceAll('\u0000', '\uFFFD') : s);

const align8 = (n: number): number => (n + 7) & ~7;

/** Records per piece written: the index is written in pieces so saving needs little memory. */
const PIECE = 16_384;

/**
 * The index file as a series of pieces (header, then each column, then the ids), to be written
 * one after another: saving never holds a second copy of the index in memory.
 */
export function* encodeIndex(state: IndexState): Generator<Buffer> {
  const g = state.groups;
  const n = g.records.length;
  // Written in time order, so a load hands out sorted records without sorting.
  const order = Array.from({length: n}, (_, i) => i).sort((a, b) => g.records[a]!.timestamp - g.records[b]!.timestamp);
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
  // The header carries the string table and the ids' byte length: one pass to learn both.
  let idBytes = 0;
  let idChars = 0;
  for (let i = 0; i < n; i++) {
    const r = g.records[order[i]!]!;
    intern(r.sessionId);
    intern(g.keySession[order[i]!]!);
    intern(r.model);
    if (r.speed !== null) intern(r.speed);
    const rid = r.requestId ?? '';
    idBytes += Buffer.byteLength(r.messageId) + Buffer.byteLength(rid) + 2;
    idChars += r.messageId.length + rid.length + 2;
  }
  if (n > 0) {
    idBytes--;
    idChars--;
  }
  // Ids are ASCII in practice: latin1 then decodes several times faster than UTF-8.
  const idLatin1 = idBytes === idChars;
  const header = Buffer.from(
    JSON.stringify({version: INDEX_VERSION, roots: state.roots, n, idBytes, idLatin1, strings, files: state.files.map(fileRow)}),
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
    for (let i = from; i < to; i++) f64[i - from] = g.records[order[i]!]!.timestamp;
    yield Buffer.from(piece, 0, (to - from) * 8);
  }
  for (let from = 0; from < n; from += PIECE) {
    const to = Math.min(n, from + PIECE);
    for (let i = from; i < to; i++) {
      const t = g.records[order[i]!]!.tokens;
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
      const j = order[i]!;
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
  for (let from = 0; from < n; from += PIECE) {
    const to = Math.min(n, from + PIECE);
    const ids: string[] = [];
    for (let i = from; i < to; i++) {
      const r = g.records[order[i]!]!;
      ids.push(noNul(r.messageId), noNul(r.requestId ?? ''));
    }
    yield Buffer.from(ids.join('\u0000') + (to < n ? '\u0000' : ''), idLatin1 ? 'latin1' : 'utf8');
  }
}

export class IndexFormatError extends Error {}

/**
 * `buf` can be any Buffer (pooled, unaligned: columns are then copied). `projects` gives,
 * from the file table, each session's project (records carry it).
 */
export function decodeIndex(buf: Buffer, projects: (files: FileEntry[]) => (session: string) => string): IndexState {
  if (buf.length < 12 || buf.toString('latin1', 0, 7) !== MAGIC) throw new IndexFormatError('not an aura index');
  if (buf[7] !== INDEX_VERSION) throw new IndexFormatError(`index format ${buf[7]} (expected ${INDEX_VERSION})`);
  const hlen = buf.readUInt32LE(8);
  if (12 + hlen > buf.length) throw new IndexFormatError('truncated index header');
  let h: {version: number; roots: string[]; n: number; idBytes: number; idLatin1: boolean; strings: string[]; files: FileRow[]};
  try {
    h = JSON.parse(buf.toString('utf8', 12, 12 + hlen));
  } catch {
    throw new IndexFormatError('unreadable index header');
  }
  const n = h.n;
  const colStart = align8(12 + hlen);
  const need = colStart + n * 8 + n * TOKEN_FIELDS * 8 + n * 7 * 4 + h.idBytes;
  if (h.version !== INDEX_VERSION || !Number.isInteger(n) || need !== buf.length) throw new IndexFormatError('index size mismatch');
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
  const ids = buf.toString(h.idLatin1 ? 'latin1' : 'utf8', p, p + h.idBytes).split('\u0000');
  if (ids.length !== (n === 0 ? 1 : n * 2)) throw new IndexFormatError('index ids mismatch');
  const files = h.files.map(fileOf);
  const projectOf = projects(files);
  const s = h.strings;
  const sessionProject = s.map((x) => projectOf(x));
  const groups: GroupTable = {records: new Array<UsageRecord>(n), file: new Array<number>(n), winFile: new Array<number>(n), keySession: new Array<string>(n)};
  for (let i = 0; i < n; i++) {
    const o = i * TOKEN_FIELDS;
    const k = i * 7;
    const flags = ints[k + 6]!;
    const speed = ints[k + 5]!;
    const file = ints[k]!;
    const winFile = ints[k + 1]!;
    if (file >= files.length || winFile >= files.length) throw new IndexFormatError('index file reference out of range');
    groups.file[i] = file;
    groups.winFile[i] = winFile;
    groups.keySession[i] = s[ints[k + 3]!]!;
    groups.records[i] = {
      messageId: ids[i * 2]!,
      requestId: flags & 4 ? null : ids[i * 2 + 1]!,
      timestamp: ts[i]!,
      model: s[ints[k + 4]!]!,
      sessionId: s[ints[k + 2]!]!,
      project: sessionProject[ints[k + 2]!]!,
      file: files[file]!.path,
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
