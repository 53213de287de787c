// The id store and its hash table against plain strings and Maps: same answers for any ids,
// including non-ASCII ones, lone surrogates and colliding hashes.
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {IdQuery, IdStore, RowTable} from './id-store.js';

/** What the store should say an id is: its UTF-8 round trip (a lone surrogate becomes U+FFFD). */
const asStored = (s: string): string => Buffer.from(s, 'utf8').toString('utf8');

describe('IdStore', () => {
  it('finds every id it holds, and only those, after growing and after a round trip through its bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({unit: 'binary', maxLength: 40}), fc.string({maxLength: 40})), {minLength: 1, maxLength: 300}), fc.string({unit: 'binary'}), (rows, other) => {
        const store = IdStore.empty();
        const mq = new IdQuery();
        const rq = new IdQuery();
        // Pushed from strings, and, every other row, from bytes at an offset (as the native reader hands them).
        rows.forEach(([m, r], i) => {
          if (i % 2 === 0) store.push(mq.set(m), rq.set(r));
          else {
            const b = Buffer.concat([Buffer.from('xx'), Buffer.from(m, 'utf8'), Buffer.from(r, 'utf8')]);
            const mEnd = 2 + Buffer.byteLength(m, 'utf8');
            store.push(mq.setBytes(b, 2, mEnd), rq.setBytes(b, mEnd, b.length));
          }
        });
        // The same ids saved and loaded as the index does.
        const ends: number[] = [];
        const parts: Buffer[] = [];
        let len = 0;
        rows.forEach((_, i) => {
          parts.push(store.messageIdBytes(i), store.requestIdBytes(i));
          ends.push((len += store.messageIdBytes(i).length), (len += store.requestIdBytes(i).length));
        });
        const loaded = IdStore.fromBlob(Buffer.concat(parts), ends, rows.length);
        const q = new IdQuery();
        for (const s of [store, loaded]) {
          rows.forEach(([m, r], i) => {
            expect(s.messageId(i)).toBe(asStored(m));
            expect(s.requestId(i)).toBe(asStored(r));
            expect(s.messageIdIs(i, q.set(m))).toBe(true);
            expect(s.messageIdHash(i)).toBe(q.hash);
            expect(s.requestIdIs(i, q.set(r))).toBe(true);
            expect(s.messageIdIs(i, q.set(other))).toBe(asStored(other) === asStored(m));
          });
        }
        // A request id replaced later (a replay's copy won) reads back as the new one.
        store.setRequestId(0, q.set('req_new'));
        expect(store.requestId(0)).toBe('req_new');
        expect(store.messageId(0)).toBe(asStored(rows[0]![0]));
      }),
      {numRuns: 200},
    );
  });
});

describe('RowTable', () => {
  it('returns the rows stored under a hash, colliding or not, through any number of growths', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(40), {minLength: 1, maxLength: 3000}), (hashes) => {
        const table = new RowTable();
        const byHash = new Map<number, number[]>();
        hashes.forEach((h, row) => {
          // Few distinct hashes, many rows: long probe runs and collisions.
          table.add(h, row);
          byHash.set(h, [...(byHash.get(h) ?? []), row]);
        });
        const rowsOf = (h: number): number[] => {
          const seen: number[] = [];
          for (let s = table.first(h); s !== -1; s = table.next(s, h)) seen.push(table.row(s));
          return seen;
        };
        for (const [h, rows] of byHash) expect(rowsOf(h).sort((a, b) => a - b)).toEqual(rows);
        expect(rowsOf(41)).toEqual([]);
      }),
      {numRuns: 50},
    );
  });
});
