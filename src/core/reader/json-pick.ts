// A strict JSON reader for one transcript line that keeps only the keys the usage rules read
// (./parse-line.ts) and skips every other value without building it. JSON.parse of a whole
// assistant line builds ~30 strings and objects of which the reader needs a dozen values, and
// was most of a cold read's time. The grammar is JSON's (RFC 8259), checked as strictly as
// JSON.parse checks it: a line this reader rejects is one JSON.parse rejects, and a kept value is
// what JSON.parse would give (the last of duplicate keys wins, escapes are decoded).
// Arrays are skipped whole: no value the usage rules read sits in an array.
// Dedicated to the usage rules rather than a general library: a streaming JSON library builds
// every value it passes (or emits an event per token), which is the cost this file removes.

/** The line is not valid JSON. */
export const INVALID = Symbol('invalid JSON');

/** Keys kept in an object, each with what is kept inside its value (an empty shape: nothing). */
export type Shape = {[key: string]: Shape};

const LEAF: Shape = {};
const SPLIT: Shape = {ephemeral_5m_input_tokens: LEAF, ephemeral_1h_input_tokens: LEAF};
const USAGE: Shape = {input_tokens: LEAF, output_tokens: LEAF, cache_read_input_tokens: LEAF, cache_creation_input_tokens: LEAF, cache_creation: SPLIT, speed: LEAF};
const MESSAGE: Shape = {id: LEAF, model: LEAF, usage: USAGE};
const DATA: Shape = {};
/**
 * What usageOf reads of a line: its own fields, its message, the usage and its cache-write split;
 * a progress line's data.message is a line of the same shape.
 */
export const LINE_SHAPE: Shape = {type: LEAF, isSidechain: LEAF, timestamp: LEAF, requestId: LEAF, sessionId: LEAF, isApiErrorMessage: LEAF, message: MESSAGE, data: DATA};
DATA.message = LINE_SHAPE;

/** A shape compiled: its keys by byte length, as bytes (a key is matched without making a string). */
interface Keys {
  byLength: {key: string; bytes: Uint8Array; inner: Keys}[][];
  shape: Shape;
}
function compile(shape: Shape, done = new Map<Shape, Keys>()): Keys {
  let k = done.get(shape);
  if (k === undefined) {
    k = {byLength: [], shape};
    done.set(shape, k);
    for (const [key, inner] of Object.entries(shape)) (k.byLength[key.length] ??= []).push({key, bytes: Buffer.from(key, 'latin1'), inner: compile(inner, done)});
  }
  return k;
}
const LINE_KEYS = compile(LINE_SHAPE);

const QUOTE = 34;
const BACKSLASH = 92;

/** Thrown inside the scan; caught once at the top (cheaper than checking a result everywhere). */
class Invalid extends Error {}
const invalid = new Invalid();

type Picked = Record<string, unknown>;

class Picker {
  pos = 0;
  /** The last string scanned held an escape / a byte above 0x7f. */
  private escaped = false;
  private wide = false;

  constructor(
    private readonly b: Buffer,
    private readonly end: number,
  ) {}

  /** The byte at pos, or -1 past the end (the buffer may hold other bytes there). */
  private peek(): number {
    return this.pos < this.end ? this.b[this.pos]! : -1;
  }

  ws(): void {
    const b = this.b;
    let p = this.pos;
    while (p < this.end) {
      const c = b[p]!;
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
      p++;
    }
    this.pos = p;
  }

  /** Skips a string whose opening quote is at pos; returns the index of its closing quote. */
  string(): number {
    const b = this.b;
    const end = this.end;
    let p = this.pos + 1;
    let escaped = false;
    let wide = false;
    for (;;) {
      if (p >= end) throw invalid;
      const c = b[p]!;
      if (c === QUOTE) break;
      if (c < 32) throw invalid;
      if (c === BACKSLASH) {
        escaped = true;
        const n = b[p + 1];
        if (n === 117) {
          // \uXXXX
          for (let k = 2; k < 6; k++) if (!isHex(b[p + k])) throw invalid;
          p += 6;
          continue;
        }
        if (n !== QUOTE && n !== BACKSLASH && n !== 47 && n !== 98 && n !== 102 && n !== 110 && n !== 114 && n !== 116) throw invalid;
        p += 2;
        continue;
      }
      if (c > 127) wide = true;
      p++;
    }
    this.escaped = escaped;
    this.wide = wide;
    this.pos = p + 1;
    return p;
  }

  /** The value of the string between `from` (after its opening quote) and `to` (its closing quote). */
  text(from: number, to: number): string {
    const buf = this.b;
    if (this.escaped) return JSON.parse(buf.toString('utf8', from - 1, to + 1)) as string;
    return this.wide ? buf.toString('utf8', from, to) : buf.toString('latin1', from, to);
  }

