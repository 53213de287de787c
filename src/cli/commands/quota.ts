// `aura quota [--json]`: the 5-hour and weekly windows, their forecast and the session budget.
import {getQuotaSnapshot} from '../../adapters/quota-service.js';
import {loadConfig} from '../../core/config/index.js';
import {warnConfig} from '../print/stdout.js';
import {cacheDir, expandHome} from '../../core/paths.js';
import {computePacing, type PacingResult} from '../../core/quota/pacing.js';
import {
  budgetFigures,
  budgetHeadline,
  calibrationText,
  forecastSubline,
  forecastText,
  provenanceText,
  quotaReport,
  resetText,
  usedText,
  type Clock,
} from '../../core/quota/present.js';
import {FORECAST_STATUS_LABELS, forecastWindows, NO_FORECAST_TEXT} from '../../core/quota/forecast.js';
import {BUDGET_STATUS_LABELS} from '../../core/quota/pacing.js';
import {posixLocale, uses12HourClock} from '../../core/quota/reset-time.js';
import type {QuotaSnapshot} from '../../core/quota/types.js';
import {assertTimeZone} from '../../core/time.js';
import {systemTimeZone} from '../../adapters/system-zone.js';
import type {UsageRecord} from '../../core/types.js';
import {loadUsage, resolveClaudeRoots} from '../../core/usage.js';
import {DATA_OPTIONS, UsageError, parseCommandArgs} from '../args.js';

type Env = Record<string, string | undefined>;

/** Claude config dirs for the credentials, even when none of them has transcripts yet. */
function claudeConfigDirs(dirs: readonly string[] | undefined, env: Env): string[] {
  try {
    return resolveClaudeRoots(dirs, env).configDirs;
  } catch {
    if (dirs && dirs.length) return dirs.map((d) => expandHome(d, env));
    if (env.CLAUDE_CONFIG_DIR) return env.CLAUDE_CONFIG_DIR.split(',').map((d) => expandHome(d.trim(), env)).filter(Boolean);
    return [expandHome('~/.config/claude', env), expandHome('~/.claude', env)];
  }
}

function zone(tz: string, source: string): string {
  try {
    return assertTimeZone(tz);
  } catch {
    throw new UsageError(`unknown time zone "${tz}" (${source}; expected an IANA name such as Europe/Paris)`);
  }
}

const pad = (s: string, n: number) => (s.length >= n ? `${s} ` : s.padEnd(n));

function renderText(s: QuotaSnapshot, pacing: PacingResult | null, c: Clock): string {
  const out: string[] = [];
  const sub = s.subscriptionType ? ` · Subscription: ${s.subscriptionType}` : '';
  out.push(`Quota: ${provenanceText(s, c.now)}${sub}`);
  if (s.note) out.push(`note: ${s.note}`);
  if (s.windows.length === 0) out.push('No quota data available.');
  const w0 = Math.max(12, ...s.windows.map((w) => w.label.length + 2));
  for (const w of s.windows) out.push(`  ${pad(w.label, w0)}${pad(usedText(w), 16)}${resetText(w, c)}${w.binding ? '  [binding]' : ''}`);
  out.push('', 'Forecast');
  const forecasts = forecastWindows(s.windows, c.now);
  if (forecasts.length === 0) out.push(`  ${NO_FORECAST_TEXT}`);
  for (const f of forecasts) {
    out.push(`  ${pad(f.label, w0)}${pad(FORECAST_STATUS_LABELS[f.status], 10)}${pad(forecastText(f), 12)}${forecastSubline(f, c)}`);
  }
  if (pacing) {
    const b = pacing.budget;
    out.push('', `Session budget  ${BUDGET_STATUS_LABELS[b.status]}`);
    const head = budgetHeadline(b);
    if (head) out.push(`  ${head} (${budgetFigures(b)})`);
    out.push(`  ${b.note}`);
    out.push(`  ${calibrationText(pacing)}`);
  }
  return `${out.join('\n')}\n`;
}

export async function run(argv: string[], env: Env = process.env): Promise<number> {
  const {values, positionals} = parseCommandArgs(argv, DATA_OPTIONS);
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const {config, error: configError} = loadConfig(env);
  warnConfig(configError);
  if (!config.quota.enabled) {
    process.stderr.write('aura: quota is turned off ([quota] enabled = false)\n');
    return 1;
  }
  const tz = values.tz !== undefined ? zone(values.tz, '--tz') : config.data.timezone ? zone(config.data.timezone, '[data] timezone') : systemTimeZone();
  const dirs = values['claude-dir'] ?? (config.data.claude_dirs.length ? config.data.claude_dirs : undefined);

  // Records feed the local estimate and pacing; without them the windows still show.
  let records: UsageRecord[] | null = null;
  let readError: string | null = null;
  try {
    records = (await loadUsage({claudeDirs: dirs, env, cacheDir: cacheDir(env)})).records;
  } catch (err) {
    readError = (err as Error).message.split('\n')[0]!;
  }
  const snapshot = await getQuotaSnapshot({config, configDirs: claudeConfigDirs(dirs, env), env, records});
  const now = Date.now();
  const pacing = config.pacing.enabled
    ? computePacing(snapshot, records, now, tz, {historyDays: config.pacing.history_days, minTokens: config.pacing.active_session_min_tokens})
    : null;
  if (values.json) {
    process.stdout.write(`${JSON.stringify({...quotaReport(snapshot, now, pacing), ...(readError ? {usageReadError: readError} : {})}, null, 2)}\n`);
  } else {
    process.stdout.write(renderText(snapshot, pacing, {now, tz, twelveHour: uses12HourClock(posixLocale(env))}));
    if (readError) process.stderr.write(`aura: transcripts not read (${readError}): no local estimate or pacing\n`);
  }
  return 0;
}
