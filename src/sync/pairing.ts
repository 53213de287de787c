// Pairing actions shared by `aura pair …` and the interactive prompt: create a fleet, join one
// with a code, leave, and report the status. Pairing turns `[fleet] enabled` on; leaving turns
// it off and deletes the secret from both stores.
import {hostname} from 'node:os';
import {loadConfig, setConfigValue} from '../core/config/load.js';
import {machineLabel} from '../core/fleet/heartbeat.js';
import {loadSecret, machineId, saveSecret} from './identity.js';
import {lockHolder, pidAlive} from './lock.js';
import {newSecret} from './crypto.js';
import {formatPairingCode, parsePairingCode} from './pairing-code.js';
import {fleetSecretSlot, storeDescription, type StoreKind} from './secret-store.js';
import {removeState} from './state-file.js';

type Env = Record<string, string | undefined>;

export interface PairResult {
  store: StoreKind;
  /** Where the secret went, for the user ("OS keychain (Secret Service)", "file …"). */
  storeText: string;
  machineId: string;
  label: string;
  /** Set when `[fleet] enabled` could not be written (the secret is stored all the same). */
  configWarning: string | null;
}

function setEnabled(on: boolean, env: Env): string | null {
  try {
    setConfigValue('fleet.enabled', String(on), env);
    return null;
  } catch (err) {
    return `could not set [fleet] enabled = ${on}: ${(err as Error).message}`;
  }
}

async function store(secret: Uint8Array, env: Env): Promise<PairResult> {
  const kind = await saveSecret(secret, env);
  return {
    store: kind,
    storeText: storeDescription(kind, fleetSecretSlot(env)),
    machineId: machineId(env, true)!,
    label: machineLabel(loadConfig(env).config.fleet.machine_label, hostname()),
    configWarning: setEnabled(true, env),
  };
}

/** A new fleet secret (replacing any previous one: the other machines must join again). */
export async function createFleet(env: Env = process.env): Promise<PairResult & {code: string}> {
  const secret = newSecret();
  const result = await store(secret, env);
  return {...result, code: formatPairingCode(secret)};
}

/** Join with a pasted code: validated (PairingCodeError) before anything is stored. */
export async function joinFleet(codeText: string, env: Env = process.env): Promise<PairResult> {
  const secret = parsePairingCode(codeText);
  return store(secret, env);
}

export async function leaveFleet(env: Env = process.env): Promise<{configWarning: string | null}> {
  await fleetSecretSlot(env).delete();
  removeState(env);
  return {configWarning: setEnabled(false, env)};
}

export interface PairStatus {
  paired: boolean;
  enabled: boolean;
  machine_id: string | null;
  label: string;
  broker: string;
  /** Which store holds the secret; null when not paired. */
  store: StoreKind | null;
  store_detail: string | null;
  /** pid of the aura process running the sync loop, if any. */
  syncing_pid: number | null;
  /** Set when the stored secret can't be read. */
  error: string | null;
  /** The secret file or its folder was open to other users (and was tightened when ours). */
  warnings: string[];
}

/** Never includes the secret or the topic. */
export async function pairStatus(env: Env = process.env): Promise<PairStatus> {
  const {config} = loadConfig(env);
  let found: Awaited<ReturnType<typeof loadSecret>> = null;
  let error: string | null = null;
  try {
    found = await loadSecret(env);
  } catch (err) {
    error = (err as Error).message;
  }
  const holder = lockHolder(env);
  return {
    paired: found !== null,
    enabled: config.fleet.enabled,
    machine_id: machineId(env, false),
    label: machineLabel(config.fleet.machine_label, hostname()),
    broker: config.fleet.broker_url,
    store: found?.store ?? null,
    store_detail: found ? storeDescription(found.store, fleetSecretSlot(env)) : null,
    syncing_pid: holder !== null && pidAlive(holder) ? holder : null,
    error,
    warnings: found?.warnings ?? [],
  };
}
