// The persisted usage index on real files: a restart reads only what was appended, a truncated or
// replaced file is re-read, a deleted file's history stays, a corrupt index is rebuilt.
import {appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, truncateSync, unlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, relative} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {generateCorpus} from '../fixtures/generate.js';
import {indexPath} from '../src/adapters/index-store.js';
import {plainRecord} from '../src/core/reader/record-view.js';
import {systemTimeZone} from '../src/adapters/system-zone.js';
import {localDay} from '../src/core/time.js';
import type {UsageDataset} from '../src/core/types.js';
import {loadUsage, resolveClaudeRoots, UsageIndex, type LoadProgress} from '../src/core/usage.js';

const NOW = Date.parse('2026-11-20T12:00:00Z');

let tmp: string;
let claude: string;
let cache: string;

function sums(ds: UsageDataset): {records: number; input: number; output: number; cacheCreation: number; cacheRead: number} {
  const s = {records: ds.records.length, input: 0, output: 0, cacheCreation: 0, cacheRead: 0};
  for (const r of ds.records) {
    s.input += r.tokens.inputTokens;
    s.output += r.tokens.outputTokens;
    s.cacheCreation += r.tokens.cacheCreationTokens;
    s.cacheRead += r.tokens.cacheReadTokens;
  }
  return s;
}

/** A complete assistant line with its own ids. */
function responseLine(n: number, output: number, at = NOW): string {
  return JSON.stringify({
    parentUuid: null,
    isSidechain: false,
    userType: 'external',
    cwd: '/home/dev/work/aura-demo',
    sessionId: 'appended',
    version: '2.1.90',
    message: {model: 'claude-sonnet-4-5-20250929', id: `msg_appended_${n}`, type: 'message', role: 'assistant', content: [{type: 'text', text: 'ok'}], stop_reason: 'end_turn', stop_sequence: null, usage: {input_tokens: 7, cache_creation_input_tokens: 0, cache_read_input_tokens: 100, output_tokens: output}},
    requestId: `req_appended_${n}`,
    type: 'assistant',
    uuid: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    timestamp: new Date(at).toISOString(),
  });
}

const mainFiles = (): string[] =>
  readdirSync(join(claude, 'projects'), {recursive: true, encoding: 'utf8'})
    .filter((p) => p.endsWith('.jsonl') && !p.includes('subagents') && !p.split('/').pop()!.startsWith('agent-'))
    .map((p) => join(claude, 'projects', p))
    .sort();

async function open(): Promise<UsageIndex> {
  const idx = await UsageIndex.open({roots: resolveClaudeRoots([claude], {HOME: tmp}), cacheDir: cache});
  idx.workers = 'never';
  return idx;
}

/** What a fresh read with no index says about the files as they are now. */
const fresh = async (): Promise<UsageDataset> => loadUsage({claudeDirs: [claude], env: {HOME: tmp}, cacheDir: null});

beforeEach(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'aura-index-'));
  claude = join(tmp, 'claude');
  cache = join(tmp, 'cache');
  await generateCorpus(claude, {seed: 11, sessions: 6, days: 10, now: NOW});
});
afterEach(() => rmSync(tmp, {recursive: true, force: true}));

