// Where the fleet secret (and an optional broker token) live: the OS keychain through
// @napi-rs/keyring, else a 0600 file in a 0700 folder under dataDir() (aura-seed-spec §6.7).
// On Linux the Secret Service store is pinned: the library's automatic fallback is the kernel
// keyring, which is in memory only and would lose the secret at reboot.
import {chmodSync, mkdirSync, readFileSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {writeFileAtomic} from '../core/config/load.js';
import {dataDir} from '../core/paths.js';

type Env = Record<string, string | undefined>;
export type StoreKind = 'keyring' | 'file';

interface KeyringEntry {
  getPassword(): Promise<string | null | undefined>;
  setPassword(password: string): Promise<void>;
  deletePassword(): Promise<boolean>;
}

/** One named secret: a keychain entry with a file fallback. */
export class SecretSlot {
  constructor(
    private readonly service: string,
    private readonly fileName: string,
    private readonly env: Env = process.env,
  ) {}

  get filePath(): string {
    return join(dataDir(this.env), this.fileName);
  }

  /** AURA_SECRET_BACKEND=file skips the keychain (CI, tests, machines without one). */
  private get fileOnly(): boolean {
    return this.env.AURA_SECRET_BACKEND === 'file';
  }

  private async entry(): Promise<KeyringEntry> {
    // Loaded lazily: fleet off means no keychain access at all, and a platform without a
    // prebuilt binding lands in the file fallback instead of failing at import.
    const {AsyncEntry} = await import('@napi-rs/keyring');
    const account = this.env.USER || this.env.USERNAME || 'aura';
    const options = process.platform === 'linux' ? {linux: {store: 'secret-service' as const}} : undefined;
    return new AsyncEntry(this.service, account, options) as unknown as KeyringEntry;
  }

  private readFile(): string | null {
    try {
      const text = readFileSync(this.filePath, 'utf8').trim();
      return text === '' ? null : text;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  private writeFile(value: string): void {
    const dir = dataDir(this.env);
    mkdirSync(dir, {recursive: true, mode: 0o700});
    chmodSync(dir, 0o700);
    writeFileAtomic(this.filePath, `${value}\n`); // created 0600
    chmodSync(this.filePath, 0o600);
  }

  /** The stored value and where it was found; the keychain wins over the file. */
  async load(): Promise<{value: string; store: StoreKind} | null> {
    if (!this.fileOnly) {
      try {
        const value = await (await this.entry()).getPassword();
        if (value) return {value, store: 'keyring'};
      } catch {
        // no usable keychain: the file is the store
      }
    }
    const value = this.readFile();
    return value === null ? null : {value, store: 'file'};
  }

  /** Store in the keychain when one works, else in the file; the other store is cleared. */
  async save(value: string): Promise<StoreKind> {
    if (!this.fileOnly) {
      try {
        await (await this.entry()).setPassword(value);
        rmSync(this.filePath, {force: true});
        return 'keyring';
      } catch {
        // fall through to the file
      }
    }
    this.writeFile(value);
    return 'file';
  }

  /** Remove from both stores. */
  async delete(): Promise<void> {
    if (!this.fileOnly) {
      try {
        await (await this.entry()).deletePassword();
      } catch {
        // nothing stored there, or no keychain
      }
    }
    rmSync(this.filePath, {force: true});
  }
}

export const fleetSecretSlot = (env: Env = process.env): SecretSlot => new SecretSlot('aura-fleet-secret', 'fleet-secret', env);
/** Bearer token of a self-hosted broker (`aura pair token`). */
export const brokerTokenSlot = (env: Env = process.env): SecretSlot => new SecretSlot('aura-fleet-broker-token', 'fleet-broker-token', env);

export const storeDescription = (store: StoreKind, slot: SecretSlot): string =>
  store === 'keyring'
    ? `OS keychain (${process.platform === 'darwin' ? 'Keychain' : process.platform === 'win32' ? 'Credential Manager' : 'Secret Service'})`
    : `file ${slot.filePath} (mode 0600)`;
