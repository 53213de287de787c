// Loading the persisted index, natively (native/index.c: read and checked on libuv's pool) and in
// JavaScript (AURA_NATIVE=0): the same state from a sound index, and the same verdict, word for
// word, on every kind of damage a checksum cannot catch (values rewritten with the checksum
// made to match, by hand and at random) and on missing, foreign, truncated, oversized and
// non-file indexes. Native cases are skipped
// when the addon is not built here (AURA_REQUIRE_NATIVE=1 makes that a failure).
import {mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {crc32} from 'node:zlib';
import fc from 'fast-check';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {generateCorpus} from '../fixtures/generate.js';
import {indexPath, loadIndex, type LoadedIndex} from '../src/adapters/index-store.js';
import {hasNativeScanner, nativeIndexReader} from '../src/adapters/native-binding.js';
import {loadUsage} from '../src/core/usage.js';

const built = hasNativeScanner() && nativeIndexReader() !== null;
if (!built && process.env.AURA_REQUIRE_NATIVE === '1') throw new Error('the native index reader is not built (npm run build:native)');

const tmp = mkdtempSync(join(tmpdir(), 'aura-index-load-'));
const claude = join(tmp, 'claude');
const cache = join(tmp, 'cache');
const roots = [join(claude, 'projects')];
const path = indexPath(cache, roots);
let good: Buffer;

beforeAll(async () => {
  await generateCorpus(claude, {seed: 11, sessions: 6, days: 5, now: Date.parse('2026-11-20T12:00:00Z')});
  await loadUsage({claudeDirs: [claude], env: {HOME: tmp}, cacheDir: cache});
  good = readFileSync(path);
});
afterAll(() => rmSync(tmp, {recursive: true, force: true}));

/** loadIndex with the JavaScript reader only. */
async function loadJs(p: string): Promise<LoadedIndex> {
  const before = process.env.AURA_NATIVE;
  process.env.AURA_NATIVE = '0';
  try {
    return await loadIndex(p, roots);
  } finally {
    if (before === undefined) delete process.env.AURA_NATIVE;
    else process.env.AURA_NATIVE = before;
  }
}

/** Both loaders' notices for the file at `p` (the native one only where built); they must agree. */
async function notices(p: string): Promise<string | null> {
  const js = await loadJs(p);
  if (built) {
    const native = await loadIndex(p, roots);
    expect(native.notice).toBe(js.notice);
    expect(native.state === null).toBe(js.state === null);
  }
  return js.notice;
}

/** Where things are in the index (see encodeIndex). */
function layout(b: Buffer) {
  const hlen = b.readUInt32LE(8);
  const n = b.readUInt32LE(12);
  const col = (hlen + 24 + 7) & ~7;
  return {n, files: b.readUInt32LE(16), strings: b.readUInt32LE(20), ts: col, cost: col + 8 * n, tokens: col + 16 * n, refs: col + 40 * n, ends: col + 64 * n, flags: col + 72 * n};
}

/** A copy of the good index changed by `edit`, its checksum made to match again. */
function damaged(edit: (b: Buffer, l: ReturnType<typeof layout>) => void): string {
  const b = Buffer.from(good);
  edit(b, layout(b));
  b.writeUInt32LE(crc32(b.subarray(0, b.length - 4)) >>> 0, b.length - 4);
  const p = join(tmp, 'damaged.bin');
  writeFileSync(p, b);
  return p;
}

describe('loading the index', () => {
  it('a sound index gives the same state both ways', async () => {
    const js = await loadJs(path);
    expect(js.notice).toBeNull();
    const g = js.state!.groups;
    expect(g.n).toBeGreaterThan(10);
    expect(js.state!.files.length).toBe(layout(good).files);
    if (!built) return;
    const native = await loadIndex(path, roots);
    expect(native.notice).toBeNull();
    const h = native.state!.groups;
    expect(native.state!.files).toEqual(js.state!.files);
    expect(h.strings.list).toEqual(g.strings.list);
    for (const col of ['ts', 'cost', 'tokens', 'file', 'winFile', 'session', 'keySession', 'model', 'speed', 'flags'] as const) expect([...h[col]], col).toEqual([...g[col]]);
    expect(h.ids.messageIdBytes(3)).toEqual(g.ids.messageIdBytes(3));
  });

  const cases: [string, (b: Buffer, l: ReturnType<typeof layout>) => void][] = [
    ['bad index timestamp', (b, l) => b.writeDoubleLE(NaN, l.ts + 8)],
    ['bad index timestamp', (b, l) => b.writeDoubleLE(b.readDoubleLE(l.ts) - 1, l.ts + 8)],
    ['bad index cost', (b, l) => b.writeDoubleLE(-0.5, l.cost + 16)],
    ['bad index cost', (b, l) => b.writeDoubleLE(Infinity, l.cost)],
    ['bad index token count', (b, l) => b.writeUInt32LE(0x80000000, l.tokens + 4 * 13)],
    ['index file reference out of range', (b, l) => b.writeUInt32LE(l.files, l.refs + 4 * 2)],
    ['index file reference out of range', (b, l) => b.writeUInt32LE(l.files + 9, l.refs + 4 * (l.n + 1))],
    ['index string reference out of range', (b, l) => b.writeUInt32LE(l.strings, l.refs + 4 * (2 * l.n))],
    ['index string reference out of range', (b, l) => b.writeUInt32LE(l.strings, l.refs + 4 * (4 * l.n + 3))],
    ['index string reference out of range', (b, l) => b.writeUInt32LE(l.strings + 1, l.refs + 4 * (5 * l.n))],
    ['bad index flags', (b, l) => (b[l.flags + 1] = 2)],
    ['bad index ids', (b, l) => b.writeUInt32LE(b.readUInt32LE(l.ends + 4 * (2 * l.n - 1)) + 1, l.ends + 4 * (2 * l.n - 1))],
    ['bad index ids', (b, l) => b.writeUInt32LE(0xffffff, l.ends + 4)],
    ['index size mismatch', (b, l) => b.writeUInt32LE(l.n + 1_000_000, 12)],
    ['truncated index header', (b) => b.writeUInt32LE(0x7fffffff, 8)],
    // The binary counts disagreeing with the JSON header: caught by the columns first, or after.
    ['bad index timestamp', (b, l) => b.writeUInt32LE(l.n + 1, 12)],
    ['bad index ids', (b) => b.writeUInt32LE(0, 12)],
    ['index file reference out of range', (b) => b.writeUInt32LE(0, 16)],
    ['index size mismatch', (b, l) => b.writeUInt32LE(l.files + 1, 16)],
    ['index size mismatch', (b, l) => b.writeUInt32LE(l.strings + 1, 20)],
    ['unreadable index header', (b) => b.write('!', 24, 'latin1')],
  ];
  it.each(cases.map(([why, edit], k) => [k, why, edit] as const))('damage %i, caught with the checksum matching: "%s", both ways', async (_, why, edit) => {
    expect(await notices(damaged(edit))).toBe(`usage index was corrupt or from an older aura (${why}), rebuilt: ${join(tmp, 'damaged.bin')}`);
  });

  it('a speed reference equal to the string count is sound (speeds are stored plus one)', async () => {
    const p = damaged((b, l) => b.writeUInt32LE(l.strings, l.refs + 4 * (5 * l.n)));
    expect((await loadJs(p)).notice).toBeNull();
    if (built) expect((await loadIndex(p, roots)).notice).toBeNull();
  });

  it('flipped bytes, an older format, a foreign file, a short one: the same verdict both ways', async () => {
    const write = (name: string, b: Buffer): string => {
      const p = join(tmp, name);
      writeFileSync(p, b);
      return p;
    };
    const older = Buffer.from(good);
    older[7] = 5;
    const flipped = Buffer.from(good);
    flipped[good.length >> 1]! ^= 0x40;
    const why = async (p: string): Promise<string> => /\((.*)\)/.exec((await notices(p)) ?? '')![1]!;
    expect(await why(write('older.bin', older))).toBe('index format 5 (expected 6)');
    expect(await why(write('flipped.bin', flipped))).toBe('index checksum mismatch');
    expect(await why(write('foreign.bin', Buffer.from('{"not": "an index"}\n')))).toBe('not an aura index');
    expect(await why(write('short.bin', good.subarray(0, 20)))).toBe('index checksum mismatch');
    expect(await why(write('empty.bin', Buffer.alloc(0)))).toBe('not an aura index');
  });

  it('random damage with the checksum made to match: the same verdict both ways, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(), fc.integer({min: 0, max: 255})), {minLength: 1, maxLength: 4}), async (edits) => {
        await notices(damaged((b) => edits.forEach(([at, v]) => (b[at % (b.length - 4)] = v))));
      }),
      {numRuns: 150},
    );
  });

  it('over 2 GiB (sparse): refused unread, as node refuses such a read, both ways', async () => {
    const p = join(tmp, 'huge.bin');
    writeFileSync(p, good.subarray(0, 24));
    truncateSync(p, 2 ** 31);
    expect(await notices(p)).toBe(`usage index unreadable (ERR_FS_FILE_TOO_LARGE), rebuilding it: ${p}`);
    rmSync(p);
  });

  it('missing: no notice; a folder in its place: not a regular file', async () => {
    expect(await notices(join(tmp, 'none.bin'))).toBeNull();
    const dir = join(tmp, 'folder.bin');
    mkdirSync(dir);
    expect(await notices(dir)).toBe(`usage index is not a regular file, rebuilding it: ${dir}`);
  });

  it('an open that fails (a file where a folder should be): the errno named, both ways', async () => {
    const plain = join(tmp, 'plain.bin');
    writeFileSync(plain, 'x');
    const under = join(plain, 'index.bin');
    expect(await notices(under)).toBe(`usage index unreadable (ENOTDIR), rebuilding it: ${under}`);
  });
});
