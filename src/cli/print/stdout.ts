// Terminal output of the commands. Write errors on stdout are handled once for every command:
// a reader that goes away early (`aura report daily | head`) closes the pipe, a normal end, not
// a crash with a stack trace; any other write error (a full disk, `>/dev/full`) is one line on
// stderr and status 1.
import {cleanText} from '../../core/text.js';

let guarded = false;

/** Installs the stdout 'error' handler (idempotent): EPIPE exits 0 quietly, other errors exit 1. */
export function guardStdout(): void {
  if (guarded) return;
  guarded = true;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    stderrLine(`aura: cannot write the output: ${err.message.split('\n')[0]}`);
    process.exit(1);
  });
  // Nothing useful can be said when stderr itself is gone; an unhandled 'error' would crash.
  process.stderr.on('error', () => {});
}

/** Multi-line text with control and bidi characters neutralised line by line (the newlines kept). */
export const cleanLines = (text: string): string => text.split('\n').map(cleanText).join('\n');

/** One line on stderr; text echoed from input or files cannot smuggle escapes or line breaks. */
export function stderrLine(line: string): void {
  process.stderr.write(`${cleanText(line)}\n`);
}

/** One stderr line for a config file problem (the command goes on with defaults there). */
export function warnConfig(error: {message: string; line?: number} | undefined): void {
  if (error) stderrLine(`aura: config: ${error.message}${error.line ? ` (line ${error.line})` : ''}; using defaults there`);
}

/** Writes command output to stdout under the guard above. */
export function writeStdout(text: string): void {
  guardStdout();
  process.stdout.write(text);
}
