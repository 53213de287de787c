// Message and request ids of the dedupe groups, as UTF-8 bytes in one growable buffer with a
// span per id, and a hash table over them in typed arrays. Held as JS strings in Maps, a large
// history's ids were most of what a cold read kept on the heap, which made node grow its young
// generation (tens of megabytes of peak memory); bytes and typed arrays live outside that heap,
// and the index stores and loads them as they are.

/** One id as UTF-8 bytes (bytes[from, from + len)) and their hash: a probe, or a value to store. */
export class IdQuery {
  private scratch = Buffer.allocUnsafe(256);
  bytes: Uint8Array = this.scratch;
  from = 0;
  len = 0;
  hash = 0;

  /** Prepares the query for `id` (a lone surrogate is written as U+FFFD, as everywhere here). */
  set(id: string): this {
    const need = id.length * 3;
    if (need > this.scratch.length) this.scratch = Buffer.allocUnsafe(Math.max(need, this.scratch.length * 2));
    this.bytes = this.scratch;
    this.from = 0;
    this.len = this.scratch.write(id, 0, 'utf8');
    this.hash = hashBytes(this.bytes, 0, this.len);
    return this;
  }

  /** Prepares the query for the id already in UTF-8 at b[from, to) (not copied: used at once), and its hash when known. */
  setBytes(b: Uint8Array, from: number, to: number, hash = hashBytes(b, from, to)): this {
    this.bytes = b;
    this.from = from;
    this.len = to - from;
    this.hash = hash;
    return this;
  }
}

/** FNV-1a over bytes [from, to). */
export function hashBytes(b: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h >>> 0;
}

/** Ids per row: message id then request id ('' = none), 4 offsets a row into `bytes`. */
export class IdStore {
  private bytes: Buffer;
  private used: number;
  private spans: Uint32Array;
  n = 0;

  private constructor(bytes: Buffer, used: number, spans: Uint32Array, n: number) {
    this.bytes = bytes;
    this.used = used;
    this.spans = spans;
    this.n = n;
  }

  static empty(): IdStore {
    return new IdStore(Buffer.allocUnsafe(4096), 0, new Uint32Array(1024), 0);
  }

  /**
   * The ids of `n` rows stored back to back in `blob` (message id, request id, per row), with
   * `ends[2i]` / `ends[2i + 1]` where row i's message / request id ends. Copied: the store grows.
   */
  static fromBlob(blob: Uint8Array, ends: ArrayLike<number>, n: number): IdStore {
    const bytes = Buffer.allocUnsafe(Math.max(4096, blob.length * 2));
    bytes.set(blob);
    const spans = new Uint32Array(Math.max(1024, n * 8));
    for (let i = 0, from = 0; i < n; i++) {
      const o = i * 4;
      spans[o] = from;
      spans[o + 1] = spans[o + 2] = ends[i * 2]!;
      spans[o + 3] = from = ends[i * 2 + 1]!;
    }
    return new IdStore(bytes, blob.length, spans, n);
  }

  /** Copies the id's bytes in (none = an empty span) and sets span k (k, k + 1) to them. */
  private append(id: IdQuery | null, k: number): void {
    const from = this.used;
    const len = id === null ? 0 : id.len;
    if (from + len > this.bytes.length) {
      const more = Buffer.allocUnsafe(Math.max(from + len, this.bytes.length * 2));
      this.bytes.copy(more, 0, 0, this.used);
      this.bytes = more;
    }
    // Byte by byte: ids are short, and Buffer#copy allocates a view per call.
    const b = this.bytes;
    for (let i = 0, src = id === null ? null : id.bytes, at = id === null ? 0 : id.from; i < len; i++) b[from + i] = src![at + i]!;
    this.used = from + len;
    this.spans[k] = from;
    this.spans[k + 1] = from + len;
  }

  push(messageId: IdQuery | null, requestId: IdQuery | null): void {
    if ((this.n + 1) * 4 > this.spans.length) {
      const more = new Uint32Array(this.spans.length * 2);
      more.set(this.spans);
      this.spans = more;
    }
    const o = this.n++ * 4;
    this.append(messageId, o);
    this.append(requestId, o + 2);
  }

