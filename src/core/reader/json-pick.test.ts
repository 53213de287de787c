// The picker must agree with JSON.parse on every input: the same lines rejected, and for the
// accepted ones the same kept values (differential tests against the built-in parser).
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {INVALID, LINE_SHAPE, pickJson, type Shape} from './json-pick.js';

/** What the picker should return for a value JSON.parse gave: the shape's keys only, arrays empty. */
function project(v: unknown, shape: Shape = LINE_SHAPE): unknown {
  if (Array.isArray(v)) return [];
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (Object.hasOwn(shape, k)) out[k] = project(x, shape[k]);
  return out;
}

const KEYS = ['type', 'isSidechain', 'timestamp', 'requestId', 'sessionId', 'isApiErrorMessage', 'message', 'data', 'id', 'model', 'usage', 'input_tokens', 'output_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens', 'cache_creation', 'ephemeral_5m_input_tokens', 'ephemeral_1h_input_tokens', 'speed'];

function reference(text: string): unknown {
  try {
    return project(JSON.parse(text));
  } catch {
    return INVALID;
  }
}

const pick = (text: string): unknown => pickJson(Buffer.from(text, 'utf8'));
/** Lines arrive as bytes: compare with JSON.parse of the same bytes decoded (lone surrogates become U+FFFD). */
const asRead = (text: string): string => Buffer.from(text, 'utf8').toString('utf8');

// Keys mostly from the kept set (so values are kept and compared), some not.
const key = fc.oneof(fc.constantFrom(...KEYS), fc.constantFrom('content', 'uuid', 'cwd', '__proto__', 'typ', 'types'), fc.string());
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    {depthSize: 'small'},
    fc.string({unit: 'binary'}),
    fc.integer(),
    fc.double({noNaN: true, noDefaultInfinity: true}),
    fc.boolean(),
    fc.constant(null),
    tie('object'),
    fc.array(tie('value'), {maxLength: 4}),
  ),
  object: fc.dictionary(key, tie('value'), {maxKeys: 6}),
}));

/** Objects along the kept shape (message, usage, split, data.message), with stray keys and values. */
function alongShape(shape: Shape, depth: number): fc.Arbitrary<unknown> {
  const keys = Object.keys(shape);
  if (depth === 0 || keys.length === 0) return json.value;
  const entries = keys.map((k) => fc.tuple(fc.constant(k), fc.oneof(alongShape(shape[k]!, depth - 1), json.value)));
  return fc.tuple(fc.subarray(entries.map((e) => e)), json.object).chain(([picked, extra]) =>
    fc.tuple(...picked).map((kv) => ({...extra, ...Object.fromEntries(kv as [string, unknown][])})),
  );
}

/** Small edits that often break JSON: the picker must reject exactly what JSON.parse rejects. */
const mutated = fc.tuple(json.object, fc.nat(), fc.constantFrom('', '"', '\\', '{', '}', '[', ']', ',', ':', '0', '-', '.', 'e', ' ', '\u0001', '\\u12', '\\x', 'tru', 'nul', '01', '1.', '-0', '1e', '\ud800')).map(([v, at, edit]) => {
  const text = JSON.stringify(v);
  const i = at % (text.length + 1);
  return at % 3 === 0 ? text.slice(0, i) + edit + text.slice(i) : at % 3 === 1 ? text.slice(0, i) + edit + text.slice(i + 1) : text.slice(0, i);
});

describe('pickJson', () => {
  it('keeps what JSON.parse gives for the kept keys, on any valid JSON', () => {
    fc.assert(
      fc.property(json.value, (v) => {
        const text = JSON.stringify(v);
        expect(pick(text)).toEqual(reference(asRead(text)));
      }),
      {numRuns: 3000},
    );
  });

  it('keeps what JSON.parse gives along the whole kept shape', () => {
    fc.assert(
      fc.property(alongShape(LINE_SHAPE, 5), (v) => {
        const text = JSON.stringify(v);
        expect(pick(text)).toEqual(reference(asRead(text)));
      }),
      {numRuns: 1500},
    );
  });

  it('rejects exactly the texts JSON.parse rejects', () => {
    fc.assert(
      fc.property(mutated, (text) => {
        const got = pick(text);
        const want = reference(asRead(text));
        expect(got === INVALID).toBe(want === INVALID);
        if (want !== INVALID) expect(got).toEqual(want);
      }),
      {numRuns: 5000},
    );
  });

  it.each([
    ['duplicate keys: the last wins', '{"type":"user","type":"assistant"}', {type: 'assistant'}],
    ['escaped key and value', '{"typ\\u0065":"a\\"b\\u00e9"}', {type: 'a"bé'}],
    ['non-ASCII value', '{"message":{"model":"clαude"}}', {message: {model: 'clαude'}}],
    [
      'numbers as JSON reads them',
      '{"message":{"usage":{"input_tokens":1.0,"output_tokens":-0,"speed":1e3},"id":12345678901234567000}}',
      {message: {usage: {input_tokens: 1, output_tokens: -0, speed: 1000}, id: 12345678901234567000}},
    ],
    ['whitespace everywhere', ' { "message" : { "usage" : { "input_tokens" : 3 } } , "x" : [ 1 , { } ] } ', {message: {usage: {input_tokens: 3}}}],
    ['keys only where usage rules read them', '{"id":1,"usage":{},"message":{"type":"message","usage":{"id":2}},"data":{"message":{"message":{"model":"m"},"type":"t"}}}', {message: {usage: {}}, data: {message: {message: {model: 'm'}, type: 't'}}}],
    ['an array under a kept key stays an array', '{"message":[{"usage":{}}]}', {message: []}],
  ])('%s', (_name, text, want) => {
    expect(pick(text)).toEqual(want);
    expect(reference(text)).toEqual(want);
  });

  it.each([
    ['raw control character in a string', '{"a":"x\u0001"}'],
    ['bad escape', '{"a":"\\x"}'],
    ['short \\u escape', '{"a":"\\u12"}'],
    ['leading zero', '{"a":01}'],
    ['trailing comma', '{"a":1,}'],
    ['cut line', '{"a":{"b":1}'],
    ['two values', '{} {}'],
    ['bare word', '{"a":tru}'],
  ])('rejects a %s', (_name, text) => {
    expect(pick(text)).toBe(INVALID);
    expect(reference(text)).toBe(INVALID);
  });

  it('reads only its range: bytes after the end never complete a cut value nor extend one', () => {
    const buf = Buffer.from('{"usage":{"input_tokens":12}}');
    expect(pickJson(buf, 0, buf.length - 1)).toBe(INVALID);
    expect(pickJson(buf, 0, buf.length - 3)).toBe(INVALID);
    const num = Buffer.from('12.5e3');
    expect([pickJson(num, 0, 1), pickJson(num, 0, 2), pickJson(num, 0, 3), pickJson(num, 0, 4)]).toEqual([1, 12, INVALID, 12.5]);
  });

  it('nesting deeper than the stack is left to JSON.parse', () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const got = pick(`{"message":${deep},"type":"x"}`) as {message: unknown; type: string};
    expect(Array.isArray(got.message)).toBe(true);
    expect(got.type).toBe('x');
    expect(pick(`{"message":${deep}`)).toBe(INVALID);
  });
});
