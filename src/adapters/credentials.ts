// Read-only access to Claude Code's OAuth credentials. aura never refreshes or writes them:
// refreshing rotates tokens Claude Code also holds, so an expired token means "run claude".
import {execFile} from 'node:child_process';
import {createHash} from 'node:crypto';
import {join} from 'node:path';
import {readRegularFile, UnreadableFileError} from './safe-read.js';

type Env = Record<string, string | undefined>;

export interface Credentials {
  accessToken: string;
  /** Epoch ms; null when unknown (the env token). */
  expiresAt: number | null;
  subscriptionType: string | null;
  /** Where it came from, for messages (never the token itself). */
  source: string;
}

export type CredentialsResult = {ok: true; credentials: Credentials} | {ok: false; reason: string};

export const NOT_SIGNED_IN = 'not signed in to Claude (no credentials found): sign in with claude';

/** The `claudeAiOauth` blob of a credentials JSON text, or null when it holds no usable token. */
export function parseCredentialsJson(text: string, source: string): Credentials | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  const oauth = (data as {claudeAiOauth?: unknown} | null)?.claudeAiOauth as Record<string, unknown> | undefined;
  if (!oauth || typeof oauth.accessToken !== 'string' || oauth.accessToken === '') return null;
  const exp = typeof oauth.expiresAt === 'number' && Number.isFinite(oauth.expiresAt) ? oauth.expiresAt : null;
  const sub = typeof oauth.subscriptionType === 'string' && oauth.subscriptionType !== '' ? oauth.subscriptionType : null;
  return {accessToken: oauth.accessToken, expiresAt: exp, subscriptionType: sub, source};
}

/** Credentials files are a few hundred bytes; anything much larger is not one. */
const MAX_CREDENTIALS_BYTES = 64 << 10;

/** The token in `<dir>/.credentials.json`, null when absent, or why it cannot be read (a FIFO, a device, too large). */
function fromFile(dir: string): Credentials | null | {unreadable: string} {
  const path = join(dir, '.credentials.json');
  let text: string;
  try {
    text = readRegularFile(path, {maxBytes: MAX_CREDENTIALS_BYTES});
  } catch (err) {
    return err instanceof UnreadableFileError ? {unreadable: err.message} : null;
  }
  return parseCredentialsJson(text, path);
}

/** The Keychain service name: suffixed with a hash of the config dir only when CLAUDE_CONFIG_DIR is set. */
export function keychainService(env: Env): string {
  const dir = env.CLAUDE_CONFIG_DIR;
  if (!dir) return 'Claude Code-credentials';
  return `Claude Code-credentials-${createHash('sha256').update(dir.normalize('NFC')).digest('hex').slice(0, 8)}`;
}

/** One Keychain read a minute at most: each read spawns `security` (and may prompt the user). */
const KEYCHAIN_TTL_MS = 60_000;
let keychainMemo: {service: string; at: number; value: Promise<Credentials | null>} | null = null;

function fromKeychain(env: Env): Promise<Credentials | null> {
  const service = keychainService(env);
  const t = Date.now();
  if (keychainMemo && keychainMemo.service === service && t - keychainMemo.at < KEYCHAIN_TTL_MS) return keychainMemo.value;
  const value = readKeychain(service, env);
  keychainMemo = {service, at: t, value};
  return value;
}

function readKeychain(service: string, env: Env): Promise<Credentials | null> {
  const args = ['find-generic-password', '-s', service, '-w'];
  if (env.USER) args.splice(3, 0, '-a', env.USER);
  return new Promise((resolve) => {
    // The secret comes back on stdout only; nothing of it goes to argv or logs.
    execFile('/usr/bin/security', args, {timeout: 5000, encoding: 'utf8'}, (err, stdout) => {
      resolve(err ? null : parseCredentialsJson(stdout.trim(), `Keychain "${service}"`));
    });
  });
}

/**
 * The first usable token: `<dir>/.credentials.json` in each Claude config dir (first wins), then
 * the macOS Keychain, then CLAUDE_CODE_OAUTH_TOKEN (last: `claude setup-token` tokens usually
 * lack the scope the usage endpoint needs).
 */
export async function readCredentials(configDirs: readonly string[], env: Env = process.env, platform: string = process.platform): Promise<CredentialsResult> {
  let unreadable: string | undefined;
  for (const dir of configDirs) {
    const c = fromFile(dir);
    if (c && 'unreadable' in c) unreadable ??= c.unreadable;
    else if (c) return {ok: true, credentials: c};
  }
  if (platform === 'darwin') {
    const c = await fromKeychain(env);
    if (c) return {ok: true, credentials: c};
  }
  const token = env.CLAUDE_CODE_OAUTH_TOKEN;
  if (token) return {ok: true, credentials: {accessToken: token, expiresAt: null, subscriptionType: null, source: 'CLAUDE_CODE_OAUTH_TOKEN'}};
  return {ok: false, reason: unreadable ? `cannot read credentials: ${unreadable}` : NOT_SIGNED_IN};
}

export const EXPIRED_NOTE = 'token expired: sign in with claude to refresh';

/** Expired by its own expiresAt: no request is made with it. */
export const isExpired = (c: Credentials, now: number): boolean => c.expiresAt !== null && c.expiresAt <= now;
