// The config file as text: read TOML into an AuraConfig (collecting every problem with its
// line), and write an AuraConfig back as a commented file. TOML writers drop comments, so
// aura always regenerates the whole commented file from CONFIG_KEYS with the current values:
// the file stays self-documenting after `aura config set`. Pure: no I/O.
import {createRequire} from 'node:module';
import {cleanText} from '../text.js';
import {CONFIG_KEYS, defaultConfig, type AuraConfig} from './schema.js';
import {checkValue, ConfigError, findKey, suggestKey, type ConfigValue} from './values.js';

// smol-toml through its CommonJS build: one file, where the ES module build is several, and every
// command reads the config (a few milliseconds of each start, measured).
const {parse, stringify, TomlError} = createRequire(import.meta.url)('smol-toml') as typeof import('smol-toml');

/** TOML text of a table (the same smol-toml as the reader: one copy loaded). */
export const tomlText = (table: Record<string, unknown>): string => stringify(table);

export interface ConfigProblem {
  message: string;
  /** 1-based line in the file, when known. */
  line?: number;
  /** The key the problem is about (absent for syntax errors). */
  key?: string;
}

export interface ParsedConfig {
  config: AuraConfig;
  problems: ConfigProblem[];
  /** False when the text is not TOML at all (every value is then a default). */
  syntaxOk: boolean;
}

/**
 * The parts of a dotted TOML key starting at `from` (`a."b.c".'d'` -> a, b.c, d), read up to
 * `stop` outside quotes; null when the text is not a key. A plain scan on purpose: keys are the
 * user's text, and a RegExp built from them breaks on "c++" or backtracks forever on "(a+)+$".
 */
function keyParts(line: string, from: number, stop: string): string[] | null {
  const parts: string[] = [];
  let part = '';
  let quoted = false;
  for (let i = from; i < line.length; i++) {
    const c = line[i]!;
    if (c === '"' || c === "'") {
      const close = c;
      for (i++; i < line.length && line[i] !== close; i++) {
        if (close === '"' && line[i] === '\\' && i + 1 < line.length) i++;
        part += line[i];
      }
      if (i >= line.length) return null;
      quoted = true;
    } else if (c === '.' || c === stop) {
      if (part === '' && !quoted) return null;
      parts.push(part);
      if (c === stop) return parts;
      part = '';
      quoted = false;
    } else if (c !== ' ' && c !== '\t') {
      part += c;
    }
  }
  return null;
}

const samePath = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** 1-based line of the first table header or key whose full path is `path`. */
function lineOfPath(text: string, path: readonly string[], headersOnly: boolean): number | undefined {
  let table: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!.trimStart();
    if (l.startsWith('[')) {
      table = keyParts(l, l.startsWith('[[') ? 2 : 1, ']') ?? [];
      if (samePath(table, path)) return i + 1;
    } else if (!headersOnly && !l.startsWith('#')) {
      const key = keyParts(l, 0, '=');
      if (key && samePath([...table, ...key], path)) return i + 1;
    }
  }
  return undefined;
}

/** 1-based line of `name = ...` inside `[section]` (or of `section.name = ...`), if present. */
export const lineOfKey = (text: string, section: string, name: string): number | undefined =>
  lineOfPath(text, section === '' ? [name] : [section, name], false);

const lineOfSection = (text: string, section: string): number | undefined => lineOfPath(text, [section], true);

const isTable = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** Read TOML text; bad keys/values are reported and replaced by their defaults. */
export function parseConfigText(text: string): ParsedConfig {
  const config = defaultConfig();
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (err) {
    const message = err instanceof TomlError ? err.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '') : String(err);
    const line = err instanceof TomlError ? err.line : undefined;
    return {config, problems: [{message: `invalid TOML: ${cleanText(message)}`, line}], syntaxOk: false};
  }
  const problems: ConfigProblem[] = [];
  const target = config as unknown as Record<string, Record<string, ConfigValue>>;
  for (const [section, body] of Object.entries(doc)) {
    if (!isTable(body)) {
      const hint = suggestKey(section);
      problems.push({message: `"${cleanText(section)}" is not a config section${hint ? ` (did you mean "${hint}"?)` : ''}`, line: lineOfKey(text, '', section), key: section});
      continue;
    }
    for (const [name, value] of Object.entries(body)) {
      const key = `${section}.${name}`;
      const line = lineOfKey(text, section, name) ?? lineOfSection(text, section);
      const spec = findKey(key);
      if (!spec) {
        const hint = suggestKey(key);
        problems.push({message: `unknown key "${cleanText(key)}"${hint ? ` (did you mean "${hint}"?)` : ''}`, line, key});
        continue;
      }
      try {
        target[section]![name] = checkValue(spec, value);
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        problems.push({message: err.message, line, key});
      }
    }
  }
  return {config, problems, syntaxOk: true};
}

/** Value of "section.name" in a config. */
export function getValue(config: AuraConfig, key: string): ConfigValue {
  const [section, name] = key.split('.') as [string, string];
  return (config as unknown as Record<string, Record<string, ConfigValue>>)[section]![name]!;
}

/** A copy of `config` with one value replaced. */
export function withValue(config: AuraConfig, key: string, value: ConfigValue): AuraConfig {
  const [section, name] = key.split('.') as [string, string];
  const copy = structuredClone(config) as unknown as Record<string, Record<string, ConfigValue>>;
  copy[section]![name] = value;
  return copy as unknown as AuraConfig;
}

const tomlLine = (name: string, value: ConfigValue): string => stringify({[name]: value}).trim();

/** The whole commented config file holding `config`'s values. */
export function renderConfigText(config: AuraConfig): string {
  const out = [
    '# aura configuration. Every key is listed with its description and default.',
    '# Edit by hand or with `aura config set KEY VALUE` (which rewrites this file, comments included).',
    '# `aura config describe` explains each key.',
  ];
  let section = '';
  for (const spec of CONFIG_KEYS) {
    const [sec, name] = spec.key.split('.') as [string, string];
    if (sec !== section) {
      section = sec;
      out.push('', `[${sec}]`);
    }
    const bounds = spec.type === 'enum' ? ` One of: ${spec.values!.join(', ')}.` : spec.min !== undefined ? ` Range ${spec.min}..${spec.max}.` : '';
    out.push(`# ${spec.description}${bounds} Default: ${tomlLine('x', spec.default).slice(4)}`);
    out.push(tomlLine(name, getValue(config, spec.key)));
  }
  return `${out.join('\n')}\n`;
}
