// Config file I/O: load (creating the commented default on first run), and atomic writes.
// A broken file never throws here: callers get defaults plus the first problem with its line.
import {linkSync, lstatSync, mkdirSync, readlinkSync, realpathSync, writeFileSync, rmSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {writeFileAtomic} from '../../adapters/atomic-write.js';
import {readRegularFile, UnreadableFileError} from '../../adapters/safe-read.js';
import {configDir} from '../paths.js';
import {withFileLock} from './lock.js';
import {parseConfigText, renderConfigText, withValue, type ConfigProblem} from './document.js';
import {defaultConfig, type AuraConfig} from './schema.js';
import {ConfigError, parseValue, requireKey, type ConfigValue} from './values.js';

type Env = Record<string, string | undefined>;

export interface LoadedConfig {
  config: AuraConfig;
  /** Absolute path of config.toml (whether or not it exists). */
  path: string;
  /** The first problem in the file ("+N more" appended when there are several). */
  error?: {message: string; line?: number};
}

export const configPath = (env: Env = process.env): string => join(configDir(env), 'config.toml');


function summarise(problems: ConfigProblem[]): LoadedConfig['error'] {
  const first = problems[0];
  if (!first) return undefined;
  const more = problems.length > 1 ? ` (+${problems.length - 1} more)` : '';
  return {message: `${first.message}${more}`, line: first.line};
}

/** The config text, or null when there is no file. A FIFO, device or huge file is refused, never read. */
function readText(path: string): string | null {
  try {
    return readRegularFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * The file a write to `path` must replace: the target of a symlinked config.toml (dotfiles
 * repositories), so the link survives. A dangling link gives the file it names.
 */
function writeTarget(path: string): string {
  try {
    return realpathSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  try {
    return lstatSync(path).isSymbolicLink() ? resolve(dirname(path), readlinkSync(path)) : path;
  } catch {
    return path;
  }
}

/** Create `path` holding `text` only if it does not exist: a concurrent `set` is never overwritten by defaults. */
function createFileExclusive(path: string, text: string): void {
  mkdirSync(dirname(path), {recursive: true});
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(tmp, text, {mode: 0o600});
    linkSync(tmp, path); // fails with EEXIST instead of replacing
  } finally {
    rmSync(tmp, {force: true});
  }
}

/** One line for a failed read or write (the safe reader's messages already name the file). */
const ioError = (verb: string, path: string, err: unknown): ConfigError =>
  err instanceof ConfigError ? err : new ConfigError(err instanceof UnreadableFileError ? err.message : `cannot ${verb} ${path}: ${(err as Error).message}`);

/**
 * The user's config: defaults overlaid with config.toml. Creates the commented default file
 * when there is none (best effort: a read-only home still gets defaults). Never throws.
 */
export function loadConfig(env: Env = process.env): LoadedConfig {
  const path = configPath(env);
  let text: string | null;
  try {
    text = readText(path);
  } catch (err) {
    return {config: defaultConfig(), path, error: {message: ioError('read', path, err).message}};
  }
  if (text === null) {
    try {
      createFileExclusive(writeTarget(path), renderConfigText(defaultConfig()));
    } catch {
      // No writable config dir (or another aura just wrote the file): run on defaults.
    }
    return {config: defaultConfig(), path};
  }
  const parsed = parseConfigText(text);
  return {config: parsed.config, path, error: summarise(parsed.problems)};
}

/** Problems of the file as it stands (for `aura config show` and `set`). */
export function readConfigFile(env: Env = process.env): {path: string; text: string | null; problems: ConfigProblem[]; config: AuraConfig} {
  const path = configPath(env);
  const text = readText(path);
  if (text === null) return {path, text, problems: [], config: defaultConfig()};
  const parsed = parseConfigText(text);
  return {path, text, problems: parsed.problems, config: parsed.config};
}

/**
 * `aura config set KEY VALUE`: validate, then rewrite the whole commented file atomically with
 * the other keys unchanged. Refuses when the file has other problems, so nothing the user wrote
 * is silently dropped. Holds a lock around read-modify-write, so concurrent sets all land, and
 * writes through a symlinked config.toml to its target. Every failure is a one-line ConfigError.
 */
export function setConfigValue(key: string, raw: string, env: Env = process.env): {path: string; value: ConfigValue} {
  const spec = requireKey(key);
  const value = parseValue(spec, raw);
  const path = configPath(env);
  let target: string;
  try {
    target = writeTarget(path);
  } catch (err) {
    throw ioError('read', path, err);
  }
  const locked = (): void => {
    let text: string | null;
    try {
      text = readText(path);
    } catch (err) {
      throw ioError('read', path, err);
    }
    const parsed = text === null ? {problems: [], config: defaultConfig()} : parseConfigText(text);
    const blocking = parsed.problems.filter((p) => p.key !== key);
    if (blocking.length > 0) {
      const p = blocking[0]!;
      throw new ConfigError(`${path}${p.line ? `:${p.line}` : ''}: ${p.message}; fix the file first`);
    }
    try {
      writeFileAtomic(target, renderConfigText(withValue(parsed.config, key, value)));
    } catch (err) {
      throw ioError('write', path, err);
    }
  };
  try {
    mkdirSync(dirname(target), {recursive: true});
    withFileLock(target, locked);
  } catch (err) {
    throw ioError('write', path, err);
  }
  return {path, value};
}
