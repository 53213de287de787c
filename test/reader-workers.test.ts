// The worker-thread scan (used for large reads) and the native scanner's thread pool must give
// exactly what reading the files one after another in this thread gives, also where the merge
// depends on order (equal totals, sidechain replays, equal times). Workers run compiled code, so
// this test drives the built reader in dist/ (npm test builds first).
import {existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
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

async function layouts(dir: string) {
  if (!existsSync(built)) throw new Error('build first: npm run build');
  const {UsageIndex, resolveClaudeRoots} = (await import(pathToFileURL(built).href)) as typeof Usage;
  const roots = resolveClaudeRoots([dir], {HOME: tmp});
  const run = async (workers: 'never' | 'always' | 'auto') => {
    const idx = await UsageIndex.open({roots, cacheDir: null});
    idx.workers = workers;
    const ds = await idx.refresh();
    // Records are views: compared by their values (their tables may number strings differently).
    return {records: ds.records.map(plainRecord), sessions: ds.sessions, diagnostics: ds.diagnostics};
  };
  return {here: await run('never'), others: [await run('always'), await run('auto'), await run('auto')]};
}

describe('reader threads', () => {
  it('the worker thread and the native scanner read the same records as this thread', async () => {
    const dir = join(tmp, 'claude');
    await generateCorpus(dir, {seed: 77, sessions: 25, days: 20, now: Date.parse('2026-11-30T12:00:00Z')});
    const {here, others} = await layouts(dir);
    expect(here.records.length).toBeGreaterThan(100);
    for (const there of others) expect(there).toEqual(here);
  });

  it('merge in the order the files were found, where the order decides', async () => {
    const dir = join(tmp, 'order/projects/-home-u-app');
    mkdirSync(dir, {recursive: true});
    const line = (id: string, rid: string, model: string, ts: string, input: number, output: number, sidechain = false) =>
      `${JSON.stringify({type: 'assistant', timestamp: ts, sessionId: 's', cwd: '/home/u/app', isSidechain: sidechain, requestId: rid, message: {id, model, usage: {input_tokens: input, output_tokens: output}}})}\n`;
    // Larger files first in the walk's order finish last on other threads.
    const pad = (kb: number) => `${JSON.stringify({type: 'user', message: {content: 'x'.repeat(1000)}})}\n`.repeat(kb);
    const files: Record<string, string> = {
      // Equal totals: the later file's copy wins.
      'a1.jsonl': line('m1', 'r1', 'claude-opus-4-1', '2025-01-01T00:00:00Z', 10, 5) + pad(3000),
      'a2.jsonl': line('m1', 'r1', 'claude-haiku-4-5', '2025-01-01T00:00:00Z', 5, 10),
      // A sidechain replay joins the first group it finds.
      'b1.jsonl': line('m2', 'r1', 'claude-opus-4-1', '2025-01-02T00:00:00Z', 10, 5) + pad(3000),
      'b2.jsonl': line('m2', 'r2', 'claude-opus-4-1', '2025-01-01T00:00:00Z', 10, 5, true),
      'b3.jsonl': line('m2', 'r3', 'claude-opus-4-1', '2025-01-03T00:00:00Z', 10, 5),
      // Equal times: rows keep the order they were read in (cost sums depend on it).
      'c1.jsonl': line('m3', 'r1', 'claude-opus-4-1', '2025-01-04T00:00:00Z', 6778, 478) + pad(2000),
      'c2.jsonl': line('m4', 'r1', 'claude-sonnet-4-5', '2025-01-04T00:00:00Z', 24093, 89551),
      'c3.jsonl': line('m5', 'r1', 'claude-haiku-4-5', '2025-01-04T00:00:00Z', 61519, 80101) + pad(1000),
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const {here, others} = await layouts(join(tmp, 'order'));
    expect(here.records.find((r) => r.timestamp === Date.parse('2025-01-01T00:00:00Z') && r.tokens.inputTokens === 5)?.model).toBe('claude-haiku-4-5');
    for (const there of others) expect(there).toEqual(here);
  });
});
