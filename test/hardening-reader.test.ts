// Hostile input to the reader and its persisted index, on real files: a corrupt or non-file index
// is rebuilt with a notice, never trusted; odd transcript content is counted or skipped, never
// shown raw or misdated.
import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {generateCorpus} from '../fixtures/generate.js';
import {indexPath} from '../src/adapters/index-store.js';
import type {UsageDataset} from '../src/core/types.js';
import {parseTimestamp} from '../src/core/reader/timestamp.js';
import {cleanText, hasUnsafeText} from '../src/core/text.js';
import {loadUsage} from '../src/core/usage.js';

const NOW = Date.parse('2026-11-20T12:00:00Z');

let tmp: string;
let claude: string;
let cache: string;

beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'aura-hardening-reader-'));
  claude = join(tmp, 'claude');
  cache = join(tmp, 'cache');
});
afterEach(() => rmSync(tmp, {recursive: true, force: true}));

const load = (cacheDir: string | null = cache): Promise<UsageDataset> => loadUsage({claudeDirs: [claude], env: {HOME: tmp}, cacheDir});

function totals(ds: UsageDataset): {records: number; input: number; output: number; cacheCreation: number; cacheRead: number; models: string[]} {
  const t = {records: ds.records.length, input: 0, output: 0, cacheCreation: 0, cacheRead: 0, models: [] as string[]};
  const models = new Set<string>();
  for (const r of ds.records) {
    t.input += r.tokens.inputTokens;
    t.output += r.tokens.outputTokens;
    t.cacheCreation += r.tokens.cacheCreationTokens;
    t.cacheRead += r.tokens.cacheReadTokens;
    models.add(r.model);
  }
  t.models = [...models].sort();
  return t;
}

/** An assistant line with usage, Claude Code's shape; `over` replaces or adds top-level fields. */
function assistant(n: number, over: Record<string, unknown> = {}, model = 'claude-sonnet-4-5-20250929'): string {
  return JSON.stringify({
    parentUuid: null,
    isSidechain: false,
    cwd: '/home/dev/work/app',
    sessionId: 'sess-1',
    message: {model, id: `msg_${n}`, type: 'message', role: 'assistant', content: [{type: 'text', text: 'ok'}], stop_reason: 'end_turn', stop_sequence: null, usage: {input_tokens: 10, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 100 + n}},
    requestId: `req_${n}`,
    type: 'assistant',
    uuid: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    timestamp: '2026-11-19T10:00:00.000Z',
    ...over,
  });
}

