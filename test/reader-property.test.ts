// Property tests: whatever bytes a transcript holds, the reader never throws, good responses are
// all counted, and bad lines are skipped and counted, never turned into usage.
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import fc from 'fast-check';
import {afterAll, describe, expect, it} from 'vitest';
import {newFileMeta, scanBlock} from '../src/core/reader/line-scan.js';
import {usageOf} from '../src/core/reader/parse-line.js';
import {loadUsage} from '../src/core/usage.js';

const tmp = mkdtempSync(join(tmpdir(), 'aura-prop-'));
afterAll(() => rmSync(tmp, {recursive: true, force: true}));

interface Good {
  line: string;
  input: number;
  output: number;
}

const good = (n: number, input: number, output: number): Good => ({
  input,
  output,
  line: JSON.stringify({
    parentUuid: null,
    isSidechain: false,
    cwd: '/home/u/app',
    sessionId: 's1',
    version: '2.1.90',
    message: {model: 'claude-opus-4-6', id: `msg_${n}`, type: 'message', role: 'assistant', content: [{type: 'text', text: 'x'.repeat(n % 50)}], stop_reason: 'end_turn', usage: {input_tokens: input, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: output}},
    requestId: `req_${n}`,
    type: 'assistant',
    uuid: `u${n}`,
    timestamp: new Date(Date.UTC(2026, 5, 1) + n * 1000).toISOString(),
  }),
});

/** Lines that are certainly malformed, and how each is broken. */
const certainlyBad = fc.oneof(
  fc.constant(''),
  fc.constant('   '),
  fc.json().filter((j) => !j.trimStart().startsWith('{')),
  // A usage line cut after its usage started: never valid JSON.
  fc.integer({min: 0, max: 10_000}).chain((n) => {
    const line = good(n, 1, 1).line;
    const at = line.indexOf('"usage"') + 7;
    return fc.integer({min: at, max: line.length - 1}).map((cut) => line.slice(0, cut));
  }),
  // Bad types in the usage.
  fc.constantFrom('"12"', '-5', '1.5', 'true', '[]', '{}', '1e300').map((v) => good(1, 1, 1).line.replace('"output_tokens":1', `"output_tokens":${v}`)),
  fc.constant(good(1, 1, 1).line.replace(/"timestamp":"[^"]*"/, '"timestamp":"yesterday"')),
);

/** Arbitrary text: maybe malformed (a cut that ends in `}` before any usage is indistinguishable from a valid line without usage). */
const maybeBad = fc.oneof(
  fc.string({unit: 'binary', maxLength: 200}).map((s) => s.replace(/[\r\n]/g, ' ')),
  fc.integer({min: 0, max: 10_000}).chain((n) => {
    const line = good(n, 1, 1).line;
    return fc.integer({min: 1, max: line.indexOf('"usage"')}).map((cut) => line.slice(0, cut));
  }),
);

describe('reader on garbage', () => {
  it('parse-line never throws on any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        usageOf(v);
      }),
      {numRuns: 500},
    );
  });

  it('scanBlock never throws on any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({maxLength: 2000}), (bytes) => {
        const meta = newFileMeta();
        scanBlock(Buffer.from(bytes), meta, () => {});
        expect(meta.skippedLines).toBeGreaterThanOrEqual(0);
      }),
      {numRuns: 300},
    );
  });

  it('counts every good response and skips every bad line', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({min: 0, max: 5000}), fc.integer({min: 0, max: 5000})), {maxLength: 20}),
        fc.array(certainlyBad, {maxLength: 12}),
        fc.array(maybeBad, {maxLength: 6}),
        fc.integer(),
        async (counts, bad, maybe, seed) => {
          const goods = counts.map(([i, o], n) => good(n, i, o));
          // Shuffle deterministically from the seed.
          const lines = [...goods.map((g) => g.line), ...bad, ...maybe].map((l, i) => ({l, k: Math.imul(i + 1, seed | 1) >>> 0}));
          lines.sort((a, b) => a.k - b.k);
          const dir = join(tmp, `run${run++}`);
          mkdirSync(join(dir, 'projects', 'p'), {recursive: true});
          writeFileSync(join(dir, 'projects', 'p', 's1.jsonl'), lines.map((x) => `${x.l}\n`).join(''));
          const ds = await loadUsage({claudeDirs: [dir], env: {HOME: tmp}, cacheDir: null});
          expect(ds.records).toHaveLength(goods.length);
          expect(ds.records.reduce((a, r) => a + r.tokens.inputTokens, 0)).toBe(goods.reduce((a, g) => a + g.input, 0));
          expect(ds.records.reduce((a, r) => a + r.tokens.outputTokens, 0)).toBe(goods.reduce((a, g) => a + g.output, 0));
          expect(ds.diagnostics.skippedLines).toBeGreaterThanOrEqual(bad.length);
          expect(ds.diagnostics.skippedLines).toBeLessThanOrEqual(bad.length + maybe.length);
        },
      ),
      {numRuns: 60},
    );
  });
});
