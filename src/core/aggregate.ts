// Aggregates: pure functions over a UsageDataset (days, models, projects, sessions, summary).
// Loops over records are indexed: a command runs them once, mostly before the JIT has optimised
// them, and an unoptimised for-of allocates an iterator result per record.
import {recordCost} from './cost.js';
import {addDays, daysBetween, localDay, localHour} from './time.js';
import {addTokens, emptyTokens, uiTokens} from './types.js';
import type {ModelTier, Period, SessionMeta, TokenCounts, UsageDataset, UsageRecord} from './types.js';

export interface PeriodFilter {
  period?: Period;
  /** Inclusive local dates, override `period` when given. */
  since?: string;
  until?: string;
  tz: string;
  now: number;
}

export interface ModelUsage {
  model: string;
  tokens: TokenCounts;
  costUSD: number;
  /** False when no price is known for the model (cost is then a lower bound of 0 for it). */
  priced: boolean;
}

export interface DayBucket {
  /** Local date YYYY-MM-DD. */
  date: string;
  tokens: TokenCounts;
  costUSD: number;
  /** Sorted by input + output, descending. */
  models: ModelUsage[];
}

export interface ProjectUsage {
  /** Display name: basename of cwd, with parent segments when two projects share a basename. */
  name: string;
  cwd: string;
  tokens: TokenCounts;
  costUSD: number;
}

export interface SessionSummary {
  id: string;
  /** Display name of the project. */
  project: string;
  cwd: string;
  start: number;
  end: number;
  tokens: TokenCounts;
  costUSD: number;
  dominantModel: string | null;
  tier: ModelTier;
  ultracode: boolean;
  /** Models used, sorted by input + output desc. */
  models: string[];
}

export interface SummaryStats {
  tokens: TokenCounts;
  costUSD: number;
  unpricedModels: string[];
  favoriteModel: string | null;
  sessions: number;
  longestSessionSecs: number;
  activeDays: number;
  /** Days from the first to the last active day, inclusive (0 when none). */
  totalDays: number;
  currentStreak: number;
  longestStreak: number;
  /** Local hour 0..23 with the most session starts, null when none. */
  peakHour: number | null;
  /** Session starts per local hour. */
  hourCounts: number[];
}

// Every zone offset in use is a multiple of 15 minutes and changes only on such a boundary, so
// the local day (and hour) of an instant is constant within a quarter hour: one Intl call per
// quarter hour instead of one per record (~1.4 µs each) keeps big reports fast.
const QUARTER_HOUR = 900_000;

function memoByQuarter<T>(fn: (ms: number, tz: string) => T, tz: string): (ms: number) => T {
  const memo = new Map<number, T>();
  // Records come in time order: most lookups hit the previous record's quarter.
  let lastSlot = NaN;
  let last: T | undefined;
  return (ms) => {
    const slot = Math.floor(ms / QUARTER_HOUR);
    if (slot === lastSlot) return last!;
    let v = memo.get(slot);
    if (v === undefined) {
      v = fn(slot * QUARTER_HOUR, tz);
      memo.set(slot, v);
    }
    lastSlot = slot;
    last = v;
    return v;
  };
}

/** Token and cost totals of a set of records. */
export interface UsageTotals {
  tokens: TokenCounts;
  /** Sum over priced records only: a lower bound when `unpricedModels` is not empty. */
  costUSD: number;
  /** Models without a known price, sorted. */
  unpricedModels: string[];
}

/** Accumulates records into tokens, priced cost and the set of unpriced models. */
class Acc {
  /**
   * The six sums, in TokenCounts order. A typed array holds doubles as they are: sums held in an
   * object's fields turn from small integers to doubles as they pass 2^30, and each such change
   * made V8 throw away the code it had optimised for the loop (most of a report's time).
   */
  private readonly sums = new Float64Array(6);
  costUSD = 0;
  readonly unpriced = new Set<string>();
  /** `cost` and `t`: the record's cost (null = unpriced) and tokens when the caller already has them. */
  add(r: UsageRecord, cost: number | null = recordCost(r), t: TokenCounts = r.tokens): this {
    const s = this.sums;
    s[0]! += t.inputTokens;
    s[1]! += t.outputTokens;
    s[2]! += t.cacheCreationTokens;
    s[3]! += t.cacheReadTokens;
    s[4]! += t.cacheCreation5mTokens;
    s[5]! += t.cacheCreation1hTokens;
    if (cost === null) this.unpriced.add(r.model);
    else this.costUSD += cost;
    return this;
  }
  get tokens(): TokenCounts {
    const s = this.sums;
    return {inputTokens: s[0]!, outputTokens: s[1]!, cacheCreationTokens: s[2]!, cacheReadTokens: s[3]!, cacheCreation5mTokens: s[4]!, cacheCreation1hTokens: s[5]!};
  }
}

