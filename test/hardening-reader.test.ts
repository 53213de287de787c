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