  /** The key string at pos, when `keys` keeps it (null when not). */
  private key(keys: Keys): {key: string; inner: Keys} | null {
    const from = this.pos + 1;
    const to = this.string();
    if (this.escaped) {
      const k = this.text(from, to);
      return Object.hasOwn(keys.shape, k) ? keys.byLength[k.length]!.find((e) => e.key === k)! : null;
    }
    const list = keys.byLength[to - from];
    if (list === undefined) return null;
    const b = this.b;
    outer: for (const cand of list) {
      const kb = cand.bytes;
      for (let i = 0; i < kb.length; i++) if (b[from + i] !== kb[i]) continue outer;
      return cand;
    }
    return null;
  }

  /** A value at pos: built, keeping what `keys` names in objects, or (null) only checked and skipped. */
  value(keys: Keys | null): unknown {
    const keep = keys !== null;
    this.ws();
    const c = this.peek();
    if (c === QUOTE) {
      const from = this.pos + 1;
      const to = this.string();
      return keep ? this.text(from, to) : undefined;
    }
    if (c === 123) return this.object(keys);
    if (c === 91) {
      this.array();
      return keep ? SKIPPED_ARRAY : undefined;
    }
    if (c === 116) return this.word(TRUE, true);
    if (c === 102) return this.word(FALSE, false);
    if (c === 110) return this.word(NULL, null);
    return this.number(keep);
  }

  private word(w: Uint8Array, v: boolean | null): boolean | null {
    const b = this.b;
    const p = this.pos;
    if (p + w.length > this.end) throw invalid;
    for (let i = 0; i < w.length; i++) if (b[p + i] !== w[i]) throw invalid;
    this.pos = p + w.length;
    return v;
  }

  private number(keep: boolean): number | undefined {
    const b = this.b;
    const end = this.end;
    const start = this.pos;
    let p = start;
    if (byteAt(b, end, p) === 45) p++;
    if (byteAt(b, end, p) === 48) p++;
    else if (isDigit(byteAt(b, end, p))) while (isDigit(byteAt(b, end, p))) p++;
    else throw invalid;
    let plain = true;
    if (byteAt(b, end, p) === 46) {
      plain = false;
      p++;
      if (!isDigit(byteAt(b, end, p))) throw invalid;
      while (isDigit(byteAt(b, end, p))) p++;
    }
    if (byteAt(b, end, p) === 101 || byteAt(b, end, p) === 69) {
      plain = false;
      p++;
      if (byteAt(b, end, p) === 43 || byteAt(b, end, p) === 45) p++;
      if (!isDigit(byteAt(b, end, p))) throw invalid;
      while (isDigit(byteAt(b, end, p))) p++;
    }
    this.pos = p;
    if (!keep) return undefined;
    if (plain && p - start <= 15 && b[start] !== 45) {
      let n = 0;
      for (let i = start; i < p; i++) n = n * 10 + (b[i]! - 48);
      return n;
    }
    return Number(this.b.toString('latin1', start, p));
  }

  private object(keys: Keys | null): Picked | undefined {
    this.pos++;
    const out: Picked | undefined = keys === null ? undefined : {};
    this.ws();
    if (this.peek() === 125) {
      this.pos++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.peek() !== QUOTE) throw invalid;
      const k = keys === null ? (this.string(), null) : this.key(keys);
      this.ws();
      if (this.peek() !== 58) throw invalid;
      this.pos++;
      if (k === null) this.value(null);
      else out![k.key] = this.value(k.inner);
      this.ws();
      const c = this.peek();
      this.pos++;
      if (c === 125) return out;
      if (c !== 44) throw invalid;
    }
  }

  private array(): void {
    this.pos++;
    this.ws();
    if (this.peek() === 93) {
      this.pos++;
      return;
    }
    for (;;) {
      this.value(null);
      this.ws();
      const c = this.peek();
      this.pos++;
      if (c === 93) return;
      if (c !== 44) throw invalid;
    }
  }
}

/** Stands for a kept key whose value was an array (never read as one: only its type matters). */
const SKIPPED_ARRAY: readonly unknown[] = Object.freeze([]);
const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
const NULL = Buffer.from('null');
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
/** The byte at p, or -1 past the end: a number is never read into the bytes after it. */
const byteAt = (b: Buffer, end: number, p: number): number => (p < end ? b[p]! : -1);
const isHex = (c: number | undefined): boolean => c !== undefined && ((c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102));

/**
 * The JSON value in `buf[start, end)` with only what LINE_SHAPE keeps of its objects (arrays stand
 * empty), or INVALID when it is not one JSON value.
 */
export function pickJson(buf: Buffer, start = 0, end = buf.length): unknown {
  const p = new Picker(buf, end);
  p.pos = start;
  try {
    const v = p.value(LINE_KEYS);
    p.ws();
    return p.pos === end ? v : INVALID;
  } catch (e) {
    if (e === invalid) return INVALID;
    // Nesting deeper than the stack: JSON.parse has no such limit, so it decides.
    if (e instanceof RangeError) return fullParse(buf, start, end);
    throw e;
  }
}

function fullParse(buf: Buffer, start: number, end: number): unknown {
  try {
    return JSON.parse(buf.toString('utf8', start, end));
  } catch {
    return INVALID;
  }
}
