// The documents of `aura report` (JSON shapes as listed in the README) and their text tables.
// Pure: a filtered dataset in, a JSON-ready object or a string out.
import {dailyUsageTotals, modelUsage, projectUsage, sessionSummaries, usageTotals, type UsageTotals} from '../../core/aggregate.js';
import {compact, shortModel, thousands, usd} from '../../core/format.js';
import {computeInsights, roiSentence, sharePercent} from '../../core/insights.js';
import {cleanText} from '../../core/text.js';
import {localDateTime} from '../../core/time.js';
import {uiTokens, type Diagnostics, type ModelTier, type TokenCounts, type UsageDataset} from '../../core/types.js';
// Type only: the table module pulls in string-width (tens of ms to load), which `--json` never
// needs, so renderReportText loads it on demand.
import type {TextColumn, formatTable} from './table.js';

type FormatTable = typeof formatTable;

export const REPORT_KINDS = ['daily', 'models', 'projects', 'sessions', 'insights'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export interface TokenFields {
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
}
type Priced = TokenFields & {costUSD: number};
export type Totals = Priced & {unpricedModels: string[]};

export interface DailyReport {
  timezone: string;
  days: (Priced & {date: string; models: (Priced & {model: string})[]})[];
  totals: Totals;
  diagnostics: Pick<Diagnostics, 'roots' | 'files' | 'skippedLines' | 'duplicatesDropped' | 'notices'>;
}
export interface ModelsReport {
  models: (Priced & {model: string})[];
  totals: Totals;
}
export interface ProjectsReport {
  projects: (Priced & {name: string; cwd: string})[];
  totals: Totals;
}
export interface SessionRow extends Priced {
  id: string;
  project: string;
  cwd: string;
  /** ISO 8601 (UTC). */
  start: string | null;
  end: string | null;
  dominantModel: string | null;
  tier: ModelTier;
  ultracode: boolean;
}
export interface SessionsReport {
  sessions: SessionRow[];
  totals: Totals;
}
export interface InsightsReport {
  topProjects: {name: string; cwd: string; tokens: number}[];
  topSessions: {id: string; project: string; tokens: number; tier: ModelTier; ultracode: boolean}[];
  ultracode: {ultracode: {count: number; avgTokens: number}; normal: {count: number; avgTokens: number}; multiplier: number | null};
  cache: {hitRatio: number | null; readTokens: number; writeTokens: number; savedUSD: number; unpricedModels: string[]};
}
export type ReportDocument = DailyReport | ModelsReport | ProjectsReport | SessionsReport | InsightsReport;

export interface ReportContext {
  tz: string;
  /** `[insights] top_n` (0 = all kept rows). */
  topN: number;
}

const fields = (t: TokenCounts): TokenFields => ({
  inputTokens: t.inputTokens,
  outputTokens: t.outputTokens,
  cacheCreationTokens: t.cacheCreationTokens,
  cacheReadTokens: t.cacheReadTokens,
});

const iso = (ms: number): string | null => (Number.isFinite(ms) ? new Date(ms).toISOString() : null);

function totalsOf(ds: UsageDataset, t: UsageTotals = usageTotals(ds.records)): Totals {
  return {...fields(t.tokens), costUSD: t.costUSD, unpricedModels: t.unpricedModels};
}

/** The JSON document of one report kind over an already period-filtered dataset. */
export function buildReport(kind: ReportKind, ds: UsageDataset, ctx: ReportContext): ReportDocument {
  switch (kind) {
    case 'daily': {
      const d = ds.diagnostics;
      const {days, totals} = dailyUsageTotals(ds.records, ctx.tz);
      return {
        timezone: ctx.tz,
        days: days.map((day) => ({
          date: day.date,
          ...fields(day.tokens),
          costUSD: day.costUSD,
          models: day.models.map((m) => ({model: m.model, ...fields(m.tokens), costUSD: m.costUSD})),
        })),
        totals: totalsOf(ds, totals),
        diagnostics: {roots: d.roots, files: d.files, skippedLines: d.skippedLines, duplicatesDropped: d.duplicatesDropped, notices: d.notices},
      };
    }
    case 'models':
      return {models: modelUsage(ds.records).map((m) => ({model: m.model, ...fields(m.tokens), costUSD: m.costUSD})), totals: totalsOf(ds)};
    case 'projects':
      return {projects: projectUsage(ds).map((p) => ({name: p.name, cwd: p.cwd, ...fields(p.tokens), costUSD: p.costUSD})), totals: totalsOf(ds)};
    case 'sessions':
      return {
        sessions: sessionSummaries(ds).map((s) => ({
          id: s.id,
          project: s.project,
          cwd: s.cwd,
          start: iso(s.start),
          end: iso(s.end),
          ...fields(s.tokens),
          costUSD: s.costUSD,
          dominantModel: s.dominantModel,
          tier: s.tier,
          ultracode: s.ultracode,
        })),
        totals: totalsOf(ds),
      };
    case 'insights': {
      const ins = computeInsights(ds, {topN: ctx.topN});
      return {
        topProjects: ins.topProjects.map((p) => ({name: p.name, cwd: p.cwd, tokens: uiTokens(p.tokens)})),
        topSessions: ins.topSessions.map((s) => ({id: s.id, project: s.project, tokens: uiTokens(s.tokens), tier: s.tier, ultracode: s.ultracode})),
        ultracode: ins.roi,
        cache: ins.cache,
      };
    }
  }
}

// ---- text ----

const TOKEN_COLUMNS: TextColumn<Priced>[] = [
  {header: 'INPUT', value: (r) => r.inputTokens},
  {header: 'OUTPUT', value: (r) => r.outputTokens},
  {header: 'CACHE WRITE', value: (r) => r.cacheCreationTokens},
  {header: 'CACHE READ', value: (r) => r.cacheReadTokens},
  {header: 'COST', value: (r) => usd(r.costUSD), align: 'right'},
];

/** Leading label columns, the token and cost columns, trailing columns, and a TOTAL row. */
function usageTable<R extends Priced>(table: FormatTable, lead: TextColumn<R>[], rows: readonly R[], totals: Totals, tail: TextColumn<R>[] = []): string {
  interface Line {
    row?: R;
    priced: Priced;
  }
  const labelled = (c: TextColumn<R>, label: string): TextColumn<Line> => ({...c, value: (l) => (l.row ? c.value(l.row) : label)});
  const columns: TextColumn<Line>[] = [
    ...lead.map((c, i) => labelled(c, i === 0 ? 'TOTAL' : '')),
    ...TOKEN_COLUMNS.map((c): TextColumn<Line> => ({...c, value: (l) => c.value(l.priced)})),
    ...tail.map((c) => labelled(c, '')),
  ];
  let out = table(
    rows.map((row) => ({row, priced: row})),
    columns,
    {footer: [{priced: totals}]},
  );
  if (totals.unpricedModels.length) out += `cost excludes unpriced models (a lower bound): ${cleanText(totals.unpricedModels.join(', '))}\n`;
  return out;
}

function insightsText(table: FormatTable, r: InsightsReport): string {
  const parts: string[] = [];
  const maxProject = Math.max(0, ...r.topProjects.map((p) => p.tokens));
  parts.push(
    'TOP PROJECTS\n' +
      (r.topProjects.length
        ? table(r.topProjects, [
            {header: 'PROJECT', value: (p) => p.name},
            {header: 'TOKENS', value: (p) => p.tokens},
            {header: 'SHARE', value: (p) => sharePercent(p.tokens / maxProject), align: 'right'},
            {header: 'CWD', value: (p) => p.cwd},
          ])
        : 'No project activity in this period.\n'),
  );
  parts.push(
    'TOP SESSIONS\n' +
      (r.topSessions.length
        ? table(r.topSessions, [
            {header: 'SESSION', value: (s) => s.id},
            {header: 'PROJECT', value: (s) => s.project},
            {header: 'TOKENS', value: (s) => s.tokens},
            {header: 'TIER', value: (s) => s.tier},
            {header: 'MODE', value: (s) => (s.ultracode ? 'ultracode' : '')},
          ])
        : 'No sessions in this period.\n'),
  );
  const {ultracode: u, normal: n, multiplier} = r.ultracode;
  const side = (label: string, s: {count: number; avgTokens: number}) => `${label}  ${thousands(s.count)} session${s.count === 1 ? '' : 's'} · avg ${compact(s.avgTokens)}`;
  parts.push(
    'ULTRACODE ROI\n' +
      (u.count + n.count === 0
        ? 'No sessions in this period.\n'
        : `${side('ultracode', u)}\n${side('normal   ', n)}\n` + (multiplier === null ? '' : `${roiSentence(multiplier)}\n`)),
  );
  const c = r.cache;
  parts.push(
    'CACHE EFFICIENCY\n' +
      (c.hitRatio === null
        ? 'No cache activity yet.\n'
        : `${Math.round(c.hitRatio * 100)} % of context served from cache\n` +
          `cache read: ${thousands(c.readTokens)} · cache write: ${thousands(c.writeTokens)}\n` +
          `≈ ${usd(c.savedUSD)} saved vs uncached input` +
          (c.unpricedModels.length ? ` (unpriced, not counted: ${cleanText(c.unpricedModels.join(', '))})` : '') +
          '\n'),
  );
  parts.push('ⓘ ultracode is inferred from session content\n');
  return parts.join('\n');
}

/** The text form of a report: aligned tables with a totals row; "No usage" when empty. */
export async function renderReportText(kind: ReportKind, doc: ReportDocument, ctx: ReportContext): Promise<string> {
  const {formatTable: table} = await import('./table.js');
  switch (kind) {
    case 'daily': {
      const r = doc as DailyReport;
      if (!r.days.length) return 'No usage in this period.\n';
      return usageTable(table, [{header: 'DATE', value: (d) => d.date}], r.days, r.totals, [
        {header: 'MODELS', value: (d) => d.models.map((m) => shortModel(m.model)).join(', ')},
      ]);
    }
    case 'models': {
      const r = doc as ModelsReport;
      if (!r.models.length) return 'No usage in this period.\n';
      return usageTable(table, [{header: 'MODEL', value: (m) => m.model}], r.models, r.totals);
    }
    case 'projects': {
      const r = doc as ProjectsReport;
      if (!r.projects.length) return 'No usage in this period.\n';
      return usageTable(table, [{header: 'PROJECT', value: (p) => p.name}], r.projects, r.totals, [{header: 'CWD', value: (p) => p.cwd}]);
    }
    case 'sessions': {
      const r = doc as SessionsReport;
      if (!r.sessions.length) return 'No sessions in this period.\n';
      return usageTable(
        table,
        [
          {header: 'START', value: (s) => (s.start ? localDateTime(Date.parse(s.start), ctx.tz) : '')},
          {header: 'SESSION', value: (s) => s.id},
          {header: 'PROJECT', value: (s) => s.project},
        ],
        r.sessions,
        r.totals,
        [
          {header: 'MODEL', value: (s) => (s.dominantModel ? shortModel(s.dominantModel) : '—')},
          {header: 'MODE', value: (s) => (s.ultracode ? 'ultracode' : '')},
        ],
      );
    }
    case 'insights':
      return insightsText(table, doc as InsightsReport);
  }
}
