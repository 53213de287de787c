// Where the fleet secret (and an optional broker token) live: the OS keychain through
// @napi-rs/keyring, else a 0600 file in a 0700 folder under dataDir() (aura-seed-spec §6.7).
// On Linux the Secret Service store is pinned: the library's automatic fallback is the kernel
// keyring, which is in memory only and would lose the secret at reboot.
// The file is read without trusting what sits at the path (a FIFO would block, a folder or a
// file in place of the folder must be a one-line error), and its modes are checked on every read.
import {chmodSync, mkdirSync, rmSync, statSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {readRegularFile, UnreadableFileError} from '../adapters/safe-read.js';
import {writeFileAtomic} from '../adapters/atomic-write.js';
import {dataDir} from '../core/paths.js';

type Env = Record<string, string | undefined>;
export type StoreKind = 'keyring' | 'file';

/** The secret file can't be read or written (one line, names the path, never the value). */
export class SecretStoreError extends Error {}

/** A secret is a few dozen bytes; a token a few hundred. */
const MAX_SECRET_FILE = 4096;

const octal = (mode: number): string => `0${(mode & 0o777).toString(8).padStart(3, '0')}`;

const reason = (err: unknown): string => {
  const e = err as NodeJS.ErrnoException;
  return e.code === 'ENOTDIR' ? 'a path component is a file, not a folder' : e.code === 'EISDIR' || e.code === 'ERR_FS_EISDIR' ? 'it is a folder' : (e.code ?? e.message);
};

/** "cannot read PATH: a path component is a file, not a folder", "PATH is not a regular file (a FIFO)". */
export const unreadable = (path: string, err: unknown): string => (err instanceof UnreadableFileError ? err.message : `cannot read ${path}: ${reason(err)}`);

/**
 * Group or world access to the secret file or its folder: tighten it when it is ours (0600 /
 * 0700) and say so, since the secret may already have been read; when it isn't ours, only warn.
 */
function tightenModes(path: string, fileMode: number, dirMode: number): string[] {
  const warnings: string[] = [];
  const uid = process.getuid?.();
  for (const [target, want, kind] of [
    [path, fileMode, 'file'],
    [dirname(path), dirMode, 'folder'],
  ] as const) {
    let st;
    try {
      st = statSync(target);
    } catch {
      continue;
    }
    if ((st.mode & 0o077) === 0) continue;
    const was = octal(st.mode);
    if (uid === undefined || st.uid !== uid) {
      warnings.push(`the secret ${kind} ${target} is open to other users (mode ${was}) and not owned by you: restrict it to ${octal(want)}`);
      continue;
    }
    try {
      chmodSync(target, want);
      warnings.push(`the secret ${kind} ${target} was open to other users (mode ${was}); set to ${octal(want)}. If others could read it, run \`aura pair new --rotate\``);
    } catch (err) {
      warnings.push(`the secret ${kind} ${target} is open to other users (mode ${was}) and could not be changed (${reason(err)})`);
    }
  }
  return warnings;
}

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

  private readFile(): {value: string; warnings: string[]} | null {
    let text: string;
    try {
      text = readRegularFile(this.filePath, {maxBytes: MAX_SECRET_FILE}).trim();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new SecretStoreError(unreadable(this.filePath, err));
    }
    const warnings = tightenModes(this.filePath, 0o600, 0o700);
    return text === '' ? null : {value: text, warnings};
  }

  private writeFile(value: string): void {
    const dir = dataDir(this.env);
    try {
      mkdirSync(dir, {recursive: true, mode: 0o700});
      chmodSync(dir, 0o700);
      writeFileAtomic(this.filePath, `${value}\n`); // created 0600
      chmodSync(this.filePath, 0o600);
    } catch (err) {
      throw new SecretStoreError(`cannot write ${this.filePath}: ${reason(err)}`);
    }
  }

  private removeFile(): void {
    try {
      rmSync(this.filePath, {force: true});
    } catch (err) {
      throw new SecretStoreError(`cannot remove ${this.filePath}: ${reason(err)}`);
    }
  }

  /**
   * The stored value and where it was found; the keychain wins over the file. `warnings`: the
   * file's or folder's modes were too open (see tightenModes). Throws SecretStoreError when the
   * file is there but unusable (a folder, a FIFO, too large, unreadable).
   */
  async load(): Promise<{value: string; store: StoreKind; warnings: string[]} | null> {
    if (!this.fileOnly) {
      try {
        const value = await (await this.entry()).getPassword();
        if (value) return {value, store: 'keyring', warnings: []};
      } catch {
        // no usable keychain: the file is the store
      }
    }
    const found = this.readFile();
    return found && {...found, store: 'file'};
  }

  /** Store in the keychain when one works, else in the file; the other store is cleared. */
  async save(value: string): Promise<StoreKind> {
    if (!this.fileOnly) {
      try {
        await (await this.entry()).setPassword(value);
        this.removeFile();
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
    this.removeFile();
  }
}

export const fleetSecretSlot = (env: Env = process.env): SecretSlot => new SecretSlot('aura-fleet-secret', 'fleet-secret', env);
/** Bearer token of a self-hosted broker (`aura pair token`). */
export const brokerTokenSlot = (env: Env = process.env): SecretSlot => new SecretSlot('aura-fleet-broker-token', 'fleet-broker-token', env);

/** "OS keychain (Secret Service)" or "file PATH (mode 0600)", with the file's real mode. */
export function storeDescription(store: StoreKind, slot: SecretSlot): string {
  if (store === 'keyring') return `OS keychain (${process.platform === 'darwin' ? 'Keychain' : process.platform === 'win32' ? 'Credential Manager' : 'Secret Service'})`;
  let mode = '';
  try {
    mode = ` (mode ${octal(statSync(slot.filePath).mode)})`;
  } catch {
    // gone meanwhile: the path alone
  }
  return `file ${slot.filePath}${mode}`;
}
