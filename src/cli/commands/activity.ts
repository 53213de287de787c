// `aura activity [--json]`: the running Claude Code sessions, what they spawned and what it
// costs the machine. Two samples one second apart give the CPU figures.
import {setTimeout as sleep} from 'node:timers/promises';
import {DATA_OPTIONS, UsageError, parseCommandArgs} from '../args.js';
import {stderrLine, warnConfig} from '../print/stdout.js';
import {createProcessAdapter, type ProcessSource} from '../../adapters/processes.js';
import {ActivityMonitor} from '../../core/activity/monitor.js';
import {activityJson, cpuText, sessionFigures, sessionTitle, totalsLine} from '../../core/activity/present.js';
import {withTokensToday} from '../../core/activity/tokens.js';
import type {ActivityProcess, ActivityReport} from '../../core/activity/types.js';
import {loadConfig} from '../../core/config/index.js';
import {cleanText} from '../../core/text.js';
import {memory} from '../../core/format.js';
import {cacheDir} from '../../core/paths.js';
import {assertTimeZone} from '../../core/time.js';
import {systemTimeZone} from '../../adapters/system-zone.js';
import {RootsError, loadUsage, resolveClaudeRoots} from '../../core/usage.js';

type Env = Record<string, string | undefined>;

const SAMPLE_GAP_MS = 1000;

function zone(tz: string, source: string): string {
  try {
    return assertTimeZone(tz);
  } catch {
    throw new UsageError(`unknown time zone "${tz}" (${source}; expected an IANA name such as Europe/Paris)`);
  }
}

/** AURA_PROCESS_SOURCE=ps forces the ps-list + pidusage sampler (the default off Linux). */
function processSource(env: Env): ProcessSource | undefined {
  const v = env.AURA_PROCESS_SOURCE;
  if (v === undefined || v === '') return undefined;
  if (v !== 'proc' && v !== 'ps') throw new UsageError(`invalid AURA_PROCESS_SOURCE "${v}" (expected proc or ps)`);
  return v;
}

/** One process row and its subtree, with tree lines: "├─ node mcp", "│  └─ cargo build". */
function treeRows(p: ActivityProcess, prefix: string, branch: string, out: string[][]): void {
  out.push([String(p.pid), cpuText(p.cpuPercent), memory(p.memoryBytes), `${prefix}${branch}${p.label}`]);
  const childPrefix = prefix + (branch === '├─ ' ? '│  ' : branch === '└─ ' ? '   ' : '');
  p.children.forEach((c, i) => treeRows(c, childPrefix, i === p.children.length - 1 ? '└─ ' : '├─ ', out));
}

/** Columns padded to their widest cell; numbers right-aligned, the last column left. */
function alignRows(rows: string[][], indent: string): string[] {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  return rows.map((r) => indent + r.map((cell, col) => (col === r.length - 1 ? cell : cell.padStart(widths[col]!))).join('  ').trimEnd());
}

export function renderActivityText(report: ActivityReport): string {
  if (report.sessions.length === 0) return 'No Claude Code processes running.\n';
  const lines: string[] = [];
  for (const s of report.sessions) {
    lines.push(`${sessionTitle(s)}  ${sessionFigures(s)}`);
    if (s.cwd !== null) lines.push(`  ${s.cwd}`);
    const rows = [['PID', 'CPU', 'MEM', 'PROCESS']];
    treeRows(s.root, '', '', rows);
    lines.push(...alignRows(rows, '  '), '');
  }
  lines.push(totalsLine(report.totals));
  // Labels, cwds and project names come from other processes' argv and cwd: one line each, no escapes.
  return `${lines.map(cleanText).join('\n')}\n`;
}

export async function run(argv: string[], env: Env = process.env): Promise<number> {
  const {values} = parseCommandArgs(argv, DATA_OPTIONS, false);
  const source = processSource(env);
  const {config, error: configError} = loadConfig(env);
  warnConfig(configError);
  const tz = values.tz !== undefined ? zone(values.tz, '--tz') : config.data.timezone ? zone(config.data.timezone, '[data] timezone') : systemTimeZone();
  const claudeDirs = values['claude-dir'] ?? (config.data.claude_dirs.length ? config.data.claude_dirs : undefined);

  // Without any Claude root the processes still show, only unlinked to their sessions.
  let projectsDirs: string[] = [];
  try {
    projectsDirs = resolveClaudeRoots(claudeDirs, env).projectsDirs;
  } catch (err) {
    if (!(err instanceof RootsError)) throw err;
    if (values['claude-dir'] !== undefined) throw new UsageError(err.message);
  }

  const adapter = createProcessAdapter({projectsDirs, source});
  let report: ActivityReport;
  try {
    const monitor = new ActivityMonitor(adapter);
    await monitor.tick();
    await sleep(SAMPLE_GAP_MS);
    report = await monitor.tick();
  } catch (err) {
    stderrLine(`aura: cannot read the process table: ${(err as Error).message.split('\n')[0]}`);
    return 1;
  } finally {
    adapter.close();
  }

  if (report.sessions.some((s) => s.sessionId !== null)) {
    try {
      const dataset = await loadUsage({claudeDirs, env, cacheDir: cacheDir(env)});
      report = withTokensToday(report, dataset, tz, Date.now());
    } catch (err) {
      stderrLine(`aura: tokens today unavailable: ${(err as Error).message.split('\n')[0]}`);
    }
  }

  process.stdout.write(values.json ? `${JSON.stringify(activityJson(report), null, 2)}\n` : renderActivityText(report));
  return 0;
}
