// Conformance with the peer tool: `aura report daily --json --tz UTC` (the built CLI, a real
// process) must equal ccusage 20.0.24 (`ccusage claude daily --json --offline -z UTC`) per
// day x model x four token fields, on a generated corpus, on every real transcript set and on
// every shared parser case. Where ccusage itself is wrong, the case's expected value wins and the
// divergence is listed below with its reason.
import {execFile} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {generateCorpus} from '../fixtures/generate.js';
import {CASES_DIR, CCUSAGE, CCUSAGE_PKG, hasCases, hasCcusage, hasReal, REAL_DIR, skipNote} from './helpers/shared.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');
const AURA = join(ROOT, 'bin/aura');
const FIELDS = ['inputTokens', 'outputTokens', 'cacheCreationTokens', 'cacheReadTokens'] as const;

/**
 * Known divergences: ccusage 20.0.24 is wrong here, aura follows the case.
 * - B03-no-request-id: ccusage keeps every streamed copy of a response that has no requestId
 *   (2700 input instead of 900: three copies summed); the copies share message.id, session and
 *   input/cache counts, so they are one response.
 * Also known, not hit by the sets below: ccusage dates a response at the copy it keeps (the last
 * streamed line), aura at its earliest copy, so a response streamed across midnight lands one day
 * later in ccusage (seen in large generated corpora).
 */
const DIVERGENT = new Set(['case B03-no-request-id']);

type Table = Map<string, number[]>;

// Only when a suite runs: a skipped one runs no hooks, and would leave the folder behind.
const tmp = hasCases && hasReal && hasCcusage ? mkdtempSync(join(tmpdir(), 'aura-conf-')) : '';
afterAll(() => {
  if (tmp) rmSync(tmp, {recursive: true, force: true});
});

async function aura(dir: string): Promise<Table> {
  const {stdout} = await run(process.execPath, [AURA, 'report', 'daily', '--json', '--tz', 'UTC', '--claude-dir', dir], {
    env: {...process.env, HOME: tmp, XDG_CACHE_HOME: join(tmp, 'cache'), XDG_CONFIG_HOME: join(tmp, 'config'), CLAUDE_CONFIG_DIR: ''},
    maxBuffer: 64 << 20,
  });
  const doc = JSON.parse(stdout) as {days: {date: string; models: ({model: string} & Record<(typeof FIELDS)[number], number>)[]}[]};
  const t: Table = new Map();
  for (const d of doc.days) for (const m of d.models) t.set(`${d.date} ${m.model}`, FIELDS.map((f) => m[f]));
  return t;
}

async function ccusage(dir: string): Promise<Table> {
  const {stdout} = await run(CCUSAGE, ['claude', 'daily', '--json', '--offline', '-z', 'UTC'], {
    env: {...process.env, HOME: tmp, CLAUDE_CONFIG_DIR: dir, NO_COLOR: '1'},
    maxBuffer: 64 << 20,
  });
  const doc = JSON.parse(stdout) as {daily: {date: string; modelBreakdowns: ({modelName: string} & Record<(typeof FIELDS)[number], number>)[]}[]};
  const t: Table = new Map();
  for (const d of doc.daily) for (const m of d.modelBreakdowns) t.set(`${d.date} ${m.modelName}`, FIELDS.map((f) => m[f]));
  return t;
}

const sets: [string, string][] = [];
const realDir = REAL_DIR;
for (const name of hasReal ? readdirSync(realDir).sort() : []) {
  const dir = join(realDir, name);
  if (existsSync(join(dir, 'projects'))) sets.push([`real ${name}`, dir]);
  else if (name === '_handwritten') for (const sub of readdirSync(dir).sort()) sets.push([`real ${name}/${sub}`, join(dir, sub)]);
}
const casesDir = CASES_DIR;
for (const name of hasCases ? readdirSync(casesDir).sort() : []) {
  if (existsSync(join(casesDir, name, 'projects'))) sets.push([`case ${name}`, join(casesDir, name)]);
}

describe.skipIf(!hasCases || !hasReal || !hasCcusage)(`conformance with ccusage 20.0.24 (daily, UTC)${skipNote(!hasCases || !hasReal || !hasCcusage, hasCcusage ? undefined : 'no ccusage 20.0.24 binary for this platform')}`, () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist/src/cli/main.js'))) throw new Error('build first: npm run build');
  });

  it('ccusage is the pinned version', async () => {
    const pkg = JSON.parse(readFileSync(join(CCUSAGE_PKG, 'package.json'), 'utf8')) as {version: string};
    expect(pkg.version).toBe('20.0.24');
    expect(sets.filter(([n]) => n.startsWith('real')).length).toBeGreaterThanOrEqual(12);
  });

  it('generated corpus', async () => {
    const dir = join(tmp, 'generated');
    await generateCorpus(dir, {seed: 2026, sessions: 30, days: 45, now: Date.parse('2026-11-30T18:00:00Z')});
    const [a, c] = await Promise.all([aura(dir), ccusage(dir)]);
    expect(a.size).toBeGreaterThan(30);
    expect(Object.fromEntries(a)).toEqual(Object.fromEntries(c));
  });

  for (const [name, dir] of sets) {
    it(name, async () => {
      const [a, c] = await Promise.all([aura(dir), ccusage(dir)]);
      if (DIVERGENT.has(name)) {
        // Documented above: the tables differ, and aura gives the case's expected totals.
        expect(Object.fromEntries(a)).not.toEqual(Object.fromEntries(c));
        const want = (JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as {totals: Record<string, number>}).totals;
        const sum = FIELDS.map((_, i) => [...a.values()].reduce((s, v) => s + v[i]!, 0));
        expect(sum).toEqual(FIELDS.map((f) => want[f]));
        return;
      }
      expect(a.size).toBeGreaterThan(0);
      expect(Object.fromEntries(a)).toEqual(Object.fromEntries(c));
    });
  }
});
