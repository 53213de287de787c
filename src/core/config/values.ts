// Typed values for config keys: parse a command-line string (`aura config set`), check a
// value read from TOML, and suggest the closest key for a typo. Pure: no I/O.
import {cleanText, hasUnsafeText} from '../text.js';
import {CONFIG_KEYS, type ConfigKeySpec} from './schema.js';

export type ConfigValue = boolean | number | string | string[];

/** A bad key or value: one line for the user (the CLI exits 2, the TUI shows a banner). */
export class ConfigError extends Error {
  constructor(message: string) {
    // Messages quote what the user typed or wrote: keep its control characters off the terminal.
    super(cleanText(message));
  }
}

const TRUE_WORDS = ['true', 'yes', 'on', '1'];
const FALSE_WORDS = ['false', 'no', 'off', '0'];

export function findKey(key: string): ConfigKeySpec | undefined {
  return CONFIG_KEYS.find((s) => s.key === key);
}

/** Levenshtein distance (small strings only: config keys). */
function distance(a: string, b: string): number {
  let prev = Array.from({length: b.length + 1}, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** The closest known key, when it is close enough to be a plausible typo. */
export function suggestKey(key: string): string | undefined {
  let best: {key: string; d: number} | undefined;
  for (const spec of CONFIG_KEYS) {
    // Compare with the full key and with the bare name, so "default_tab" finds "ui.default_tab".
    const name = spec.key.split('.')[1]!;
    const d = Math.min(distance(key, spec.key), distance(key, name));
    if (!best || d < best.d) best = {key: spec.key, d};
  }
  return best && best.d <= Math.max(2, Math.floor(key.length / 3)) ? best.key : undefined;
}

/** The spec of `key`, or a ConfigError naming the closest key. */
export function requireKey(key: string): ConfigKeySpec {
  const spec = findKey(key);
  if (spec) return spec;
  const hint = suggestKey(key);
  throw new ConfigError(`unknown config key "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}; \`aura config describe\` lists them`);
}

function checkRange(spec: ConfigKeySpec, n: number): number {
  if (!Number.isInteger(n)) throw new ConfigError(`${spec.key} must be a whole number, got ${n}`);
  if (spec.min !== undefined && n < spec.min) throw new ConfigError(`${spec.key} must be at least ${spec.min}, got ${n}`);
  if (spec.max !== undefined && n > spec.max) throw new ConfigError(`${spec.key} must be at most ${spec.max}, got ${n}`);
  return n;
}

/** Hosts a plain-http URL may name: the token never leaves the machine. */
function isLoopback(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  // The URL parser has already normalised IPv4 forms (127.1, 0x7f.1) to dotted quads.
  return /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** An https:// URL, or plain http:// to a loopback host: where a bearer token may be sent. */
export function isAllowedServiceUrl(s: string): boolean {
  try {
    const url = new URL(s);
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
  } catch {
    return false;
  }
}

function checkUrl(spec: ConfigKeySpec, s: string): string {
  if (isAllowedServiceUrl(s)) return s;
  // The bearer token / fleet traffic would cross the network unencrypted.
  throw new ConfigError(`${spec.key} must be an https:// URL (plain http:// only to localhost, 127.0.0.0/8 or [::1]), got "${s}"`);
}

/** Control characters (newline, ESC, …) in a label, path or URL would reach the terminal or break a line. */
function checkText(spec: ConfigKeySpec, s: string): string {
  if (hasUnsafeText(s)) throw new ConfigError(`${spec.key} must not contain control characters (newline, tab, ESC, …)`);
  return s;
}

function checkEnum(spec: ConfigKeySpec, s: string): string {
  const v = s.toLowerCase();
  if (!spec.values!.includes(v)) throw new ConfigError(`${spec.key} must be one of ${spec.values!.join(', ')}; got "${s}"`);
  return v;
}

function checkString(spec: ConfigKeySpec, s: string): string {
  const length = [...s].length;
  if (spec.maxLength !== undefined && length > spec.maxLength) {
    throw new ConfigError(`${spec.key} must be at most ${spec.maxLength} characters, got ${length}`);
  }
  return checkTimeZone(spec, s);
}

function checkTimeZone(spec: ConfigKeySpec, s: string): string {
  if (spec.key !== 'data.timezone' || s === '') return s;
  try {
    new Intl.DateTimeFormat('en-US', {timeZone: s});
  } catch {
    throw new ConfigError(`${spec.key}: unknown time zone "${s}" (use an IANA name such as Europe/Paris)`);
  }
  return s;
}

/** Parse the string given to `aura config set KEY VALUE`. */
export function parseValue(spec: ConfigKeySpec, raw: string): ConfigValue {
  const s = raw.trim();
  switch (spec.type) {
    case 'bool': {
      const w = s.toLowerCase();
      if (TRUE_WORDS.includes(w)) return true;
      if (FALSE_WORDS.includes(w)) return false;
      throw new ConfigError(`${spec.key} must be true/yes/on/1 or false/no/off/0, got "${raw}"`);
    }
    case 'int': {
      if (!/^[+-]?\d[\d_]*$/.test(s)) throw new ConfigError(`${spec.key} must be a whole number, got "${raw}"`);
      return checkRange(spec, Number(s.replace(/_/g, '')));
    }
    case 'enum':
      return checkEnum(spec, s);
    case 'url':
      return checkUrl(spec, checkText(spec, s));
    case 'list':
      return s === '' ? [] : s.split(',').map((x) => checkText(spec, x.trim())).filter((x) => x !== '');
    case 'string':
      return checkString(spec, checkText(spec, s));
  }
}

const typeName = (spec: ConfigKeySpec): string =>
  ({bool: 'true or false', int: 'a whole number', string: 'a string', enum: `one of ${spec.values?.join(', ')}`, list: 'a list of strings', url: 'a URL string'})[spec.type];

/** Check a value as read from the TOML file; returns the normalised value. */
export function checkValue(spec: ConfigKeySpec, v: unknown): ConfigValue {
  const wrong = (): never => {
    throw new ConfigError(`${spec.key} must be ${typeName(spec)}`);
  };
  switch (spec.type) {
    case 'bool':
      return typeof v === 'boolean' ? v : wrong();
    case 'int':
      return typeof v === 'number' || typeof v === 'bigint' ? checkRange(spec, Number(v)) : wrong();
    case 'enum':
      return typeof v === 'string' ? checkEnum(spec, v) : wrong();
    case 'url':
      return typeof v === 'string' ? checkUrl(spec, checkText(spec, v)) : wrong();
    case 'string':
      return typeof v === 'string' ? checkString(spec, checkText(spec, v)) : wrong();
    case 'list':
      return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]).map((x) => checkText(spec, x)) : wrong();
  }
}

/** A value as the user reads it (`aura config get`, `show`, `describe`). */
export function formatValue(v: ConfigValue): string {
  return Array.isArray(v) ? v.join(',') : String(v);
}