/** Writes one transcript `projects/<slug>/<name>` holding `text`; returns its path. */
function transcript(text: string | Buffer, name = 'sess-1.jsonl', slug = '-home-dev-work-app'): string {
  const dir = join(claude, 'projects', slug);
  mkdirSync(dir, {recursive: true});
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('timestamps', () => {
  const bad = ['1', '2026', '2026-02-30T00:00:00Z', 'Thu, 19 Nov 2026 10:00:00 GMT', '-271821-04-20T00:00:00Z', '0000-01-01T00:00:00Z', '2026-11-19 10:00:00Z', '2026-11-19T24:00:00Z', '2026-11-19T10:00:00', '1999-12-31T23:59:59Z', '2101-01-01T00:00:00Z'];

  it('only ISO-8601 date-times with a real date in 2000..2100 are accepted', () => {
    for (const s of bad) expect({s, t: parseTimestamp(s)}).toEqual({s, t: NaN});
    expect(parseTimestamp('2026-11-19T10:00:00.123Z')).toBe(Date.UTC(2026, 10, 19, 10, 0, 0, 123));
    expect(parseTimestamp('2026-11-19T10:00:00Z')).toBe(Date.UTC(2026, 10, 19, 10));
    expect(parseTimestamp('2026-11-19T10:00:00.5Z')).toBe(Date.UTC(2026, 10, 19, 10, 0, 0, 500));
    expect(parseTimestamp('2026-11-19T10:00:00.123456Z')).toBe(Date.UTC(2026, 10, 19, 10, 0, 0, 123));
    expect(parseTimestamp('2026-11-19T12:30:00+02:30')).toBe(Date.UTC(2026, 10, 19, 10));
    expect(parseTimestamp('2026-11-19T05:00:00-05:00')).toBe(Date.UTC(2026, 10, 19, 10));
    expect(parseTimestamp('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
    expect(parseTimestamp('2100-12-31T23:59:59Z')).toBe(Date.UTC(2100, 11, 31, 23, 59, 59));
  });

  it('usage lines with a lenient or out-of-range timestamp are skipped and counted; sessions keep their real start', async () => {
    const lines = [JSON.stringify({type: 'user', timestamp: '-271821-04-20T00:00:00Z', sessionId: 'sess-1', message: {role: 'user', content: 'hi'}})];
    bad.forEach((t, i) => lines.push(assistant(i + 1, {timestamp: t})));
    lines.push(assistant(99));
    transcript(`${lines.join('\n')}\n`);
    const ds = await load(null);
    // msg_N reports N + 100 output tokens.
    expect(ds.records.map((r) => [r.tokens.outputTokens, r.timestamp])).toEqual([[199, Date.UTC(2026, 10, 19, 10)]]);
    expect(ds.diagnostics.skippedLines).toBe(bad.length);
    expect(ds.sessions.map((s) => [s.id, s.start, s.end])).toEqual([['sess-1', Date.UTC(2026, 10, 19, 10), Date.UTC(2026, 10, 19, 10)]]);
  });
});

/** Every string in `v` (recursively), with where it was found. */
function strings(v: unknown, at: string, out: [string, string][] = []): [string, string][] {
  if (typeof v === 'string') out.push([at, v]);
  else if (Array.isArray(v)) v.forEach((x, i) => strings(x, `${at}[${i}]`, out));
  else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) strings(x, `${at}.${k}`, out);
  return out;
}

describe('untrusted text', () => {
  it('model ids, cwds, session and agent ids, folder names and notices reach the dataset without control or bidi characters', async () => {
    const evil = '\u001b]0;pwned\u0007\u001b[2J\n\u202e';
    const model = `claude-opus-4-5${evil}`;
    const session = `sess${evil}`;
    transcript(`${assistant(1, {cwd: `/home/dev/${evil}app`, sessionId: session}, model)}\n`, `${session}.jsonl`, `-home-dev${evil}`);
    // A flat sub-agent file names its parent session in its lines, and its own id in its name.
    transcript(`${assistant(2, {sessionId: `parent${evil}`, isSidechain: true, cwd: undefined}, model)}\n`, `agent-${evil}.jsonl`, `slug${evil}`);
    const ds = await loadUsage({claudeDirs: [claude, join(tmp, `missing${evil}`)], env: {HOME: tmp}, cacheDir: null});
    expect(ds.records.map((r) => [r.model, r.sessionId, r.project]).sort()).toEqual(
      [
        [cleanText(model), cleanText(session), cleanText(`/home/dev/${evil}app`)],
        [cleanText(model), cleanText(`parent${evil}`), cleanText(`slug${evil}`)],
      ].sort(),
    );
    expect(ds.diagnostics.notices.some((n) => n.includes(cleanText(`missing${evil}`)))).toBe(true);
    const shown = strings(ds, 'dataset');
    expect(shown.length).toBeGreaterThan(10);
    expect(shown.filter(([, s]) => hasUnsafeText(s))).toEqual([]);
  });
});

describe('line classification', () => {
  it('a line is classified by its parsed top-level type, not by the first "type" in its bytes', async () => {
    const nested = JSON.parse(assistant(1)) as Record<string, unknown>;
    // A nested object's "type":"user" comes first in the bytes; the line itself is an assistant line.
    const line = JSON.stringify({toolUseResult: {type: 'user'}, ...nested});
    expect(line.indexOf('"type":"user"')).toBeLessThan(line.indexOf('"type":"assistant"'));
    // A real user line carrying a Task result's usage still counts nothing.
    const user = JSON.stringify({type: 'user', sessionId: 'sess-1', timestamp: '2026-11-19T10:00:00.000Z', message: {role: 'user', content: [{type: 'tool_result', content: 'done'}]}, toolUseResult: {usage: {input_tokens: 5, output_tokens: 6}}});
    transcript(`${line}\n${user}\n${assistant(2)}\n`);
    const ds = await load(null);
    expect(ds.records.map((r) => r.tokens.outputTokens)).toEqual([101, 102]);
    expect(ds.diagnostics.skippedLines).toBe(0);
  });

  it('a UTF-8 byte order mark at the start of a transcript is ignored', async () => {
    transcript(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${assistant(1)}\n${assistant(2)}\n`)]));
    // One without a final newline: the finished last line is taken.
    transcript(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(assistant(3, {sessionId: 'sess-2'}))]), 'sess-2.jsonl');
    const ds = await load(null);
    expect(ds.records.map((r) => r.tokens.outputTokens).sort()).toEqual([101, 102, 103]);
    expect(ds.diagnostics.skippedLines).toBe(0);
  });
});

describe('persisted index', () => {
  it('a flipped byte anywhere in the index is caught: the index is rebuilt with a notice and the totals stay right', async () => {
    await generateCorpus(claude, {seed: 5, sessions: 5, days: 6, now: NOW});
    const expected = totals(await load(null));
    await load();
    const path = indexPath(cache, [join(claude, 'projects')]);
    const good = readFileSync(path);
    for (const at of [0, 9, 40, good.length >> 1, good.length - 100, good.length - 5, good.length - 1]) {
      const bad = Buffer.from(good);
      bad[at] = bad[at]! ^ 0x5a;
      writeFileSync(path, bad);
      const ds = await load();
      expect({at, ...totals(ds)}).toEqual({at, ...expected});
      expect(ds.records.every((r) => typeof r.model === 'string' && typeof r.sessionId === 'string')).toBe(true);
      expect(ds.diagnostics.notices.some((n) => n.startsWith('usage index was corrupt') && n.includes('rebuilt'))).toBe(true);
      // The rebuilt index is sound again: the next start trusts it silently.
      const again = await load();
      expect(again.diagnostics.notices).toEqual([]);
      expect(totals(again)).toEqual(expected);
    }
  });

  it('a FIFO or a device in place of the index never blocks: rebuilt with a notice', async () => {
    await generateCorpus(claude, {seed: 6, sessions: 3, days: 3, now: NOW});
    const expected = totals(await load(null));
    mkdirSync(cache, {recursive: true});
    const path = indexPath(cache, [join(claude, 'projects')]);
    execFileSync('mkfifo', [path]);
    const ds = await load();
    expect(totals(ds)).toEqual(expected);
    expect(ds.diagnostics.notices).toEqual([`usage index is not a regular file, rebuilding it: ${path}`]);
    // Saving replaced the FIFO with a real index.
    expect((await load()).diagnostics.notices).toEqual([]);
    unlinkSync(path);
    symlinkSync('/dev/zero', path);
    const dev = await load();
    expect(totals(dev)).toEqual(expected);
    expect(dev.diagnostics.notices).toEqual([`usage index is not a regular file, rebuilding it: ${path}`]);
  });
});

describe('both readers (JavaScript, and native where built) on odd files', () => {
  const readers = async () => {
    const {scanFile} = await import('../src/adapters/fs-read.js');
    const {hasNativeScanner, scanFileNative} = await import('../src/adapters/native-scan.js');
    const {newFileMeta} = await import('../src/core/reader/index-model.js');
    type Job = Parameters<typeof scanFile>[0];
    const job = (path: string, offset = 0, pendingNewline = false): Job => ({file: 0, path, offset, pendingNewline, meta: newFileMeta()});
    const list: [string, (j: Job) => Promise<ReturnType<typeof scanFile> | null>][] = [['js', async (j) => scanFile(j)]];
    if (hasNativeScanner()) list.push(['native', scanFileNative]);
    return {list, job};
  };

  it('a FIFO where a transcript was is refused at once, not waited on', async () => {
    const fifo = join(tmp, 'x.jsonl');
    execFileSync('mkfifo', [fifo]);
    const {list, job} = await readers();
    for (const [name, read] of list) {
      const r = await read(job(fifo));
      // The native scanner hands it back; the JavaScript reader reports it.
      if (r !== null) expect(r.error, name).toBe('not a regular file');
    }
  });

  it('a 64 MiB line still being written is counted once, when its newline arrives', async () => {
    const file = join(tmp, 'big.jsonl');
    writeFileSync(file, Buffer.alloc(64 << 20, 0x61));
    const {list, job} = await readers();
    for (const [name, read] of list) {
      const r = (await read(job(file)))!;
      expect([r.offset, r.meta.skippedLines], name).toEqual([0, 0]);
    }
    writeFileSync(file, '\n', {flag: 'a'});
    for (const [name, read] of list) {
      const r = (await read(job(file)))!;
      expect([r.offset, r.meta.skippedLines], name).toEqual([(64 << 20) + 1, 1]);
    }
  });
});
