// Command dispatch. Each command lives in ./commands/<name>.ts and is loaded lazily,
// so `aura statusline` loads only what it needs.
import {setFlagsFromString} from 'node:v8';
import {UsageError} from './args.js';
import {guardStdout, stderrLine} from './print/stdout.js';

type Command = {run: (argv: string[]) => Promise<number>};

const COMMANDS: Record<string, () => Promise<Command>> = {
  report: () => import('./commands/report.js'),
  config: () => import('./commands/config.js'),
  quota: () => import('./commands/quota.js'),
  statusline: () => import('./commands/statusline.js'),
  fleet: () => import('./commands/fleet.js'),
  pair: () => import('./commands/pair.js'),
  activity: () => import('./commands/activity.js'),
};

export const USAGE = `aura: a terminal dashboard for Claude Code usage

usage:
  aura [--demo] [--claude-dir DIR]... [--tz ZONE]   open the dashboard
  aura report daily|models|projects|sessions|insights [--json] [--period all|7d|30d]
              [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--tz ZONE] [--claude-dir DIR]
  aura quota [--json] [--claude-dir DIR]... [--tz ZONE]
                                                      5-hour / weekly windows, forecast, session budget
  aura statusline                                     Claude Code statusLine command (reads JSON on stdin)
  aura fleet [--json]                                 every machine's share of the account's windows
  aura fleet run                                      run the fleet sync loop in the foreground
  aura pair                                           interactive: create, join or leave a fleet
  aura pair new [--rotate]                            create a fleet (prints the pairing code)
  aura pair join                                      join a fleet (code read from stdin)
  aura pair leave                                     leave the fleet and delete the secret
  aura pair status [--json]                           pairing, machine id, broker, secret store
  aura pair token [--clear]                           self-hosted ntfy access token (read from stdin; --clear removes it)
  aura activity [--json] [--claude-dir DIR]... [--tz ZONE]
                                                      running Claude Code sessions and what they spawned
  aura config path|show|get KEY|set KEY VALUE|describe [KEY]
  aura --help | --version
`;

/** Version from the nearest package.json above this file (works from src/ and dist/). */
async function packageVersion(): Promise<string> {
  const {readFileSync, existsSync} = await import('node:fs');
  let dir = new URL('.', import.meta.url);
  for (let i = 0; i < 5; i++) {
    const candidate = new URL('package.json', dir);
    if (existsSync(candidate)) return (JSON.parse(readFileSync(candidate, 'utf8')) as {version: string}).version;
    dir = new URL('..', dir);
  }
  return 'unknown';
}

const HELP_FLAGS = new Set(['--help', '-h']);

/** True when -h/--help appears among the options (not after a `--`). */
function asksHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => HELP_FLAGS.has(a));
}

/** The usage lines of one command (continuation lines included). */
export function commandUsage(command: string): string {
  const lines: string[] = [];
  let inside = false;
  for (const line of USAGE.split('\n')) {
    if (line.trimStart().startsWith('aura ')) inside = line.trim().split(/\s+/)[1] === command;
    else if (!line.startsWith('    ')) inside = false;
    if (inside) lines.push(line);
  }
  return `usage:\n${lines.join('\n')}\n`;
}

/** --help and --version stand alone: `aura --version extra` is a mistake worth saying. */
function standalone(flag: string, rest: readonly string[]): void {
  if (rest.length) throw new UsageError(`${flag} takes no arguments (got "${rest[0]}")`);
}

export async function main(argv: string[]): Promise<number> {
  guardStdout();
  // Node doubles its young generation (up to 32 MB) whenever enough objects outlive a collection,
  // and a first read over gigabytes of transcripts always gets there: ~35 MB of peak memory for
  // no gain in speed. V8 reads this factor each time it would grow, so setting it here holds.
  setFlagsFromString('--semi-space-growth-factor=1');
  const [first, ...rest] = argv;
  try {
    if (first !== undefined && (HELP_FLAGS.has(first) || first === 'help')) {
      standalone(first, rest);
      process.stdout.write(USAGE);
      return 0;
    }
    if (first === '--version' || first === '-V') {
      standalone(first, rest);
      process.stdout.write(`aura ${await packageVersion()}\n`);
      return 0;
    }
    if (first !== undefined && !first.startsWith('-')) {
      // hasOwn: `aura constructor` must be an unknown command, not Object.prototype.constructor.
      const load = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
      if (!load) throw new UsageError(`unknown command "${first}" (try: aura --help)`);
      if (asksHelp(rest)) {
        process.stdout.write(commandUsage(first));
        return 0;
      }
      return await (await load()).run(rest);
    }
    if (asksHelp(argv)) {
      process.stdout.write(USAGE);
      return 0;
    }
    const {run} = await import('./commands/dashboard.js');
    return await run(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      // Messages quote what was typed (`unknown command "…"`): no escapes or line breaks echoed.
      stderrLine(`aura: ${err.message}`);
      return 2;
    }
    throw err;
  }
}
