// The fleet service: take the publisher lock (or stand by until it frees up), load the secret,
// and run the sync loop, writing the state file after every step. The dashboard starts it while
// it is open; `aura fleet run` runs it in the foreground. Only one process per machine publishes.
import {hostname} from 'node:os';
import {base64} from '@scure/base';
import type {AuraConfig} from '../core/config/schema.js';
import {machineLabel} from '../core/fleet/heartbeat.js';
import {fleetSettings} from '../core/fleet/settings.js';
import {emptyDropCounts, type FleetState} from '../core/fleet/types.js';
import type {QuotaSnapshot} from '../core/quota/types.js';
import type {UsageRecord} from '../core/types.js';
import {heartbeatSource} from './heartbeat-source.js';
import {loadSecret, machineId} from './identity.js';
import {acquireLock, lockHolder, type PublisherLock} from './lock.js';
import {FleetLoop} from './loop.js';
import {ntfyClient} from './ntfy.js';
import {brokerTokenSlot} from './secret-store.js';
import {writeState} from './state-file.js';

type Env = Record<string, string | undefined>;

export interface FleetServiceOptions {
  config: AuraConfig;
  env?: Env;
  /** The dashboard passes its dataset's records so no second index is kept in the process. */
  records?: () => readonly UsageRecord[] | null;
  quota?: (records: readonly UsageRecord[]) => Promise<QuotaSnapshot | null>;
  /** One line per notable change (headless mode prints them); never receives the secret or topic. */
  log?: (line: string) => void;
}

export interface FleetService {
  /** Stop the loop, write a final "stopped" state and release the lock. */
  stop(): Promise<void>;
  /** Settles when the service has stopped. */
  done: Promise<void>;
}

/** How long a process without the secret waits before looking again (`aura pair` may run meanwhile). */
const UNPAIRED_RECHECK_MS = 5_000;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const finish = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', finish);
      resolve();
    };
    const timer = setTimeout(finish, ms);
    signal.addEventListener('abort', finish, {once: true});
  });
}

export function startFleetService(opts: FleetServiceOptions): FleetService {
  const env = opts.env ?? process.env;
  const log = opts.log ?? (() => {});
  const ctrl = new AbortController();
  const settings = fleetSettings(opts.config.fleet, env);
  const intervalMs = settings.intervalSecs * 1000;
  const brokerUrl = opts.config.fleet.broker_url.replace(/\/+$/, '');
  const label = machineLabel(opts.config.fleet.machine_label, hostname());

  const baseState = (id: string): FleetState => ({
    v: 1,
    pid: process.pid,
    writtenAt: Date.now(),
    paired: false,
    machineId: id,
    label,
    brokerUrl,
    intervalSecs: settings.intervalSecs,
    staleSecs: settings.staleSecs,
    self: null,
    peers: [],
    drops: emptyDropCounts(),
    broker: {status: 'starting', error: null, retryAt: null, lastOkAt: null},
  });

  const done = (async () => {
    let lock: PublisherLock | null = null;
    let loop: FleetLoop | null = null;
    let loopSecret = '';
    let last = null as FleetState | null;
    let standing = false;
    let secretError = '';
    let secretWarnings = '';
    const id = machineId(env, true)!;

    const report = (state: FleetState) => {
      if (state.paired && state.broker.status !== last?.broker.status) {
        if (state.broker.status === 'unreachable') {
          log(`broker unreachable (${state.broker.error}) — retrying in ${Math.ceil(((state.broker.retryAt ?? Date.now()) - Date.now()) / 1000)}s`);
        } else if (state.broker.status === 'ok') log(`connected to ${brokerUrl}`);
      }
      const known = new Set(last?.peers.map((p) => p.heartbeat.machine_id));
      for (const p of state.peers) if (!known.has(p.heartbeat.machine_id)) log(`machine joined: ${p.heartbeat.label}`);
      last = state;
      try {
        writeState(state, env);
      } catch (err) {
        log(`cannot write the fleet state: ${(err as Error).message}`);
      }
    };

    try {
      while (!ctrl.signal.aborted) {
        if (lock && !lock.held()) {
          [lock, loop, loopSecret] = [null, null, ''];
          log('another aura process took over the fleet loop');
        }
        lock ??= acquireLock(env);
        if (!lock) {
          if (!standing) log(`aura process ${lockHolder(env) ?? '?'} is syncing the fleet; standing by`);
          standing = true;
          await sleep(intervalMs, ctrl.signal);
          continue;
        }
        if (standing || last === null) log(`syncing as "${label}" (machine ${id}) every ${settings.intervalSecs}s`);
        standing = false;

        let found: Awaited<ReturnType<typeof loadSecret>> = null;
        try {
          found = await loadSecret(env);
          secretError = '';
          const warnings = (found?.warnings ?? []).join('\n');
          if (warnings !== '' && warnings !== secretWarnings) log(`warning: ${warnings.replace(/\n/g, '\nwarning: ')}`);
          secretWarnings = warnings;
        } catch (err) {
          if ((err as Error).message !== secretError) log((err as Error).message);
          secretError = (err as Error).message;
        }
        if (!found) {
          if (last?.paired !== false) log('not paired: waiting for `aura pair`');
          [loop, loopSecret] = [null, ''];
          report(baseState(id));
          await sleep(Math.min(intervalMs, UNPAIRED_RECHECK_MS), ctrl.signal);
          continue;
        }
        // A new secret (pairing again elsewhere in this machine) means a new topic: start over.
        const secretText = base64.encode(found.secret);
        if (!loop || secretText !== loopSecret) {
          const token = (await brokerTokenSlot(env).load())?.value ?? null;
          loop = new FleetLoop(
            {secret: found.secret, machineId: id, label, brokerUrl, settings},
            {
              client: ntfyClient({brokerUrl, token}),
              buildHeartbeat: heartbeatSource({machineId: id, label, config: opts.config, env, records: opts.records, quota: opts.quota}),
              now: Date.now,
              random: Math.random,
            },
          );
          loopSecret = secretText;
        }
        const delay = await loop.step(ctrl.signal);
        if (ctrl.signal.aborted) break;
        report(loop.state(process.pid));
        await sleep(delay, ctrl.signal);
      }
    } finally {
      if (lock?.held()) {
        if (last) writeState({...(loop?.state(process.pid) ?? last), broker: {...last.broker, status: 'stopped'}}, env);
        lock.release();
      }
    }
  })();
  // The loop never rejects on broker trouble; anything else is reported once, not thrown at exit.
  const settled = done.catch((err: Error) => log(`fleet loop stopped: ${err.message}`));
  return {
    stop: async () => {
      ctrl.abort();
      await settled;
    },
    done: settled,
  };
}
