// Where our heartbeat's numbers come from: the quota snapshot (window percentages and bounds)
// and this machine's records from the usage index. Never throws: a heartbeat with unknown
// numbers is still worth sending (peers keep seeing us alive).
import {getQuotaSnapshot} from '../adapters/quota-service.js';
import type {AuraConfig} from '../core/config/schema.js';
import {buildHeartbeat} from '../core/fleet/heartbeat.js';
import type {OwnHeartbeat} from '../core/fleet/types.js';
import {cacheDir} from '../core/paths.js';
import type {QuotaSnapshot} from '../core/quota/types.js';
import type {UsageRecord} from '../core/types.js';
import {resolveClaudeRoots, UsageIndex, type ClaudeRoots} from '../core/usage.js';

type Env = Record<string, string | undefined>;

export interface HeartbeatSourceOptions {
  machineId: string;
  label: string;
  config: AuraConfig;
  env?: Env;
  now?: () => number;
  /** Records the caller already holds (the dashboard's dataset); otherwise an index of our own is kept. */
  records?: () => readonly UsageRecord[] | null;
  /** Quota snapshot; default: the shared quota service. */
  quota?: (records: readonly UsageRecord[]) => Promise<QuotaSnapshot | null>;
}

export function heartbeatSource(opts: HeartbeatSourceOptions): () => Promise<OwnHeartbeat> {
  const env = opts.env ?? process.env;
  const now = opts.now ?? Date.now;
  let roots: ClaudeRoots | null = null;
  let index: UsageIndex | null = null;

  const ownRecords = async (): Promise<readonly UsageRecord[]> => {
    try {
      roots ??= resolveClaudeRoots(opts.config.data.claude_dirs, env);
      index ??= await UsageIndex.open({roots, cacheDir: cacheDir(env)});
      return (await index.refresh()).records;
    } catch {
      return []; // no Claude directory yet: this machine used nothing
    }
  };

  const defaultQuota = async (records: readonly UsageRecord[]): Promise<QuotaSnapshot> => {
    let configDirs: readonly string[] = [];
    try {
      configDirs = (roots ??= resolveClaudeRoots(opts.config.data.claude_dirs, env)).configDirs;
    } catch {
      // no roots: credentials can't be found either; the statusline record still can
    }
    return getQuotaSnapshot({config: opts.config, configDirs, env, now, records});
  };

  return async () => {
    // The caller's dataset may not be loaded yet (null): then our tokens are unknown for this beat.
    const records = opts.records ? opts.records() : await ownRecords();
    let snapshot: QuotaSnapshot | null = null;
    try {
      snapshot = await (opts.quota ?? defaultQuota)(records ?? []);
    } catch {
      // unknown percentages go out as 0 and tokens as null, as the protocol says
    }
    const hb = buildHeartbeat({machineId: opts.machineId, label: opts.label, snapshot, records: records ?? [], now: now()});
    return records ? hb : {...hb, session_tokens: null, weekly_tokens: null};
  };
}