/** Code-unit order (locale-independent, so ties break the same everywhere). */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const byUiTokensDesc = <T extends {tokens: TokenCounts}>(key: (x: T) => string) => (a: T, b: T): number =>
  uiTokens(b.tokens) - uiTokens(a.tokens) || compareText(key(a), key(b));

/** "<synthetic>" marks Claude Code's own error lines: never a model (the reader drops them too). */
const isModel = (r: UsageRecord): boolean => r.model !== '<synthetic>';

const totalsOf = (acc: Acc): UsageTotals => ({tokens: acc.tokens, costUSD: acc.costUSD, unpricedModels: [...acc.unpriced].sort()});

export function usageTotals(records: readonly UsageRecord[]): UsageTotals {
  const acc = new Acc();
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (isModel(r)) acc.add(r);
  }
  return totalsOf(acc);
}

/** The inclusive local-date range a filter selects; null ends are open. */
export function filterRange(f: PeriodFilter): {since: string | null; until: string | null} {
  if (f.since !== undefined || f.until !== undefined) return {since: f.since ?? null, until: f.until ?? null};
  const today = localDay(f.now, f.tz);
  if (f.period === '7d') return {since: addDays(today, -6), until: today};
  if (f.period === '30d') return {since: addDays(today, -29), until: today};
  return {since: null, until: null};
}

/**
 * The part of a dataset inside a period: records whose local day is in range, and the sessions
 * that have a record in range or start in range (so a session opened today but silent so far
 * still counts as a session of the period). Diagnostics are kept whole.
 */
export function filterDataset(ds: UsageDataset, f: PeriodFilter): UsageDataset {
  const {since, until} = filterRange(f);
  if (since === null && until === null) return ds;
  const dayOf = memoByQuarter(localDay, f.tz);
  const inRange = (ms: number): boolean => {
    const day = dayOf(ms);
    return (since === null || day >= since) && (until === null || day <= until);
  };
  const records = ds.records.filter((r) => inRange(r.timestamp));
  const withRecords = new Set(records.map((r) => r.sessionId));
  const sessions = ds.sessions.filter((s) => withRecords.has(s.id) || (Number.isFinite(s.start) && inRange(s.start)));
  return {records, sessions, diagnostics: ds.diagnostics};
}

export function dailyUsage(records: readonly UsageRecord[], tz: string): DayBucket[] {
  return dailyUsageTotals(records, tz).days;
}

/**
 * `dailyUsage` and `usageTotals` in one pass (each record priced once). The totals are summed in
 * record order, so they equal `usageTotals(records)` to the last bit.
 */
export function dailyUsageTotals(records: readonly UsageRecord[], tz: string): {days: DayBucket[]; totals: UsageTotals} {
  const days = new Map<string, Map<string, Acc>>();
  const total = new Acc();
  const dayOf = memoByQuarter(localDay, tz);
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (!isModel(r)) continue;
    const date = dayOf(r.timestamp);
    let models = days.get(date);
    if (!models) days.set(date, (models = new Map()));
    let acc = models.get(r.model);
    if (!acc) models.set(r.model, (acc = new Acc()));
    const cost = recordCost(r);
    const t = r.tokens;
    acc.add(r, cost, t);
    total.add(r, cost, t);
  }
  const out: DayBucket[] = [];
  for (const [date, models] of days) {
    const tokens = emptyTokens();
    let costUSD = 0;
    const list: ModelUsage[] = [];
    for (const [model, acc] of models) {
      const sums = acc.tokens;
      addTokens(tokens, sums);
      costUSD += acc.costUSD;
      list.push({model, tokens: sums, costUSD: acc.costUSD, priced: acc.unpriced.size === 0});
    }
    out.push({date, tokens, costUSD, models: list.sort(byUiTokensDesc((m) => m.model))});
  }
  return {days: out.sort((a, b) => compareText(a.date, b.date)), totals: totalsOf(total)};
}

