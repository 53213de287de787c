// The quota reading every part of aura uses (tabs, `aura quota`, the fleet heartbeat).
// Sources, best first: a fresh statusline record, the usage API (through one cache file shared
// by all aura processes, a lock so only one of them asks, and the back-off rules), the last good
// reading marked stale, and finally a labelled local estimate.
import {createHash} from 'node:crypto';
import {join} from 'node:path';
import type {AuraConfig} from '../core/config/schema.js';
import {isAllowedServiceUrl} from '../core/config/values.js';
import {cacheDir} from '../core/paths.js';
import {localEstimateWindows} from '../core/quota/estimate.js';
import {applyOutcome, decidePoll, emptyPollState, nextPollAt, restorePollState, type PollState} from '../core/quota/poll-policy.js';
import {untilText} from '../core/quota/reset-time.js';
import type {QuotaSnapshot} from '../core/quota/types.js';
import type {UsageRecord} from '../core/types.js';
import {writeFileAtomic} from './atomic-write.js';
import {EXPIRED_NOTE, isExpired, readCredentials} from './credentials.js';
import {tryPidLock} from './pid-lock.js';
import {readRegularFile} from './safe-read.js';
import {readStatuslineRecord, STATUSLINE_FRESH_MS} from './statusline-record.js';
import {fetchUsage, usageUrl} from './usage-api.js';

type Env = Record<string, string | undefined>;

export interface QuotaServiceOptions {
  config: Pick<AuraConfig, 'quota'>;
  /** Claude config dirs (`resolveClaudeRoots(...).configDirs`): the first holding credentials wins. */
  configDirs: readonly string[];
  env?: Env;
  now?: () => number;
  /** Index records, for the local estimate when nothing live is known. */
  records?: readonly UsageRecord[] | null;
  /** Usage API deadline (default 10 s). */
  timeoutMs?: number;
  platform?: string;
  /** Only what is known already (cache, statusline record): no request, whatever the policy says. */
  offline?: boolean;
}

export const quotaCachePath = (env: Env): string => join(cacheDir(env), 'quota.json');

type CacheFile = {v: 1; accounts: Record<string, PollState>};

/**
 * The shared cache, each account's entry checked (restorePollState): an entry with an unusable
 * value is dropped, and a FIFO, device or oversized file at the path reads as no cache.
 */
function readCache(env: Env, now: number): CacheFile {
  const cache: CacheFile = {v: 1, accounts: {}};
  try {
    const data = JSON.parse(readRegularFile(quotaCachePath(env))) as {v?: unknown; accounts?: unknown};
    if (data?.v !== 1 || typeof data.accounts !== 'object' || data.accounts === null) return cache;
    for (const [key, raw] of Object.entries(data.accounts)) {
      const state = restorePollState(raw, now);
      if (state) cache.accounts[key] = state;
    }
  } catch {
    // missing or damaged: start afresh
  }
  return cache;
}

function writeCache(env: Env, cache: CacheFile): void {
  writeFileAtomic(quotaCachePath(env), JSON.stringify(cache));
}

/** Cache key: endpoint + where the token came from (never the token). */
const accountKey = (url: string, source: string): string => createHash('sha256').update(`${url}\n${source}`).digest('hex').slice(0, 16);

const inflight = new Map<string, Promise<PollState>>();

interface PollArgs {
  env: Env;
  key: string;
  url: string;
  token: string;
  refreshMs: number;
  now: number;
  timeoutMs: number | undefined;
}

