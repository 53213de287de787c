// Scans a block of complete transcript lines. Most bytes of a transcript are user tool results
// that hold no usage, so a line is JSON.parse'd only when its raw bytes contain `"usage"` (outside
// the message content, when the line has Claude Code's shape).
// What counts as a skipped (malformed) line:
//  - a parsed line that is not a JSON object, or whose usage fields have bad types / no timestamp;
//  - an unparsed line that is empty or not shaped like an object (does not start with `{` and end
//    with `}`): this catches cut, empty and non-object lines without paying for a parse.
// A line without `"usage"` that is shaped like an object is not parsed, so a corrupt one inside is
// not counted: it could not have held usage anyway. A line whose first `"type":"` says `user`
// (Claude Code writes it before the message; user lines hold most bytes and never usage) is only
// searched for `"usage"` (a Task result carries one); when it holds one it is parsed and
// classified by its real top-level type, as the first `"type"` may be a nested object's.
// A UTF-8 byte order mark before a line's `{` is ignored.
export {newFileMeta, type FileMeta} from './index-model.js';
import {cleanOrNull, MALFORMED, NO_USAGE, usageOf, type Occurrence} from './parse-line.js';
import type {FileMeta} from './index-model.js';
import {parseTimestamp} from './timestamp.js';

const USAGE = Buffer.from('"usage"');
const CWD = Buffer.from('"cwd":"');
const SESSION = Buffer.from('"sessionId":"');
const TIMESTAMP = Buffer.from('"timestamp":"');
const CONTENT = Buffer.from('"content":[');
const CONTENT_END = Buffer.from('],"stop_reason":');
const WORKFLOW = Buffer.from('"name":"Workflow"');
const ULTRACODE = Buffer.from('ultracode');
// Searched first: `W` is rare, and a 6-byte needle takes the fast memchr path (a long one does not).
const WORKFLOW_HINT = Buffer.from('Workfl');
const ULTRACODE_HINT = Buffer.from('ultrac');
const TYPE = Buffer.from('"type":"');
const USER = Buffer.from('user"');
/** How far into a line the top-level `"type"` of a user line is looked for. */
const HEAD = 4096;
let scratch = Buffer.allocUnsafe(64 * 1024);
const LF = 10;
const CR = 13;
const QUOTE = 34;
const BACKSLASH = 92;
const OPEN = 123;
const CLOSE = 125;

/**
 * The usage a (non-user, object-shaped) line reports. The message content (text, thinking, tool
 * input: most of an assistant line's bytes) is never needed, so when the line has the shape Claude
 * Code writes (`"content":[...],"stop_reason":` then the usage), only the text around the content
 * is parsed; quotes inside JSON strings are escaped, so that pattern only occurs as structure. A
 * `"usage"` inside the content is not the message's. Anything else is parsed whole.
 */
function lineUsage(line: Buffer): ReturnType<typeof usageOf> {
  const c = line.indexOf(CONTENT);
  const end = c === -1 ? -1 : line.indexOf(CONTENT_END, c);
  if (end === -1) {
    if (!line.includes(USAGE)) return NO_USAGE;
  } else if (line.indexOf(USAGE, end) !== -1) {
    // Head and tail copied side by side into a scratch buffer: one decode, one parse.
    const head = c + CONTENT.length;
    const len = head + line.length - end;
    if (scratch.length < len) scratch = Buffer.allocUnsafe(Math.max(len, scratch.length * 2));
    line.copy(scratch, 0, 0, head);
    line.copy(scratch, head, end);
    try {
      return usageOf(JSON.parse(scratch.toString('utf8', 0, len)));
    } catch {
      // not the expected shape: parse it whole below
    }
  } else if (!line.subarray(0, c).includes(USAGE)) {
    return NO_USAGE;
  }
  try {
    return usageOf(JSON.parse(line.toString('utf8')));
  } catch {
    return MALFORMED;
  }
}

/** The JSON string value starting at `start` (just after its opening quote), or null. */
function stringAt(buf: Buffer, start: number): string | null {
  let i = start;
  let escaped = false;
  for (; i < buf.length; i++) {
    const c = buf[i];
    if (c === QUOTE) break;
    if (c === LF) return null;
    if (c === BACKSLASH) {
      escaped = true;
      i++;
    }
  }
  if (i >= buf.length) return null;
  if (!escaped) return buf.toString('utf8', start, i);
  try {
    return JSON.parse(buf.toString('utf8', start - 1, i + 1)) as string;
  } catch {
    return null;
  }
}