/** Per model, sorted by input + output desc (tie: model id asc). */
export function modelUsage(records: readonly UsageRecord[]): ModelUsage[] {
  const models = new Map<string, Acc>();
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (!isModel(r)) continue;
    let acc = models.get(r.model);
    if (!acc) models.set(r.model, (acc = new Acc()));
    acc.add(r);
  }
  return [...models]
    .map(([model, acc]) => ({model, tokens: acc.tokens, costUSD: acc.costUSD, priced: acc.unpriced.size === 0}))
    .sort(byUiTokensDesc((m) => m.model));
}

/** Tolerates a trailing separator ("/home/u/app/" is "/home/u/app"). Memoized: called per record. */
const cwdMemo = new Map<string, string>();
function normalizeCwd(cwd: string): string {
  let n = cwdMemo.get(cwd);
  if (n === undefined) {
    n = cwd.length > 1 ? cwd.replace(/[/\\]+$/, '') : cwd;
    cwdMemo.set(cwd, n);
  }
  return n;
}

/**
 * Display names for project cwds: the basename, with as many parent segments as it takes to tell
 * apart projects that share it ("work/app" vs "play/app"). A value without a path separator is the
 * reader's folder-slug fallback: shown with its leading/trailing "-" trimmed (the slug is lossy, so
 * no attempt to re-split it). Empty -> "(unknown)".
 */
export function projectDisplayNames(cwds: readonly string[] | ReadonlySet<string>): Map<string, string> {
  const segs = new Map<string, string[]>();
  for (const raw of cwds) {
    const cwd = normalizeCwd(raw);
    if (segs.has(cwd)) continue;
    const isPath = /[/\\]/.test(cwd);
    const parts = isPath ? cwd.split(/[/\\]+/).filter(Boolean) : [cwd.replace(/^-+|-+$/g, '')].filter(Boolean);
    segs.set(cwd, parts.length ? parts : ['(unknown)']);
  }
  const depth = new Map<string, number>([...segs.keys()].map((k) => [k, 1]));
  const name = (cwd: string): string => segs.get(cwd)!.slice(-depth.get(cwd)!).join('/');
  // Deepen every member of a clashing group until the names differ or the paths run out.
  for (let changed = true; changed; ) {
    changed = false;
    const groups = new Map<string, string[]>();
    for (const cwd of segs.keys()) {
      const n = name(cwd);
      groups.set(n, [...(groups.get(n) ?? []), cwd]);
    }
    for (const group of groups.values()) {
      if (group.length < 2) continue;
      for (const cwd of group) {
        if (depth.get(cwd)! < segs.get(cwd)!.length) {
          depth.set(cwd, depth.get(cwd)! + 1);
          changed = true;
        }
      }
    }
  }
  // Keyed by the normalized cwd and by every spelling given.
  const out = new Map<string, string>([...segs.keys()].map((cwd) => [cwd, name(cwd)]));
  for (const raw of cwds) out.set(raw, name(normalizeCwd(raw)));
  return out;
}

/** Every project cwd of a dataset (records and sessions), for one consistent set of display names. */
function datasetNames(ds: UsageDataset): Map<string, string> {
  const cwds = new Set<string>();
  for (let i = 0; i < ds.records.length; i++) {
    const r = ds.records[i]!;
    cwds.add(r.project);
  }
  for (const s of ds.sessions) cwds.add(s.project);
  return projectDisplayNames(cwds);
}

/** Per project (records carry their session's project, so subagent tokens fold into it). */
export function projectUsage(ds: UsageDataset): ProjectUsage[] {
  const names = datasetNames(ds);
  const projects = new Map<string, Acc>();
  for (let i = 0; i < ds.records.length; i++) {
    const r = ds.records[i]!;
    if (!isModel(r)) continue;
    const cwd = normalizeCwd(r.project);
    let acc = projects.get(cwd);
    if (!acc) projects.set(cwd, (acc = new Acc()));
    acc.add(r);
  }
  return [...projects]
    .map(([cwd, acc]) => ({name: names.get(cwd) ?? cwd, cwd, tokens: acc.tokens, costUSD: acc.costUSD}))
    .sort(byUiTokensDesc((p) => p.name));
}

/** Tier from a model id: case-insensitive substring, checked in the order opus, sonnet, haiku. */
export function modelTier(model: string | null): ModelTier {
  const m = (model ?? '').toLowerCase();
  if (m.includes('opus')) return 'opus';
  if (m.includes('sonnet')) return 'sonnet';
  if (m.includes('haiku')) return 'haiku';
  return 'other';
}

/**
 * One summary per session (those with records and those the reader saw without any), sorted by
 * start then id. Dominant model = most input + output; a tie goes to the lexicographically smaller id.
 */