  setRequestId(i: number, requestId: IdQuery | null): void {
    this.append(requestId, i * 4 + 2);
  }

  private equals(from: number, to: number, q: IdQuery): boolean {
    if (to - from !== q.len) return false;
    const b = this.bytes;
    const qb = q.bytes;
    for (let k = 0, at = q.from; k < q.len; k++) if (b[from + k] !== qb[at + k]) return false;
    return true;
  }

  messageIdIs(i: number, q: IdQuery): boolean {
    return this.equals(this.spans[i * 4]!, this.spans[i * 4 + 1]!, q);
  }

  requestIdIs(i: number, q: IdQuery): boolean {
    return this.equals(this.spans[i * 4 + 2]!, this.spans[i * 4 + 3]!, q);
  }

  hasMessageId(i: number): boolean {
    return this.spans[i * 4 + 1]! > this.spans[i * 4]!;
  }

  messageIdHash(i: number): number {
    return hashBytes(this.bytes, this.spans[i * 4]!, this.spans[i * 4 + 1]!);
  }

  /** Byte lengths of row i's message id and request id. */
  messageIdLength(i: number): number {
    return this.spans[i * 4 + 1]! - this.spans[i * 4]!;
  }

  requestIdLength(i: number): number {
    return this.spans[i * 4 + 3]! - this.spans[i * 4 + 2]!;
  }

  /** Copies row i's message id then request id to out[at..]; returns the offset after them. */
  copyIds(i: number, out: Uint8Array, at: number): number {
    const b = this.bytes;
    const o = i * 4;
    for (let k = this.spans[o]!, end = this.spans[o + 1]!; k < end; k++) out[at++] = b[k]!;
    for (let k = this.spans[o + 2]!, end = this.spans[o + 3]!; k < end; k++) out[at++] = b[k]!;
    return at;
  }

  messageIdBytes(i: number): Buffer {
    return this.bytes.subarray(this.spans[i * 4]!, this.spans[i * 4 + 1]!);
  }

  requestIdBytes(i: number): Buffer {
    return this.bytes.subarray(this.spans[i * 4 + 2]!, this.spans[i * 4 + 3]!);
  }

  messageId(i: number): string {
    return this.messageIdBytes(i).toString('utf8');
  }

  requestId(i: number): string {
    return this.requestIdBytes(i).toString('utf8');
  }
}

/**
 * An open-addressing hash table of rows by a 32-bit hash (linear probing, at most half full).
 * Rows with equal hashes are all found by `each`; the caller compares the ids themselves.
 */
export class RowTable {
  private slots = new Int32Array(1024);
  private hashes = new Uint32Array(1024);
  private size = 0;

  add(hash: number, row: number): void {
    if ((this.size + 1) * 2 > this.slots.length) this.grow();
    this.put(hash, row);
    this.size++;
  }

  private put(hash: number, row: number): void {
    const mask = this.slots.length - 1;
    let s = hash & mask;
    while (this.slots[s] !== 0) s = (s + 1) & mask;
    this.slots[s] = row + 1;
    this.hashes[s] = hash;
  }

  private grow(): void {
    const {slots, hashes} = this;
    this.slots = new Int32Array(slots.length * 2);
    this.hashes = new Uint32Array(slots.length * 2);
    for (let s = 0; s < slots.length; s++) if (slots[s] !== 0) this.put(hashes[s]!, slots[s]! - 1);
  }

  /**
   * The first slot holding a row stored under `hash`, or -1; `next` gives the following ones
   * (loop: `for (let s = t.first(h); s !== -1; s = t.next(s, h)) ... t.row(s)`, no add meanwhile).
   */
  first(hash: number): number {
    return this.scan(hash & (this.slots.length - 1), hash);
  }

  next(slot: number, hash: number): number {
    return this.scan((slot + 1) & (this.slots.length - 1), hash);
  }

  row(slot: number): number {
    return this.slots[slot]! - 1;
  }

  private scan(s: number, hash: number): number {
    const mask = this.slots.length - 1;
    for (; this.slots[s] !== 0; s = (s + 1) & mask) if (this.hashes[s] === hash) return s;
    return -1;
  }
}
