// Argument parsing shared by the headless commands (node:util parseArgs, strict).
import {parseArgs, type ParseArgsConfig} from 'node:util';

/** A bad invocation: printed as one line, exit code 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommandArgs<O extends Options>(argv: string[], options: O, allowPositionals = true) {
  try {
    return parseArgs({args: argv, options, allowPositionals, strict: true});
  } catch (err) {
    // node's first sentence, in aura's style ("unknown option '--bogus'"): the rest of its
    // message explains `--`, which no aura command needs.
    const first = (err as Error).message.split('\n')[0]!.split('. ')[0]!;
    throw new UsageError(first.charAt(0).toLowerCase() + first.slice(1));
  }
}

/** Options every data-reading command accepts. */
export const DATA_OPTIONS = {
  'claude-dir': {type: 'string', multiple: true},
  tz: {type: 'string'},
  json: {type: 'boolean'},
} as const satisfies Options;

/** Period selection: --period all|7d|30d, --since/--until YYYY-MM-DD. */
export const PERIOD_OPTIONS = {
  period: {type: 'string'},
  since: {type: 'string'},
  until: {type: 'string'},
} as const satisfies Options;