/** The account's state after asking the API if (and only if) the policy allows it now. */
function poll(a: PollArgs): Promise<PollState> {
  const current = readCache(a.env, a.now).accounts[a.key] ?? emptyPollState();
  if (!decidePoll(current, a.now, a.refreshMs).fetch) return Promise.resolve(current);
  const running = inflight.get(a.key);
  if (running) return running;
  const p = (async () => {
    // One request across aura's processes: another one is asking right now.
    const lock = tryPidLock(join(cacheDir(a.env), 'quota.lock'));
    if (!lock) return current;
    try {
      // Re-read under the lock: another process may have just finished a request.
      const cache = readCache(a.env, a.now);
      const state = cache.accounts[a.key] ?? emptyPollState();
      if (!decidePoll(state, a.now, a.refreshMs).fetch) return state;
      const outcome = await fetchUsage({url: a.url, token: a.token, timeoutMs: a.timeoutMs});
      const next = applyOutcome(state, outcome, a.now);
      cache.accounts[a.key] = next;
      writeCache(a.env, cache);
      return next;
    } finally {
      lock.release();
    }
  })().finally(() => inflight.delete(a.key));
  inflight.set(a.key, p);
  return p;
}

/** Current quota windows with their source, staleness and a one-line note. Never throws for I/O. */
const INSECURE_URL_NOTE = 'usage URL refused: it must be https:// (plain http:// only to localhost, 127.0.0.0/8 or [::1]); no request sent';

export async function getQuotaSnapshot(opts: QuotaServiceOptions): Promise<QuotaSnapshot> {
  const env = opts.env ?? process.env;
  const now = (opts.now ?? Date.now)();
  const recorded = readStatuslineRecord(env, now);
  const creds = await readCredentials(opts.configDirs, env, opts.platform);
  const subscriptionType = creds.ok ? creds.credentials.subscriptionType : null;
  if (recorded && now - recorded.capturedAt >= 0 && now - recorded.capturedAt < STATUSLINE_FRESH_MS) {
    return {windows: recorded.windows, source: 'statusline', fetchedAt: recorded.capturedAt, stale: false, note: recorded.note, subscriptionType};
  }

  let note: string | null;
  let state: PollState | null = null;
  const refreshMs = opts.config.quota.refresh_secs * 1000;
  if (!creds.ok) note = creds.reason;
  else if (isExpired(creds.credentials, now)) note = EXPIRED_NOTE;
  // AURA_USAGE_URL skips config validation: the token must still never cross the network in clear.
  else if (!isAllowedServiceUrl(usageUrl(opts.config.quota.usage_url, env))) note = INSECURE_URL_NOTE;
  else {
    const url = usageUrl(opts.config.quota.usage_url, env);
    const key = accountKey(url, creds.credentials.source);
    try {
      state = opts.offline
        ? (readCache(env, now).accounts[key] ?? emptyPollState())
        : await poll({env, key, url, token: creds.credentials.accessToken, refreshMs, now, timeoutMs: opts.timeoutMs});
      note = state.lastError;
      if (state.blockedUntil !== null && now < state.blockedUntil) note = `${note ?? 'usage API rate limit'} — next try in ${untilText(state.blockedUntil, now)}`;
    } catch (err) {
      // The cache dir itself failed (read-only disk, …): say so, keep going.
      note = `quota cache unusable: ${(err as Error).message}`;
    }
  }

  const api = state?.lastGood ?? null;
  // Only when a request can be made at all (a usable token and cache): when the next one may go out.
  const next = state ? {nextPollAt: nextPollAt(state, refreshMs)} : {};
  const fromStatusline = recorded !== null && (!api || recorded.capturedAt > api.fetchedAt);
  if (fromStatusline) {
    return {windows: recorded.windows, source: 'statusline', fetchedAt: recorded.capturedAt, stale: true, note: note ?? 'statusline reading is older than 5 minutes', subscriptionType, ...next};
  }
  if (api) return {windows: api.windows, source: 'api', fetchedAt: api.fetchedAt, stale: note !== null, note: note ?? api.note ?? null, subscriptionType, ...next};
  if (opts.records) {
    return {windows: localEstimateWindows(opts.records, now), source: 'estimate', fetchedAt: now, stale: false, note: `${note ?? 'no live quota reading yet'}; showing local token counts`, subscriptionType, ...next};
  }
  return {windows: [], source: 'unavailable', fetchedAt: now, stale: false, note: note ?? 'Quota data is not available right now.', subscriptionType, ...next};
}