describe('usage index', () => {
  it('reads everything once, then nothing when nothing changed', async () => {
    const first = await (await open()).refresh();
    expect(first.records.length).toBeGreaterThan(20);
    expect(existsSync(indexPath(cache, [join(claude, 'projects')]))).toBe(true);
    const idx = await open();
    const again = await idx.refresh();
    expect(idx.lastBytesRead).toBe(0);
    expect(sums(again)).toEqual(sums(first));
    expect(again.sessions).toEqual(first.sessions);
    expect(again.records.map(plainRecord)).toEqual(first.records.map(plainRecord));
  });

  it('after an append, reads only the appended bytes', async () => {
    const before = sums(await (await open()).refresh());
    const line = `${responseLine(1, 321)}\n`;
    appendFileSync(mainFiles()[0]!, line);
    const idx = await open();
    const seen: LoadProgress[] = [];
    const after = sums(await idx.refresh((p) => seen.push(p)));
    expect(idx.lastBytesRead).toBe(Buffer.byteLength(line));
    expect(seen.at(-1)).toEqual({filesDone: 1, filesTotal: 1, bytesDone: Buffer.byteLength(line), bytesTotal: Buffer.byteLength(line)});
    expect(after).toEqual({...before, records: before.records + 1, input: before.input + 7, output: before.output + 321, cacheRead: before.cacheRead + 100});
    expect(after).toEqual(sums(await fresh()));
  });

  it('does not rewrite the index for a small append: the next start reads it again', async () => {
    await (await open()).refresh();
    const path = indexPath(cache, [join(claude, 'projects')]);
    const saved = readFileSync(path);
    const line = `${responseLine(4, 40)}\n`;
    appendFileSync(mainFiles()[0]!, line);
    for (let run = 0; run < 2; run++) {
      const idx = await open();
      const ds = await idx.refresh();
      expect(idx.lastBytesRead).toBe(Buffer.byteLength(line));
      expect(sums(ds)).toEqual(sums(await fresh()));
      expect(readFileSync(path).equals(saved)).toBe(true);
    }
  });

  it('waits for a partial last line, and counts a finished unterminated one exactly once', async () => {
    const before = sums(await (await open()).refresh());
    const file = mainFiles()[1]!;
    const line = responseLine(2, 50);
    appendFileSync(file, line.slice(0, 100));
    let idx = await open();
    expect(sums(await idx.refresh())).toEqual(before);
    appendFileSync(file, line.slice(100));
    idx = await open();
    const done = sums(await idx.refresh());
    expect(done.records).toBe(before.records + 1);
    expect(done.output).toBe(before.output + 50);
    // The newline arrives later, then another response: nothing is counted twice.
    appendFileSync(file, `\n${responseLine(3, 60)}\n`);
    idx = await open();
    const later = await idx.refresh();
    expect(sums(later).output).toBe(before.output + 110);
    expect(later.diagnostics.skippedLines).toBe((await fresh()).diagnostics.skippedLines);
    expect(sums(later)).toEqual(sums(await fresh()));
  });

  it('re-reads a truncated file', async () => {
    await (await open()).refresh();
    const file = mainFiles()[2]!;
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    truncateSync(file, 0);
    writeFileSync(file, `${lines.slice(0, Math.floor(lines.length / 3)).join('\n')}\n`);
    const idx = await open();
    const ds = await idx.refresh();
    expect(ds.diagnostics.notices.some((n) => n.includes('truncated or replaced'))).toBe(true);
    expect(sums(ds)).toEqual(sums(await fresh()));
  });

  it('re-reads a replaced file (new inode)', async () => {
    await (await open()).refresh();
    const file = mainFiles()[3]!;
    const ino = statSync(file).ino;
    const other = readFileSync(mainFiles()[4]!, 'utf8').replaceAll('msg_01', 'msg_XX').replaceAll('req_011C', 'req_XXXX');
    writeFileSync(`${file}.new`, other);
    renameSync(`${file}.new`, file);
    expect(statSync(file).ino).not.toBe(ino);
    const ds = await (await open()).refresh();
    expect(sums(ds)).toEqual(sums(await fresh()));
  });

  it('keeps the records of a deleted file', async () => {
    const before = await (await open()).refresh();
    const file = mainFiles()[0]!;
    unlinkSync(file);
    const after = await (await open()).refresh();
    expect(sums(after)).toEqual(sums(before));
    const session = file.split('/').pop()!.replace(/\.jsonl$/, '');
    expect(after.records.some((r) => r.sessionId === session)).toBe(true);
    expect(sums(await fresh()).records).toBeLessThan(sums(before).records);
  });

  it('rebuilds a corrupt or old-format index with a notice', async () => {
    const good = sums(await (await open()).refresh());
    const path = indexPath(cache, [join(claude, 'projects')]);
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length >> 1));
    let ds = await (await open()).refresh();
    expect(ds.diagnostics.notices.some((n) => n.includes('corrupt'))).toBe(true);
    expect(sums(ds)).toEqual(good);
    const old = Buffer.from(readFileSync(path));
    old[7] = 0;
    writeFileSync(path, old);
    ds = await (await open()).refresh();
    expect(ds.diagnostics.notices.some((n) => n.includes('older aura') && n.includes('format 0'))).toBe(true);
    expect(sums(ds)).toEqual(good);
    writeFileSync(path, 'not an index at all');
    ds = await (await open()).refresh();
    expect(ds.diagnostics.notices.some((n) => n.includes('rebuilt'))).toBe(true);
    expect(sums(ds)).toEqual(good);
  });

  it('runs overlapping refreshes one after another', async () => {
    const idx = await open();
    const [a, b] = await Promise.all([idx.refresh(), idx.refresh()]);
    const want = sums(await fresh());
    expect(sums(a)).toEqual(want);
    expect(sums(b)).toEqual(want);
    expect(b.diagnostics.duplicatesDropped).toBe(a.diagnostics.duplicatesDropped);
  });

  it('writes today.json for the statusline', async () => {
    const now = Date.now();
    appendFileSync(mainFiles()[0]!, `${responseLine(9, 1000, now)}\n`);
    const ds = await (await open()).refresh();
    const today = JSON.parse(readFileSync(join(cache, 'today.json'), 'utf8')) as {date: string; tokens: number; costUSD: number | null; updatedAt: number};
    const tz = systemTimeZone();
    const want = ds.records.filter((r) => localDay(r.timestamp, tz) === localDay(now, tz)).reduce((a, r) => a + r.tokens.inputTokens + r.tokens.outputTokens, 0);
    expect(today.date).toBe(localDay(now, tz));
    expect(today.tokens).toBe(want);
    expect(today.tokens).toBeGreaterThanOrEqual(1007);
    expect(today.costUSD).toBeGreaterThan(0);
    expect(today.updatedAt).toBeGreaterThanOrEqual(now);
  });

  it('never writes inside the Claude directory', async () => {
    const list = (): string[] => readdirSync(claude, {recursive: true, encoding: 'utf8'}).map((p) => relative(claude, join(claude, p))).sort();
    const before = list();
    await (await open()).refresh();
    appendFileSync(mainFiles()[0]!, `${responseLine(5, 5)}\n`);
    await (await open()).refresh();
    expect(list()).toEqual(before);
    expect(readdirSync(cache).sort()).toEqual(['today.json', indexPath(cache, [join(claude, 'projects')]).split('/').pop()!].sort());
  });

  it('a dataset keeps its sessions and projects when the index reads on before they are first used', async () => {
    const idx = await open();
    const first = await idx.refresh();
    // What the same data says when its sessions are used at once (another index over the same files).
    const same = await (await open()).refresh();
    const want = {sessions: same.sessions, projects: same.records.map((r) => r.project)};
    // A new session and a truncated transcript, read before `first`'s sessions are ever used.
    const dir = join(claude, 'projects', 'new-slug');
    mkdirSync(dir, {recursive: true});
    writeFileSync(join(dir, 'brand-new.jsonl'), `${responseLine(1, 5)}\n`);
    truncateSync(mainFiles()[0]!, 10);
    await idx.refresh();
    expect(first.sessions).toEqual(want.sessions);
    expect(first.records.map((r) => r.project)).toEqual(want.projects);
  });

  it('an id with a lone surrogate still merges after a restart (stored ids round-trip)', async () => {
    const dir = join(claude, 'projects', 'odd-ids');
    mkdirSync(dir, {recursive: true});
    const file = join(dir, 'odd-session.jsonl');
    // The JSON text holds the escape; the id is the same string on every line.
    const line = (output: number) => responseLine(1, output).replace('"msg_appended_1"', '"msg_\\ud800x"');
    writeFileSync(file, `${line(10)}\n`);
    await (await open()).refresh();
    appendFileSync(file, `${line(50)}\n`);
    const again = await (await open()).refresh();
    expect(sums(again)).toEqual(sums(await fresh()));
  });
});
