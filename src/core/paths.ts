// Where aura keeps its own files (XDG on every platform, so the layout is predictable).
// aura never writes inside a Claude directory.
import {homedir} from 'node:os';
import {join} from 'node:path';

type Env = Record<string, string | undefined>;

const home = (env: Env): string => env.HOME || homedir();
const xdg = (env: Env, name: string, fallback: string): string => {
  const v = env[name];
  return v && v.startsWith('/') ? v : join(home(env), fallback);
};

/** `$XDG_CACHE_HOME/aura` (default `~/.cache/aura`): the usage index, the quota cache. */
export const cacheDir = (env: Env = process.env): string => join(xdg(env, 'XDG_CACHE_HOME', '.cache'), 'aura');
/** `$XDG_CONFIG_HOME/aura` (default `~/.config/aura`): config.toml. */
export const configDir = (env: Env = process.env): string => join(xdg(env, 'XDG_CONFIG_HOME', '.config'), 'aura');
/** `$XDG_STATE_HOME/aura` (default `~/.local/state/aura`): statusline record, fleet state, locks. */
export const stateDir = (env: Env = process.env): string => join(xdg(env, 'XDG_STATE_HOME', '.local/state'), 'aura');
/** `$XDG_DATA_HOME/aura` (default `~/.local/share/aura`): fleet secret fallback, machine id. */
export const dataDir = (env: Env = process.env): string => join(xdg(env, 'XDG_DATA_HOME', '.local/share'), 'aura');

/** Expand a leading `~` / `~/`. */
export function expandHome(p: string, env: Env = process.env): string {
  if (p === '~') return home(env);
  if (p.startsWith('~/')) return join(home(env), p.slice(2));
  return p;
}
