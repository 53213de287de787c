// The native scanner (native/scan.c) against the JavaScript reader it stands in for, file by file:
// the same offsets, FileMeta and merged usage copies, on every shared case and real transcript,
// on a generated corpus, and on files of random and hostile lines (fast-check), read whole and in
// two parts. Where it hands a file back (null), the JavaScript reader reads it: that is allowed,
// but must stay rare. Skipped, with the reason, when the scanner is not built here;
// AURA_REQUIRE_NATIVE=1 (CI) makes that a failure.
import {appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import fc from 'fast-check';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {generateCorpus} from '../fixtures/generate.js';
import {scanFile, unpackCopies, type ScanJob, type ScanResult} from '../src/adapters/fs-read.js';
import {hasNativeScanner, scanFileNative, scanFilesNative} from '../src/adapters/native-scan.js';
import {newFileMeta, type FileMeta} from '../src/core/reader/index-model.js';
import {CASES_DIR, hasCases, hasReal, REAL_DIR} from './helpers/shared.js';

const built = hasNativeScanner();
if (!built && process.env.AURA_REQUIRE_NATIVE === '1') throw new Error('the native scanner is not built (npm run build:native)');
const suite = built ? describe : describe.skip;

const tmp = mkdtempSync(join(tmpdir(), 'aura-native-'));
let heads = 0;
afterAll(() => rmSync(tmp, {recursive: true, force: true}));

const jsonlUnder = (dir: string): string[] =>
  readdirSync(dir, {recursive: true, encoding: 'utf8'})
    .filter((p) => p.endsWith('.jsonl'))
    .map((p) => join(dir, p))
    .sort();

/** Everything a read gives back, in plain values (ids as text, and the hashes the dedupe indexes them by). */
function plain(r: ScanResult) {
  const copies: unknown[] = [];
  unpackCopies(r.copies, (occ, mid, rid) => {
    const text = (q: typeof mid) => (q === null ? null : Buffer.from(q.bytes.subarray(q.from, q.from + q.len)).toString('utf8'));
    copies.push({...occ, tokens: {...occ.tokens}, messageId: text(mid), requestId: text(rid), hashes: [mid?.hash, rid?.hash]});
  });
  return {offset: r.offset, pendingNewline: r.pendingNewline, bytesRead: r.bytesRead, meta: r.meta, copyCount: r.copyCount, copies, error: r.error};
}

const job = (path: string, offset = 0, pendingNewline = false, meta: FileMeta = newFileMeta()): ScanJob => ({file: 0, path, offset, pendingNewline, meta});

/** Reads `j` both ways (each on its own copy of the meta); the native result is null when handed back. */
async function both(j: ScanJob) {
  const js = scanFile({...j, meta: {...j.meta}});
  const native = await scanFileNative({...j, meta: {...j.meta}});
  return {js, native};
}

/** Both ways agree on `path` read whole, and read in two parts cut after line `cut`; returns how often the native side handed back. */
async function agree(path: string, cut?: number): Promise<{reads: number; handedBack: number}> {
  let reads = 0;
  let handedBack = 0;
  const check = async (j: ScanJob): Promise<void> => {
    const {js, native} = await both(j);
    reads++;
    if (native === null) handedBack++;
    else expect(plain(native), `${path} from ${j.offset}`).toEqual(plain(js));
  };
  await check(job(path));
  if (cut !== undefined && cut > 0) {
    // A second read from a line boundary inside the file, with what a first read learned.
    const content = readFileSync(path);
    let at = 0;
    for (let k = 0; k < cut && at !== -1; k++) at = content.indexOf(10, at) + 1 || -1;
    if (at > 0) {
      const head = join(tmp, `head-${heads++}.jsonl`);
      writeFileSync(head, content.subarray(0, at));
      const first = scanFile(job(head));
      await check(job(path, first.offset, first.pendingNewline, first.meta));
    }
  }
  return {reads, handedBack};
}

suite('native scanner', () => {
  /** agree() on every transcript under `dir`, each cut after line `cut` too. */
  async function agreeUnder(dir: string, cut: number): Promise<{reads: number; handedBack: number}> {
    const total = {reads: 0, handedBack: 0};
    for (const f of jsonlUnder(dir)) {
      const r = await agree(f, cut);
      total.reads += r.reads;
      total.handedBack += r.handedBack;
    }
    return total;
  }

  it.runIf(hasCases)('agrees with the JavaScript reader on every shared case', async () => {
    const {reads, handedBack} = await agreeUnder(CASES_DIR, 2);
    expect(reads).toBeGreaterThan(20);
    expect(handedBack).toBeLessThan(reads / 4);
  });

  it.runIf(hasReal)('agrees with the JavaScript reader on every real transcript', async () => {
    const {reads, handedBack} = await agreeUnder(REAL_DIR, 5);
    expect(reads).toBeGreaterThan(40);
    expect(handedBack).toBeLessThan(reads / 10);
  });

  describe('on a generated corpus', () => {
    const corpus = join(tmp, 'corpus');
    beforeAll(async () => {
      await generateCorpus(corpus, {seed: 11, sessions: 12, days: 6, now: Date.parse('2026-11-20T12:00:00Z')});
    });
    it('agrees file by file, and reads every file itself', async () => {
      const files = jsonlUnder(corpus);
      expect(files.length).toBeGreaterThan(10);
      let copies = 0;
      for (const f of files) {
        const {js, native} = await both(job(f));
        expect(native, f).not.toBeNull();
        expect(plain(native!), f).toEqual(plain(js));
        copies += js.copyCount;
      }
      expect(copies).toBeGreaterThan(100);
    });
  });

  it('a missing file is handed back (the JavaScript reader reports the error), alone or in a batch', async () => {
    expect(await scanFileNative(job(join(tmp, 'nope.jsonl')))).toBeNull();
    const files = jsonlUnder(join(tmp, 'corpus')).slice(0, 2);
    const batch = [job(files[0]!), job(join(tmp, 'nope.jsonl')), job(files[1]!)];
    const results = await scanFilesNative(batch);
    expect(results[1]).toBeNull();
    for (const k of [0, 2]) expect(plain(results[k]!)).toEqual(plain(scanFile(job(batch[k]!.path))));
  });
});

// ---- random and hostile lines ----------------------------------------------------------------

const base = (n: number) => ({
  parentUuid: null,
  isSidechain: n % 7 === 0,
  userType: 'external',
  cwd: '/home/u/app',
  sessionId: 's1',
  version: '2.1.90',
  message: {
    model: ['claude-opus-4-6', 'claude-sonnet-4-5-20250929', '<synthetic>', ''][n % 4],
    id: `msg_${n % 13}`,
    type: 'message',
    role: 'assistant',
    content: [{type: 'text', text: 'x'.repeat(n % 40)}],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: {input_tokens: n % 5, cache_creation_input_tokens: n % 3, cache_read_input_tokens: n % 11, output_tokens: n, cache_creation: {ephemeral_5m_input_tokens: n % 2, ephemeral_1h_input_tokens: n % 3}},
  },
  requestId: `req_${n % 17}`,
  type: 'assistant',
  uuid: `u${n}`,
  timestamp: new Date(Date.UTC(2026, 5, 1) + n * 1000).toISOString(),
});

/** Text edits that change what a line means, or only how it is written. */
const EDITS: ((line: string, n: number) => string)[] = [
  (l) => l,
  (l) => l.replace('"requestId":"req_', '"requestId":"r\\u0065q_'),
  (l) => l.replace('"id":"msg_', '"id":"m\\"sg_'),
  (l) => l.replace('"model":"', '"model":"\\u001b]0;'),
  (l) => l.replace(/"output_tokens":(\d+)/, '"output_tokens":$1.0'),
  (l) => l.replace(/"output_tokens":(\d+)/, '"output_tokens":1e3'),
  (l) => l.replace(/"input_tokens":(\d+)/, '"input_tokens":-0'),
  (l) => l.replace(/"input_tokens":(\d+)/, '"input_tokens":4294967296'),
  (l) => l.replace(/"input_tokens":(\d+)/, '"input_tokens":"7"'),
  (l) => l.replace(/"input_tokens":(\d+)/, '"input_tokens":null'),
  (l) => l.replace('"usage":{', '"usage":{"output_tokens":99999,'),
  (l) => l.replace('"usage":{', '"usage":null,"usage":{'),
  (l) => l.replace(/,"usage":\{.*?\}\}/, ',"usage":[]'),
  (l) => l.replace('"type":"assistant"', '"type":"assistant","type":"user"'),
  (l) => l.replace('"type":"assistant"', '"typ\\u0065":"assistant"'),
  (l) => l.replace('"type":"assistant"', '"type":"assist\\u0061nt"'),
  (l) => l.replace(/"timestamp":"[^"]*"/, '"timestamp":"2026-06-01T00:00:00\\u002e5Z"'),
  (l) => l.replace(/"timestamp":"[^"]*"/, '"timestamp":"2026-02-30T00:00:00Z"'),
  (l) => l.replace(/"timestamp":"[^"]*"/, '"timestamp":"2026-06-01T01:02:03.123456789+05:30"'),
  (l) => l.replace(/"timestamp":"[^"]*"/, '"timestamp":1780000000000'),
  (l) => l.replace(/"requestId":"[^"]*"/, '"requestId":null'),
  (l) => l.replace(/"requestId":"[^"]*"/, '"requestId":7'),
  (l) => l.replace(/"requestId":"[^"]*",?/, ''),
  (l) => l.replace(/"id":"msg_[^"]*"/, '"id":""'),
  (l) => l.replace(/"id":"msg_/, '"id":"msg_é'),
  (l) => l.replace(/"id":"msg_[^"]*"/, '"id":["a"]'),
  (l) => l.replace('"isSidechain":false', '"isSidechain":true'),
  (l) => l.replace('"message":{', '"isApiErrorMessage":true,"message":{'),
  (l) => l.replace('"cache_creation":{', '"cache_creation":{"ephemeral_1h_input_tokens":"x",'),
  (l) => l.replace('"cache_creation":{', '"cache_creation":null,"x":{'),
  (l) => l.replace(/,"cache_creation_input_tokens":\d+/, ''),
  (l) => l.replace('"usage":{', '"usage":{"speed":"fast",'),
  (l) => l.replace('"content":[', '"content":[{"deep":' + '['.repeat(300) + ']'.repeat(300) + '},'),
  (l) => l.replace('"content":[', '"content":[{"x":"],\\"stop_reason\\":"},'),
  (l) => l.replace('"uuid":', `"deep":${'['.repeat(300)}${']'.repeat(300)},"uuid":`),
  (l) => l.replace('],"stop_reason":', '],"usage":{"input_tokens":5},"stop_reason":'),
  (l) => l.replace('"cwd":"/home/u/app"', '"cwd":"/home/u/\\u00e4pp"'),
  (l) => l.replace('"cwd":"/home/u/app"', '"cwd":""'),
  (l) => l.replace('"sessionId":"s1"', '"sessionId":"s\\t1"'),
  (l) => `\ufeff${l}`,
  (l) => `  ${l} \r`,
  (l) => l.replace('{', '{ '),
  (l) => l.slice(0, -1),
  (l, n) => l.slice(0, n % l.length),
  (l) => `${l}x`,
  (l) => l.replace(':', '::'),
  (l) => l.replace('"usage"', '"usage" '),
  (l) => JSON.stringify({type: 'progress', timestamp: '2026-06-02T00:00:00Z', sessionId: 'parent', data: {message: JSON.parse(l.replace(/"sessionId":"s1",?/, ''))}}),
  (l) => JSON.stringify({type: 'progress', data: {message: {...JSON.parse(l), timestamp: undefined}}}),
  (l) => JSON.stringify({type: 'user', message: {role: 'user', content: [{type: 'tool_result', content: l}]}, toolUseResult: {usage: {input_tokens: 3}}}),
  () => JSON.stringify({type: 'user', message: {content: 'ultracode please'}}),
  (l) => l.replace('"text","text":"', '"tool_use","name":"Workflow","input":{"q":"'),
  () => '',
  () => '[1,2]',
  () => '{"type":"summary","summary":"x"}',
];

const fileLines = fc.array(
  fc.tuple(fc.nat(200), fc.nat(EDITS.length - 1), fc.nat(EDITS.length - 1)).map(([n, a, b]) => {
    let line = JSON.stringify(base(n));
    for (const e of [EDITS[a]!, EDITS[b]!]) {
      try {
        line = e(line, n);
      } catch {
        // an edit that needs valid JSON on a line another made invalid: keep the line as it is
      }
    }
    return line;
  }),
  {minLength: 1, maxLength: 40},
);

suite('native scanner on random and hostile lines', () => {
  it('agrees with the JavaScript reader, read whole and in two parts, with and without a last newline', async () => {
    let files = 0;
    let handedBack = 0;
    let reads = 0;
    await fc.assert(
      fc.asyncProperty(fileLines, fc.boolean(), fc.nat(40), async (lines, lastNewline, cut) => {
        const path = join(tmp, `prop-${files++}.jsonl`);
        writeFileSync(path, lines.join('\n') + (lastNewline ? '\n' : ''));
        const r = await agree(path, Math.min(cut, lines.length - 1));
        reads += r.reads;
        handedBack += r.handedBack;
        // More lines after a last line taken without its newline: both go on the same way.
        const js = scanFile(job(path));
        appendFileSync(path, `\n${JSON.stringify(base(cut))}\n`);
        const next = job(path, js.offset, js.pendingNewline, js.meta);
        const after = await both(next);
        reads++;
        if (after.native === null) handedBack++;
        else expect(plain(after.native)).toEqual(plain(after.js));
      }),
      {numRuns: 150},
    );
    // Hostile lines are common here (two edits per line): still, most files are read natively.
    expect(handedBack).toBeLessThan(reads * 0.6);
  });
});
