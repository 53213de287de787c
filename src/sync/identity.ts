// This machine's fleet identity: the shared secret (through the secret store) and its own
// machine id (uuid v4 in dataDir()/fleet-machine-id).
import {randomUUID} from 'node:crypto';
import {mkdirSync} from 'node:fs';
import {join} from 'node:path';
import {base64} from '@scure/base';
import {readRegularFile} from '../adapters/safe-read.js';
import {writeFileAtomic} from '../adapters/atomic-write.js';
import {dataDir} from '../core/paths.js';
import {SECRET_BYTES} from './pairing-code.js';
import {fleetSecretSlot, SecretStoreError, unreadable, type StoreKind} from './secret-store.js';

type Env = Record<string, string | undefined>;

export class CorruptSecretError extends Error {
  constructor() {
    super('the stored fleet secret is unreadable; run `aura pair leave`, then pair again');
  }
}

/** The fleet secret and where it is kept; null when this machine is not paired. `warnings`: see SecretSlot.load. */
export async function loadSecret(env: Env = process.env): Promise<{secret: Uint8Array; store: StoreKind; warnings: string[]} | null> {
  const found = await fleetSecretSlot(env).load();
  if (!found) return null;
  let secret: Uint8Array;
  try {
    secret = base64.decode(found.value);
  } catch {
    throw new CorruptSecretError();
  }
  if (secret.length !== SECRET_BYTES) throw new CorruptSecretError();
  return {secret, store: found.store, warnings: found.warnings};
}

export const saveSecret = (secret: Uint8Array, env: Env = process.env): Promise<StoreKind> => fleetSecretSlot(env).save(base64.encode(secret));

const machineIdPath = (env: Env): string => join(dataDir(env), 'fleet-machine-id');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The persisted machine id; created on first use when `create` (pairing, the sync loop). Without
 * `create` (status), an unreadable id (a folder or FIFO at the path, a file for the folder) is null.
 */
export function machineId(env: Env = process.env, create = true): string | null {
  try {
    const id = readRegularFile(machineIdPath(env), {maxBytes: 1024}).trim();
    if (UUID.test(id)) return id;
  } catch (err) {
    if (!create) return null;
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new SecretStoreError(unreadable(machineIdPath(env), err));
  }
  if (!create) return null;
  const id = randomUUID();
  mkdirSync(dataDir(env), {recursive: true, mode: 0o700});
  writeFileAtomic(machineIdPath(env), `${id}\n`);
  return id;
}
