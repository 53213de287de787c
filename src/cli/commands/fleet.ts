// `aura fleet [--json]`: every machine of the fleet and its share of the account's windows (the
// Fleet tab as text). `aura fleet run`: the sync loop in the foreground, for a service manager.
import {hbar} from '../../core/chart.js';
import {loadConfig} from '../../core/config/load.js';
import {warnConfig} from '../print/stdout.js';
import {ageText, accountText, fleetView, rowLabel, shareText, FLEET_TEXT, type FleetView} from '../../core/fleet/view.js';
import {loadSecret} from '../../sync/identity.js';
import {readState, stateIsLive} from '../../sync/state-file.js';
import {startFleetService} from '../../sync/service.js';
import {parseCommandArgs, UsageError} from '../args.js';

const BAR = 10;

function textLines(view: FleetView, broker: string): string[] {
  const out: string[] = [];
  if (view.status !== 'unpaired') out.push(accountText(view.account));
  if (view.brokerUnreachable) out.push(`${FLEET_TEXT.unreachable}${view.brokerError ? ` (${view.brokerError})` : ''}`);
  if (view.message) out.push(view.message);
  if (view.rows.length > 0) {
    out.push('');
    const labelWidth = Math.max(...view.rows.map((r) => rowLabel(r).length));
    for (const r of view.rows) {
      const bar = (share: number | null) => (share === null ? '░'.repeat(BAR) : hbar(share, BAR).padEnd(BAR, '░'));
      out.push(
        `${r.stale ? '○' : '●'} ${rowLabel(r).padEnd(labelWidth)}  ${ageText(r.ageSecs).padEnd(16)}  ` +
          `5h ${bar(r.sessionShare)} ${shareText(r.sessionShare).padStart(4)}   wk ${bar(r.weeklyShare)} ${shareText(r.weeklyShare).padStart(4)}`,
      );
    }
  }
  if (view.warnings.length > 0) out.push('', ...view.warnings);
  if (view.status !== 'unpaired') out.push('', `broker: ${broker}`);
  return out;
}

function jsonOut(view: FleetView, extra: {machineId: string | null; broker: string; brokerStatus: string | null}) {
  return {
    status: view.status,
    message: view.message,
    machine_id: extra.machineId,
    broker: {url: extra.broker, status: extra.brokerStatus, error: view.brokerError},
    account: view.account && {session_pct: view.account.sessionPct, weekly_pct: view.account.weeklyPct, from: view.account.from},
    machines: view.rows.map((r) => ({
      machine_id: r.machineId,
      label: r.label,
      you: r.isSelf,
      stale: r.stale,
      age_secs: r.ageSecs,
      session_share: r.sessionShare,
      weekly_share: r.weeklyShare,
      session_tokens: r.sessionTokens,
      weekly_tokens: r.weeklyTokens,
      session_pct: r.sessionPct,
      weekly_pct: r.weeklyPct,
    })),
    drops: view.drops,
    warnings: view.warnings,
  };
}

async function show(json: boolean): Promise<number> {
  const {config, error} = loadConfig();
  warnConfig(error);
  let paired = false;
  let secretWarnings: string[] = [];
  try {
    const found = config.fleet.enabled ? await loadSecret() : null;
    paired = found !== null;
    secretWarnings = found?.warnings ?? [];
  } catch (err) {
    process.stderr.write(`aura: ${(err as Error).message}\n`);
    return 1;
  }
  const state = readState();
  const fleet = fleetView({paired, state, syncing: stateIsLive(state), now: Date.now()});
  const view = {...fleet, warnings: [...secretWarnings.map((w) => `warning: ${w}`), ...fleet.warnings]};
  if (json) {
    const out = jsonOut(view, {machineId: state?.machineId ?? null, broker: config.fleet.broker_url, brokerStatus: state?.broker.status ?? null});
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    process.stdout.write(`${textLines(view, config.fleet.broker_url).join('\n')}\n`);
  }
  return 0;
}

async function runForeground(): Promise<number> {
  const {config, error} = loadConfig();
  warnConfig(error);
  if (!config.fleet.enabled) {
    process.stderr.write('aura: the fleet is off ([fleet] enabled = false); pair this machine with `aura pair` first\n');
    return 1;
  }
  const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
  const service = startFleetService({config, log});
  const stop = () => void service.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await service.done;
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  log('stopped');
  return 0;
}

export async function run(argv: string[]): Promise<number> {
  const {values, positionals} = parseCommandArgs(argv, {json: {type: 'boolean'}});
  const [sub, ...rest] = positionals;
  if (sub === 'run') {
    if (rest.length > 0 || values.json) throw new UsageError('usage: aura fleet run');
    return runForeground();
  }
  if (sub !== undefined) throw new UsageError(`unknown fleet command "${sub}" (usage: aura fleet [--json] | aura fleet run)`);
  return show(values.json === true);
}
