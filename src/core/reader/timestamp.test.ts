// The hand-written timestamp reader agrees with the strict ISO-8601 grammar it replaces.
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {parseTimestamp} from './timestamp.js';

/** The grammar as a regular expression, with the same calendar and range checks. */
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-](\d{2}):(\d{2}))$/;
function reference(s: string): number {
  const m = ISO.exec(s);
  if (m === null) return NaN;
  const [y, mo, d, h, mi, sec] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i]));
  const last = new Date(Date.UTC(y!, mo!, 0)).getUTCDate();
  if (y! < 2000 || y! > 2100 || mo! < 1 || mo! > 12 || d! < 1 || d! > last || h! > 23 || mi! > 59 || sec! > 59) return NaN;
  let offset = 0;
  if (m[8] !== 'Z') {
    if (Number(m[9]) > 23 || Number(m[10]) > 59) return NaN;
    offset = (m[8]![0] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10])) * 60_000;
  }
  const ms = m[7] === undefined ? 0 : Number(`${m[7]}00`.slice(0, 3));
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, sec!, ms) - offset;
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');
/** Near-valid timestamps: every field at or past its bounds, optional fraction and offset, edits. */
const stamp = fc
  .record({
    y: fc.integer({min: 1990, max: 2110}),
    mo: fc.integer({min: 0, max: 13}),
    d: fc.integer({min: 0, max: 32}),
    h: fc.integer({min: 0, max: 25}),
    mi: fc.integer({min: 0, max: 61}),
    s: fc.integer({min: 0, max: 61}),
    frac: fc.option(fc.stringMatching(/^\d{0,11}$/)),
    zone: fc.oneof(fc.constant('Z'), fc.constant(''), fc.constant('z'), fc.tuple(fc.constantFrom('+', '-'), fc.integer({min: 0, max: 25}), fc.integer({min: 0, max: 61})).map(([sg, a, b]) => `${sg}${pad(a, 2)}:${pad(b, 2)}`)),
    edit: fc.option(fc.tuple(fc.nat(30), fc.constantFrom('', ' ', 'x', '1', '-', ':', 'T', '\u0660'))),
  })
  .map(({y, mo, d, h, mi, s, frac, zone, edit}) => {
    const text = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${frac === null ? '' : `.${frac}`}${zone}`;
    if (edit === null) return text;
    const at = edit[0] % (text.length + 1);
    return text.slice(0, at) + edit[1] + text.slice(at + 1);
  });

describe('parseTimestamp', () => {
  it('gives what the strict grammar gives, valid or not', () => {
    fc.assert(
      fc.property(stamp, (s) => {
        expect({s, t: parseTimestamp(s)}).toEqual({s, t: reference(s)});
      }),
      {numRuns: 20_000},
    );
  });
});