/** First non-empty string value of `"key":"` in the block. */
function firstValue(buf: Buffer, needle: Buffer): string | null {
  for (let at = buf.indexOf(needle); at !== -1; at = buf.indexOf(needle, at + needle.length)) {
    const v = stringAt(buf, at + needle.length);
    if (v) return v;
  }
  return null;
}

/** First (or, `fromEnd`, last) valid `"timestamp"` value in the block; NaN when none. */
function timestampIn(buf: Buffer, fromEnd: boolean): number {
  for (let at = fromEnd ? buf.lastIndexOf(TIMESTAMP) : buf.indexOf(TIMESTAMP); at !== -1; ) {
    const v = stringAt(buf, at + TIMESTAMP.length);
    const t = v ? parseTimestamp(v) : NaN;
    if (!Number.isNaN(t)) return t;
    at = fromEnd ? (at === 0 ? -1 : buf.lastIndexOf(TIMESTAMP, at - 1)) : buf.indexOf(TIMESTAMP, at + 1);
  }
  return NaN;
}

/** Scans `block` (complete lines; the last one may lack its newline), calling `onUsage` per usage copy. */
export function scanBlock(block: Buffer, meta: FileMeta, onUsage: (occ: Occurrence) => void): void {
  // Both are shown (project, session id): cleaned of control and bidi characters once, here.
  if (meta.cwd === null) meta.cwd = cleanOrNull(firstValue(block, CWD));
  if (meta.sessionId === null) meta.sessionId = cleanOrNull(firstValue(block, SESSION));
  if (Number.isNaN(meta.firstTs)) meta.firstTs = timestampIn(block, false);
  const last = timestampIn(block, true);
  if (!Number.isNaN(last)) meta.lastTs = last;
  if (!meta.ultracode) meta.ultracode = holds(block, WORKFLOW_HINT, WORKFLOW, 8) || holds(block, ULTRACODE_HINT, ULTRACODE, 0);

  const end = block.length;
  let pos = 0;
  while (pos < end) {
    let nl = block.indexOf(LF, pos);
    if (nl === -1) nl = end;
    let e = nl;
    while (e > pos && (block[e - 1] === CR || block[e - 1] === 32 || block[e - 1] === 9)) e--;
    let s = pos;
    while (s < e && (block[s] === 32 || block[s] === 9)) s++;
    s = afterBom(block, s);
    if (s === e || block[s] !== OPEN || block[e - 1] !== CLOSE) {
      meta.skippedLines++;
    } else if (!isUserLine(block, s, e) || block.subarray(s, e).includes(USAGE)) {
      const r = lineUsage(block.subarray(s, e));
      if (r === MALFORMED) meta.skippedLines++;
      else if (r !== NO_USAGE) onUsage(r);
    }
    pos = nl + 1;
  }
}

/** `needle` occurs in `buf`; found through a shorter `hint` that sits `at` bytes into the needle. */
function holds(buf: Buffer, hint: Buffer, needle: Buffer, at: number): boolean {
  for (let i = buf.indexOf(hint, at); i !== -1; i = buf.indexOf(hint, i + 1)) {
    const start = i - at;
    if (start + needle.length > buf.length) return false;
    let k = 0;
    while (k < needle.length && buf[start + k] === needle[k]) k++;
    if (k === needle.length) return true;
  }
  return false;
}

/** Index past a UTF-8 byte order mark at `s` (an editor may save a transcript with one), else `s`. */
const afterBom = (buf: Buffer, s: number): number => (buf[s] === 0xef && buf[s + 1] === 0xbb && buf[s + 2] === 0xbf ? s + 3 : s);

/** The first `"type":"` of the line says `user`: a hint only (it may be a nested object's). */
function isUserLine(block: Buffer, s: number, e: number): boolean {
  const t = block.indexOf(TYPE, s);
  if (t === -1 || t >= Math.min(e, s + HEAD)) return false;
  const v = t + TYPE.length;
  if (v + USER.length > e) return false;
  for (let k = 0; k < USER.length; k++) if (block[v + k] !== USER[k]) return false;
  return true;
}

/** True when an unterminated last line is a complete JSON value (so the writer finished it). */
export function isCompleteLine(seg: Buffer): boolean {
  let s = 0;
  let e = seg.length;
  while (e > s && (seg[e - 1] === CR || seg[e - 1] === 32)) e--;
  while (s < e && seg[s] === 32) s++;
  s = afterBom(seg, s);
  if (s === e || seg[s] !== OPEN || seg[e - 1] !== CLOSE) return false;
  try {
    JSON.parse(seg.toString('utf8', s, e));
    return true;
  } catch {
    return false;
  }
}
