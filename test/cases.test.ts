// Every folder of the shared parser cases runs through the real reader (loadUsage) and the real
// aggregates, and must give the case's expected values. Each case is checked twice: on a cold
// read, and again from the persisted index (a warm start must give the same answer).
import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {dailyUsage, modelUsage, projectUsage, sessionSummaries, usageTotals} from '../src/core/aggregate.js';
import {loadUsage} from '../src/core/usage.js';
import type {TokenCounts, UsageDataset} from '../src/core/types.js';
import {CASES_DIR as CASES, hasCases, skipNote} from './helpers/shared.js';

const FIELDS = ['inputTokens', 'outputTokens', 'cacheCreationTokens', 'cacheReadTokens'] as const;

type Expect = Partial<Record<(typeof FIELDS)[number] | 'costUSD', number>>;
interface View {
  totals?: Expect;
  days?: Record<string, Expect>;
  models?: Record<string, Expect>;
  projects?: Record<string, Expect>;
  sessions?: Record<string, Expect>;
}
interface Case extends View {
  tz?: string;
  byTz?: Record<string, View>;
  skippedLinesAtLeast?: number;
  unpricedModels?: string[];
  pricedCostUSD?: number;
  modelCount?: number;
  homeOnly?: View;
  withClaudeConfigDir?: View;
}

// Only when the suite runs: a skipped suite runs no hooks, and would leave the folder behind.
const tmp = hasCases ? mkdtempSync(join(tmpdir(), 'aura-cases-')) : '';
afterAll(() => {
  if (tmp) rmSync(tmp, {recursive: true, force: true});
});

function check(actual: (TokenCounts & {costUSD?: number}) | undefined, want: Expect, what: string): void {
  expect(actual, what).toBeDefined();
  for (const f of FIELDS) if (want[f] !== undefined) expect(actual![f], `${what} ${f}`).toBe(want[f]);
  if (want.costUSD !== undefined) expect(Math.abs(actual!.costUSD! - want.costUSD), `${what} costUSD ${actual!.costUSD}`).toBeLessThan(1e-6);
}

function checkView(ds: UsageDataset, view: View, tz: string): void {
  if (view.totals) {
    const t = usageTotals(ds.records);
    check({...t.tokens, costUSD: t.costUSD}, view.totals, 'totals');
  }
  if (view.days) {
    const days = new Map(dailyUsage(ds.records, tz).map((d) => [d.date, {...d.tokens, costUSD: d.costUSD}]));
    for (const [day, want] of Object.entries(view.days)) check(days.get(day), want, `day ${day} (${tz})`);
  }
  if (view.models) {
    const models = new Map(modelUsage(ds.records).map((m) => [m.model, {...m.tokens, costUSD: m.costUSD}]));
    for (const [model, want] of Object.entries(view.models)) check(models.get(model), want, `model ${model}`);
  }
  if (view.projects) {
    const projects = new Map(projectUsage(ds).map((p) => [p.name, {...p.tokens, costUSD: p.costUSD}]));
    for (const [name, want] of Object.entries(view.projects)) check(projects.get(name), want, `project ${name}`);
  }
  if (view.sessions) {
    const sessions = new Map(sessionSummaries(ds).map((s) => [s.id, {...s.tokens, costUSD: s.costUSD}]));
    for (const [id, want] of Object.entries(view.sessions)) check(sessions.get(id), want, `session ${id}`);
  }
}

const caseDirs = (hasCases ? readdirSync(CASES, {withFileTypes: true}) : [])
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe.skipIf(!hasCases)(`shared parser cases${skipNote(!hasCases)}`, () => {
  it('finds the cases', () => {
    expect(caseDirs.length).toBeGreaterThanOrEqual(16);
  });

  for (const name of caseDirs) {
    const dir = join(CASES, name);
    const exp = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Case;

    if (exp.homeOnly || exp.withClaudeConfigDir) {
      it(`${name}: default roots and CLAUDE_CONFIG_DIR`, async () => {
        const cache = join(tmp, name);
        const home = {HOME: join(dir, 'home')};
        const ds = await loadUsage({env: home, cacheDir: cache});
        expect(ds.diagnostics.roots).toEqual([join(dir, 'home/.config/claude/projects'), join(dir, 'home/.claude/projects')]);
        checkView(ds, exp.homeOnly!, exp.tz ?? 'UTC');
        const env = {...home, CLAUDE_CONFIG_DIR: `${join(dir, 'nonexistent')},${join(dir, 'acct2')}`};
        const only = await loadUsage({env, cacheDir: cache});
        expect(only.diagnostics.roots).toEqual([join(dir, 'acct2/projects')]);
        expect(only.diagnostics.notices.some((n) => n.includes('nonexistent'))).toBe(true);
        checkView(only, exp.withClaudeConfigDir!, exp.tz ?? 'UTC');
      });
      continue;
    }

    it(name, async () => {
      const cache = join(tmp, name);
      for (const pass of ['cold', 'warm']) {
        const ds = await loadUsage({claudeDirs: [dir], env: {HOME: tmp}, cacheDir: cache});
        if (exp.byTz) for (const [tz, view] of Object.entries(exp.byTz)) checkView(ds, view, tz);
        else checkView(ds, exp, exp.tz ?? 'UTC');
        if (exp.skippedLinesAtLeast !== undefined) expect(ds.diagnostics.skippedLines, pass).toBeGreaterThanOrEqual(exp.skippedLinesAtLeast);
        const totals = usageTotals(ds.records);
        if (exp.unpricedModels) expect(totals.unpricedModels).toEqual(exp.unpricedModels);
        if (exp.pricedCostUSD !== undefined) expect(Math.abs(totals.costUSD - exp.pricedCostUSD)).toBeLessThan(1e-6);
        if (exp.modelCount !== undefined) expect(modelUsage(ds.records)).toHaveLength(exp.modelCount);
        // The dataset contract: records sorted by time, never a synthetic model.
        expect(ds.records.every((r, i) => i === 0 || ds.records[i - 1]!.timestamp <= r.timestamp)).toBe(true);
        expect(ds.records.some((r) => r.model === '<synthetic>')).toBe(false);
      }
    });
  }
});
