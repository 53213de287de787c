// `aura report daily|models|projects|sessions|insights`: headless usage reports, text or JSON.
import {DATA_OPTIONS, PERIOD_OPTIONS, UsageError, parseCommandArgs} from '../args.js';
import {filterDataset} from '../../core/aggregate.js';
import {loadConfig} from '../../core/config/index.js';
import {cacheDir} from '../../core/paths.js';
import {assertTimeZone, isIsoDay} from '../../core/time.js';
import {systemTimeZone} from '../../adapters/system-zone.js';
import {PERIODS, type Diagnostics, type Period} from '../../core/types.js';
import {RootsError, loadUsage} from '../../core/usage.js';
import {stderrLine, warnConfig, writeStdout} from '../print/stdout.js';
import {REPORT_KINDS, buildReport, renderReportText, type ReportKind} from '../print/usage-report.js';

type Env = Record<string, string | undefined>;

interface ReportArgs {
  kind: ReportKind;
  json: boolean;
  period: Period;
  since?: string;
  until?: string;
  /** Explicit zone (--tz), validated; undefined = config or system zone. */
  tz?: string;
  claudeDirs?: string[];
}

const KIND_LIST = `${REPORT_KINDS.slice(0, -1).join(', ')} or ${REPORT_KINDS.at(-1)}`;

function validDay(flag: string, value: string | undefined): string | undefined {
  // isIsoDay accepts "2026-02-30" (Date.parse rolls it over): require the date to round-trip.
  const real = (v: string) => isIsoDay(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
  if (value !== undefined && !real(value)) throw new UsageError(`invalid --${flag} "${value}" (expected a date YYYY-MM-DD)`);
  return value;
}

function validZone(tz: string): string {
  try {
    return assertTimeZone(tz);
  } catch {
    throw new UsageError(`unknown time zone "${tz}" (--tz expects an IANA name such as Europe/Paris)`);
  }
}

/** Parses and validates the arguments; every problem is a one-line UsageError. */
function parseReportArgs(argv: string[]): ReportArgs {
  const {values, positionals} = parseCommandArgs(argv, {...DATA_OPTIONS, ...PERIOD_OPTIONS});
  const [kind, extra] = positionals;
  if (kind === undefined) throw new UsageError(`report: which one? ${KIND_LIST}`);
  if (!(REPORT_KINDS as readonly string[]).includes(kind)) throw new UsageError(`unknown report "${kind}" (expected ${KIND_LIST})`);
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  const period = values.period ?? 'all';
  if (!(PERIODS as readonly string[]).includes(period)) throw new UsageError(`invalid --period "${period}" (expected all, 7d or 30d)`);
  const since = validDay('since', values.since);
  const until = validDay('until', values.until);
  if (since && until && since > until) throw new UsageError(`--since ${since} is after --until ${until}`);
  return {
    kind: kind as ReportKind,
    json: values.json ?? false,
    period: period as Period,
    since,
    until,
    tz: values.tz === undefined ? undefined : validZone(values.tz),
    claudeDirs: values['claude-dir'],
  };
}

/** One stderr line summing up what the reader noticed, or null when all was clean. */
export function noticeSummary(d: Diagnostics): string | null {
  const parts: string[] = [];
  if (d.notices.length) parts.push(d.notices.length === 1 ? `note: ${d.notices[0]}` : `${d.notices.length} notices (first: ${d.notices[0]})`);
  if (d.skippedLines) parts.push(`${d.skippedLines} malformed line${d.skippedLines === 1 ? '' : 's'} skipped`);
  return parts.length ? `aura: ${parts.join('; ')}` : null;
}

export async function run(argv: string[], env: Env = process.env): Promise<number> {
  const args = parseReportArgs(argv);
  const {config, error: configError} = loadConfig(env);
  warnConfig(configError);
  // The config loader has already validated [data] timezone (a bad one falls back with a warning).
  const tz = args.tz ?? (config.data.timezone || systemTimeZone());
  const claudeDirs = args.claudeDirs ?? (config.data.claude_dirs.length ? config.data.claude_dirs : undefined);
  const dataset = await loadUsage({claudeDirs, env, cacheDir: cacheDir(env)}).catch((err: unknown) => {
    throw err instanceof RootsError ? new UsageError(err.message) : err;
  });
  const filtered = filterDataset(dataset, {period: args.period, since: args.since, until: args.until, tz, now: Date.now()});
  const ctx = {tz, topN: config.insights.top_n};
  const doc = buildReport(args.kind, filtered, ctx);
  if (args.json) writeStdout(`${JSON.stringify(doc, null, 2)}\n`);
  else writeStdout(await renderReportText(args.kind, doc, ctx));
  // The daily JSON carries its notices in `diagnostics`; every other report says them on stderr.
  const summary = args.json && args.kind === 'daily' ? null : noticeSummary(dataset.diagnostics);
  if (summary) stderrLine(summary);
  return 0;
}
