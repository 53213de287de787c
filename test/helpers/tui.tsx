// Helpers for dashboard component tests: a hand-built UsageDataset, a UsageSource over it,
// and ink-testing-library rendering with ANSI stripped and a settle wait after each key.
import {stripVTControlCharacters} from 'node:util';
import type {ReactElement} from 'react';
import {render} from 'ink-testing-library';
import type {UsageDataset} from '../../src/core/types.js';
import type {UsageSource} from '../../src/tui/data/source.js';
import {dataset, record} from './usage-records.js';

export interface RecordSpec {
  at: string; // ISO instant
  model: string;
  session: string;
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheWrite?: number;
}

/** A dataset from short record specs, with optional diagnostics. */
export function sampleDataset(specs: RecordSpec[], diagnostics: Partial<UsageDataset['diagnostics']> = {}): UsageDataset {
  const ds = dataset(specs.map((s) => record({at: s.at, model: s.model, session: s.session, t: {inputTokens: s.input, outputTokens: s.output, cacheReadTokens: s.cacheRead, cacheCreation5mTokens: s.cacheWrite}})));
  return {...ds, diagnostics: {...ds.diagnostics, roots: ['/c/projects'], ...diagnostics}};
}

/**
 * Four records over three sessions (UTC): two on 2026-12-01, one on 2026-12-03 and an old one
 * on 2026-11-01. NOW is 2026-12-03 12:00 UTC.
 */
export const NOW = Date.parse('2026-12-03T12:00:00Z');
export const SAMPLE: RecordSpec[] = [
  {at: '2026-12-01T10:00:00Z', model: 'claude-opus-4-7', session: 's1', input: 1000, output: 2000, cacheRead: 500, cacheWrite: 100},
  {at: '2026-12-01T11:30:00Z', model: 'claude-sonnet-4-5', session: 's1', input: 3000, output: 4000},
  {at: '2026-12-03T10:40:00Z', model: 'claude-opus-4-7', session: 's2', input: 10000, output: 5000},
  {at: '2026-11-01T09:00:00Z', model: 'claude-haiku-4-5', session: 's3', input: 100000, output: 0},
];

/** A UsageSource serving `ds` (replaceable between refreshes), with a manual change trigger. */
export function staticSource(ds: UsageDataset, roots = ['/c']): UsageSource & {set(d: UsageDataset): void; change(): void; refreshes: number} {
  let current = ds;
  let listener: (() => void) | undefined;
  const src = {
    roots,
    refreshes: 0,
    async refresh() {
      src.refreshes++;
      return current;
    },
    watch(onChange: () => void) {
      listener = onChange;
      return () => {
        listener = undefined;
      };
    },
    set(d: UsageDataset) {
      current = d;
    },
    change() {
      listener?.();
    },
  };
  return src;
}

export const tick = (ms = 30) => new Promise((r) => setTimeout(r, ms));

/** Render with a fixed terminal size; `frame()` is the last frame without ANSI codes. */
export async function renderTui(node: ReactElement, size = {columns: 120, rows: 40}) {
  const r = render(node);
  resize(r.stdout, size);
  await tick();
  const api = {
    ...r,
    frame: () => stripVTControlCharacters(r.lastFrame() ?? ''),
    /** Each key, then a wait for the frame to change (up to 1 s: a key may change nothing). */
    async press(...keys: string[]) {
      for (const k of keys) {
        const before = r.lastFrame();
        r.stdin.write(k);
        const end = Date.now() + 1000;
        while (r.lastFrame() === before && Date.now() < end) await tick(10);
        await tick(20);
      }
    },
    async resize(s: {columns: number; rows: number}) {
      resize(r.stdout, s);
      await tick();
    },
  };
  return api;
}

function resize(stdout: NodeJS.EventEmitter, size: {columns: number; rows: number}) {
  Object.defineProperty(stdout, 'columns', {get: () => size.columns, configurable: true});
  Object.defineProperty(stdout, 'rows', {get: () => size.rows, configurable: true});
  stdout.emit('resize');
}

export const KEYS = {left: '\u001B[D', right: '\u001B[C', up: '\u001B[A', down: '\u001B[B', home: '\u001B[H', end: '\u001B[F', tab: '\t', shiftTab: '\u001B[Z', esc: '\u001B', pageDown: '\u001B[6~', pageUp: '\u001B[5~'};
