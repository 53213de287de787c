// Message and request ids of the dedupe groups, as UTF-8 bytes in one growable buffer with a
// span per id, and a hash table over them in typed arrays. Held as JS strings in Maps, a large
// history's ids were most of what a cold read kept on the heap, which made node grow its young
// generation (tens of megabytes of peak memory); bytes and typed arrays live outside that heap,
// and the index stores and loads them as they are.

/** A probe for one id: its UTF-8 bytes in a scratch buffer and their hash. */
export class IdQuery {
  bytes = Buffer.allocUnsafe(256);
  len = 0;
  hash = 0;

  /** Prepares the query for `id` (a lone surrogate is written as U+FFFD, as everywhere here). */
  set(id: string): this {
    const need = id.length * 3;
    if (need > this.bytes.length) this.bytes = Buffer.allocUnsafe(Math.max(need, this.bytes.length * 2));
    this.len = this.bytes.write(id, 0, 'utf8');
    this.hash = hashBytes(this.bytes, 0, this.len);
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

  private append(id: string): [number, number] {
    const need = this.used + id.length * 3;
    if (need > this.bytes.length) {
      const more = Buffer.allocUnsafe(Math.max(need, this.bytes.length * 2));
      this.bytes.copy(more, 0, 0, this.used);
      this.bytes = more;
    }
    const from = this.used;
    this.used += this.bytes.write(id, from, 'utf8');
    return [from, this.used];
  }

  push(messageId: string, requestId: string): void {
    if ((this.n + 1) * 4 > this.spans.length) {
      const more = new Uint32Array(this.spans.length * 2);
      more.set(this.spans);
      this.spans = more;
    }
    const o = this.n++ * 4;
    [this.spans[o], this.spans[o + 1]] = this.append(messageId);
    [this.spans[o + 2], this.spans[o + 3]] = this.append(requestId);
  }

  setRequestId(i: number, requestId: string): void {
    [this.spans[i * 4 + 2], this.spans[i * 4 + 3]] = this.append(requestId);
  }

  private equals(from: number, to: number, q: IdQuery): boolean {
    if (to - from !== q.len) return false;
    const b = this.bytes;
    const qb = q.bytes;
    for (let k = 0; k < q.len; k++) if (b[from + k] !== qb[k]) return false;
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

  /** Calls `fn` with each row stored under `hash` until it returns true; that row, or -1. */
  find(hash: number, fn: (row: number) => boolean): number {
    const mask = this.slots.length - 1;
    for (let s = hash & mask; this.slots[s] !== 0; s = (s + 1) & mask) {
      if (this.hashes[s] === hash && fn(this.slots[s]! - 1)) return this.slots[s]! - 1;
    }
    return -1;
  }
}
