// The worker-thread scan (used for large reads) must give exactly what the in-thread scan gives.
// Workers run compiled code, so this test drives the built reader in dist/ (npm test builds first).
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {afterAll, describe, expect, it} from 'vitest';
import {generateCorpus} from '../fixtures/generate.js';
import {plainRecord} from '../src/core/reader/record-view.js';
import type * as Usage from '../src/core/usage.js';

const built = join(import.meta.dirname, '../dist/src/core/usage.js');
const tmp = mkdtempSync(join(tmpdir(), 'aura-workers-'));
afterAll(() => rmSync(tmp, {recursive: true, force: true}));

describe('reader worker thread', () => {
  it('scans the same records as this thread', async () => {
    if (!existsSync(built)) throw new Error('build first: npm run build');
    const {UsageIndex, resolveClaudeRoots} = (await import(pathToFileURL(built).href)) as typeof Usage;
    const dir = join(tmp, 'claude');
    await generateCorpus(dir, {seed: 77, sessions: 25, days: 20, now: Date.parse('2026-11-30T12:00:00Z')});
    const roots = resolveClaudeRoots([dir], {HOME: tmp});
    const run = async (workers: 'never' | 'always') => {
      const idx = await UsageIndex.open({roots, cacheDir: null});
      idx.workers = workers;
      return idx.refresh();
    };
    const here = await run('never');
    const there = await run('always');
    expect(here.records.length).toBeGreaterThan(100);
    // Records are views: compared by their values (their tables may number strings differently).
    expect(there.records.map(plainRecord)).toEqual(here.records.map(plainRecord));
    expect(there.sessions).toEqual(here.sessions);
    expect(there.diagnostics).toEqual(here.diagnostics);
  });
});
