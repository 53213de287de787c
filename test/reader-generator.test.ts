// The corpus generator: deterministic by seed, sized on request, and holding every transcript
// feature the reader has to handle (checked on the bytes and through the reader).
import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {generateCorpus} from '../fixtures/generate.js';
import {loadUsage} from '../src/core/usage.js';

const NOW = Date.parse('2026-11-30T12:00:00Z');
const tmp = mkdtempSync(join(tmpdir(), 'aura-gen-'));
afterAll(() => rmSync(tmp, {recursive: true, force: true}));

function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of readdirSync(dir, {recursive: true, encoding: 'utf8'}).sort()) {
    if (p.endsWith('.jsonl') || p.endsWith('.json')) out.set(p, readFileSync(join(dir, p), 'utf8'));
  }
  return out;
}

describe('generateCorpus', () => {
  it('is deterministic by seed and now', async () => {
    const a = await generateCorpus(join(tmp, 'a'), {seed: 5, sessions: 8, days: 10, now: NOW});
    const b = await generateCorpus(join(tmp, 'b'), {seed: 5, sessions: 8, days: 10, now: NOW});
    await generateCorpus(join(tmp, 'c'), {seed: 6, sessions: 8, days: 10, now: NOW});
    expect(b).toEqual({...a, configDir: join(tmp, 'b')});
    expect(snapshot(join(tmp, 'b'))).toEqual(snapshot(join(tmp, 'a')));
    expect(snapshot(join(tmp, 'c'))).not.toEqual(snapshot(join(tmp, 'a')));
  });

  it('writes about the size asked for', async () => {
    const info = await generateCorpus(join(tmp, 'sized'), {seed: 9, targetBytes: 6_000_000, now: NOW});
    expect(info.bytes).toBeGreaterThanOrEqual(6_000_000);
    expect(info.bytes).toBeLessThan(9_000_000);
  });

  it('holds every feature the reader must handle', async () => {
    const dir = join(tmp, 'features');
    await generateCorpus(dir, {seed: 3, sessions: 12, days: 30, now: NOW});
    const files = [...snapshot(dir)];
    const all = files.map(([, text]) => text).join('\n');
    const paths = files.map(([p]) => p);
    expect(paths.some((p) => /\/subagents\/agent-[0-9a-f]{17}\.jsonl$/.test(p))).toBe(true);
    expect(paths.some((p) => /^projects\/[^/]+\/agent-[0-9a-f]{8}\.jsonl$/.test(p))).toBe(true);
    expect(paths.some((p) => p.endsWith('.meta.json'))).toBe(true);
    expect(all).toContain('"type":"progress"');
    expect(all).toContain('"model":"<synthetic>"');
    expect(all).toContain('"name":"Workflow"');
    expect(all).toMatch(/"ephemeral_1h_input_tokens":[1-9]/);
    for (const model of ['claude-opus-4', 'claude-sonnet-4', 'claude-haiku-4-5-20251001']) expect(all).toContain(model);

    const ds = await loadUsage({claudeDirs: [dir], env: {HOME: tmp}, cacheDir: null, onProgress: () => {}});
    const cwds = new Set(ds.sessions.map((s) => s.project));
    expect(cwds.has('/home/dev/Documents/Проект Север')).toBe(true);
    expect(cwds.has('/home/dev/oss/api') && cwds.has('/home/dev/clients/acme/api')).toBe(true);
    expect(ds.sessions.filter((s) => s.ultracode)).toHaveLength(1);
    expect(ds.diagnostics.skippedLines).toBeGreaterThan(0);
    // Streamed lines, resumed copies and sub-agent mirrors all collapse.
    expect(ds.diagnostics.duplicatesDropped).toBeGreaterThan(ds.records.length / 2);
    expect(ds.records.every((r) => r.timestamp <= NOW && r.timestamp >= NOW - 31 * 86_400_000)).toBe(true);
    // A resumed session repeats responses of an earlier main session file.
    const mainFiles = files.filter(([p]) => /^projects\/[^/]+\/[0-9a-f-]{36}\.jsonl$/.test(p));
    const seen = new Map<string, string>();
    let repeated = 0;
    for (const [p, text] of mainFiles) {
      for (const m of new Set(text.match(/"requestId":"req_[^"]+"/g) ?? [])) {
        if (seen.has(m) && seen.get(m) !== p) repeated++;
        seen.set(m, p);
      }
    }
    expect(repeated).toBeGreaterThan(0);
  });
});
