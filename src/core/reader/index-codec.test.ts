// timeOrder: the rows' time order, ties in row order, whichever way it sorts (packed keys or the
// comparator, for spans too wide to pack).
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {GroupTable} from './dedupe.js';
import {timeOrder} from './index-codec.js';

const ZERO = {inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0, cacheCreation5mTokens: 0, cacheCreation1hTokens: 0};

function table(times: number[]): GroupTable {
  const g = new GroupTable();
  for (const ts of times) g.push({ts, tokens: ZERO, file: 0, winFile: 0, session: 0, keySession: 0, model: g.strings.id('m'), speed: 0, flags: 0, messageId: null, requestId: null});
  return g;
}

const expected = (times: number[]): number[] => times.map((t, i) => [t, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([, i]) => i);

describe('timeOrder', () => {
  it('orders rows by time, ties by row, for narrow and very wide spans', () => {
    const base = Date.UTC(2026, 0, 1);
    const time = fc.oneof(
      fc.integer({min: 0, max: 50}).map((d) => base + d * 1000),
      fc.integer({min: 0, max: 40 * 86_400_000}).map((d) => base + d),
      fc.integer({min: -4e15, max: 4e15}),
    );
    fc.assert(
      fc.property(fc.array(time, {minLength: 2, maxLength: 400}), (times) => {
        const g = table(times);
        const order = timeOrder(g);
        if (order === null) expect(expected(times)).toEqual(times.map((_, i) => i));
        else expect([...order]).toEqual(expected(times));
      }),
      {numRuns: 300},
    );
  });
});