export function sessionSummaries(ds: UsageDataset): SessionSummary[] {
  const names = datasetNames(ds);
  const metas = new Map<string, SessionMeta>(ds.sessions.map((s) => [s.id, s]));
  const bySession = new Map<string, UsageRecord[]>();
  for (let i = 0; i < ds.records.length; i++) {
    const r = ds.records[i]!;
    if (!isModel(r)) continue;
    const list = bySession.get(r.sessionId);
    if (list) list.push(r);
    else bySession.set(r.sessionId, [r]);
  }
  const ids = new Set([...metas.keys(), ...bySession.keys()]);
  const out: SessionSummary[] = [];
  for (const id of ids) {
    const meta = metas.get(id);
    const records = bySession.get(id) ?? [];
    const perModel = modelUsage(records);
    const tokens = emptyTokens();
    let costUSD = 0;
    for (const m of perModel) {
      addTokens(tokens, m.tokens);
      costUSD += m.costUSD;
    }
    const dominantModel = perModel[0]?.model ?? null;
    const cwd = normalizeCwd(meta?.project ?? records[0]!.project);
    let start = meta && Number.isFinite(meta.start) ? meta.start : Infinity;
    let end = meta && Number.isFinite(meta.end) ? meta.end : -Infinity;
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      start = Math.min(start, r.timestamp);
      end = Math.max(end, r.timestamp);
    }
    out.push({
      id,
      project: names.get(cwd) ?? cwd,
      cwd,
      start,
      end,
      tokens,
      costUSD,
      dominantModel,
      tier: modelTier(dominantModel),
      ultracode: meta?.ultracode ?? false,
      models: perModel.map((m) => m.model),
    });
  }
  return out.sort((a, b) => (a.start === b.start ? compareText(a.id, b.id) : a.start < b.start ? -1 : 1));
}

/** Input + output tokens per local hour of day (0..23). */
export function hourlyUsage(records: readonly UsageRecord[], tz: string): number[] {
  const hours = new Array<number>(24).fill(0);
  const hourOf = memoByQuarter(localHour, tz);
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (isModel(r)) hours[hourOf(r.timestamp)]! += uiTokens(r.tokens);
  }
  return hours;
}

/** Consecutive-day runs of a sorted list of distinct `YYYY-MM-DD` dates. */
function streaks(days: readonly string[], today: string): {current: number; longest: number} {
  let longest = 0;
  let run = 0;
  for (let i = 0; i < days.length; i++) {
    run = i > 0 && daysBetween(days[i - 1]!, days[i]!) === 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
  }
  const active = new Set(days);
  let current = 0;
  for (let d = today; active.has(d); d = addDays(d, -1)) current++;
  return {current, longest};
}

/**
 * The Summary figures (aura-seed-spec 2.6). A day is active when it holds a usage record or a
 * session start. The current streak walks back from local today (0 when today is inactive);
 * the peak hour is the local hour with the most session starts (tie: the earlier hour).
 */
export function summaryStats(ds: UsageDataset, tz: string, now: number): SummaryStats {
  const totals = usageTotals(ds.records);
  const sessions = sessionSummaries(ds);
  const hourCounts = new Array<number>(24).fill(0);
  const active = new Set<string>();
  let longestSessionSecs = 0;
  for (const s of sessions) {
    if (Number.isFinite(s.start)) {
      hourCounts[localHour(s.start, tz)]!++;
      active.add(localDay(s.start, tz));
      if (Number.isFinite(s.end)) longestSessionSecs = Math.max(longestSessionSecs, Math.floor((s.end - s.start) / 1000));
    }
  }
  const dayOf = memoByQuarter(localDay, tz);
  for (let i = 0; i < ds.records.length; i++) {
    const r = ds.records[i]!;
    active.add(dayOf(r.timestamp));
  }
  const days = [...active].sort();
  const {current, longest} = streaks(days, localDay(now, tz));
  const peak = Math.max(...hourCounts);
  return {
    tokens: totals.tokens,
    costUSD: totals.costUSD,
    unpricedModels: totals.unpricedModels,
    favoriteModel: modelUsage(ds.records)[0]?.model ?? null,
    sessions: sessions.length,
    longestSessionSecs,
    activeDays: days.length,
    totalDays: days.length ? daysBetween(days[0]!, days[days.length - 1]!) + 1 : 0,
    currentStreak: current,
    longestStreak: longest,
    peakHour: peak > 0 ? hourCounts.indexOf(peak) : null,
    hourCounts,
  };
}
