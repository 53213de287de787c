// The config file as text: read TOML into an AuraConfig (collecting every problem with its
// line), and write an AuraConfig back as a commented file. TOML writers drop comments, so
// aura always regenerates the whole commented file from CONFIG_KEYS with the current values:
// the file stays self-documenting after `aura config set`. Pure: no I/O.
import {parse, stringify, TomlError} from 'smol-toml';
import {CONFIG_KEYS, defaultConfig, type AuraConfig} from './schema.js';
import {checkValue, ConfigError, findKey, suggestKey, type ConfigValue} from './values.js';

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

/** 1-based line of `name = ...` inside `[section]`, if present. */
export function lineOfKey(text: string, section: string, name: string): number | undefined {
  let current = '';
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!.trim();
    const header = /^\[\s*([^\]]+?)\s*\]/.exec(l);
    if (header) current = header[1]!.replace(/^"|"$/g, '');
    else if (current === section && new RegExp(`^"?${name}"?\\s*=`).test(l)) return i + 1;
    else if (current === '' && new RegExp(`^"?${section}"?\\.${name}\\s*=`).test(l)) return i + 1;
  }
  return undefined;
}

function lineOfSection(text: string, section: string): number | undefined {
  const i = text.split(/\r?\n/).findIndex((l) => new RegExp(`^\\s*\\[\\s*"?${section}"?\\s*\\]`).test(l));
  return i >= 0 ? i + 1 : undefined;
}

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
    return {config, problems: [{message: `invalid TOML: ${message}`, line}], syntaxOk: false};
  }
  const problems: ConfigProblem[] = [];
  const target = config as unknown as Record<string, Record<string, ConfigValue>>;
  for (const [section, body] of Object.entries(doc)) {
    if (!isTable(body)) {
      const hint = suggestKey(section);
      problems.push({message: `"${section}" is not a config section${hint ? ` (did you mean "${hint}"?)` : ''}`, line: lineOfKey(text, '', section), key: section});
      continue;
    }
    for (const [name, value] of Object.entries(body)) {
      const key = `${section}.${name}`;
      const line = lineOfKey(text, section, name) ?? lineOfSection(text, section);
      const spec = findKey(key);
      if (!spec) {
        const hint = suggestKey(key);
        problems.push({message: `unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}`, line, key});
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
