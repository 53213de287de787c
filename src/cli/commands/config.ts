// `aura config path|show|get KEY|set KEY VALUE|describe [KEY]`.
import {UnreadableFileError} from '../../adapters/safe-read.js';
import {getValue, tomlText} from '../../core/config/document.js';
import {configPath, readConfigFile, setConfigValue} from '../../core/config/load.js';
import {CONFIG_KEYS, type AuraConfig, type ConfigKeySpec} from '../../core/config/schema.js';
import {ConfigError, formatValue, requireKey} from '../../core/config/values.js';
import {UsageError} from '../args.js';
import {cleanLines, stderrLine} from '../print/stdout.js';

const USAGE = 'usage: aura config path|show|get KEY|set KEY VALUE|describe [KEY]';

// Keys, values and paths echo the config file and argv: printed without control characters.
const out = (s: string) => process.stdout.write(cleanLines(s.endsWith('\n') ? s : `${s}\n`));

function typeText(spec: ConfigKeySpec): string {
  if (spec.type === 'enum') return spec.values!.join('|');
  if (spec.type === 'int') return `int ${spec.min}..${spec.max}`;
  if (spec.type === 'list') return 'list (comma-separated)';
  if (spec.maxLength !== undefined) return `${spec.type} (up to ${spec.maxLength} characters)`;
  return spec.type;
}

function describe(spec: ConfigKeySpec): string {
  return [`${spec.key}`, `  type:    ${typeText(spec)}`, `  default: ${formatValue(spec.default) || '(empty)'}`, `  ${spec.description}`].join('\n');
}

/**
 * The settings in effect: the file's, with the keys an environment variable overrides replaced
 * and marked (`usage_url = "…"  # from AURA_USAGE_URL`).
 */
export function effectiveToml(config: AuraConfig, env: Record<string, string | undefined> = process.env): string {
  const overridden = CONFIG_KEYS.filter((s) => s.env && env[s.env]);
  const effective = structuredClone(config) as unknown as Record<string, Record<string, unknown>>;
  for (const spec of overridden) {
    const [section, name] = spec.key.split('.') as [string, string];
    effective[section]![name] = env[spec.env!];
  }
  let section = '';
  return tomlText(effective)
    .split('\n')
    .map((line) => {
      const header = /^\[(\w+)\]$/.exec(line);
      if (header) section = header[1]!;
      const spec = overridden.find((s) => s.key === `${section}.${line.split(' = ')[0]}`);
      return spec ? `${line}  # from ${spec.env}` : line;
    })
    .join('\n');
}

function load() {
  try {
    return readConfigFile();
  } catch (err) {
    // The safe reader's message names the file already.
    throw new UsageError(err instanceof UnreadableFileError ? err.message : `cannot read ${configPath()}: ${(err as Error).message}`);
  }
}

export async function run(argv: string[]): Promise<number> {
  const [sub, ...args] = argv;
  const arity = (n: number, m = n) => {
    if (args.length < n || args.length > m) throw new UsageError(USAGE);
  };
  try {
    switch (sub) {
      case 'path':
        arity(0);
        out(configPath());
        return 0;
      case 'show': {
        arity(0);
        const {path, text, problems, config} = load();
        out(`# ${path}${text === null ? ' (not created yet: defaults)' : ''}`);
        out(effectiveToml(config));
        for (const p of problems) stderrLine(`aura: ${path}${p.line ? `:${p.line}` : ''}: ${p.message}`);
        return problems.length > 0 ? 2 : 0;
      }
      case 'get': {
        arity(1);
        const spec = requireKey(args[0]!);
        out(formatValue(getValue(load().config, spec.key)));
        return 0;
      }
      case 'set': {
        arity(2);
        const {path, value} = setConfigValue(args[0]!, args[1]!);
        out(`${args[0]} = ${formatValue(value)}  (${path})`);
        return 0;
      }
      case 'describe':
        arity(0, 1);
        out(args[0] ? describe(requireKey(args[0])) : CONFIG_KEYS.map(describe).join('\n\n'));
        return 0;
      default:
        throw new UsageError(sub ? `unknown config command "${sub}"; ${USAGE}` : USAGE);
    }
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
}
