import {cleanText} from '../../core/text.js';

// Write errors on stdout, handled once for every command. A reader that goes away early
// (`aura report daily | head`) closes the pipe: that is a normal end, not a crash with a stack
// trace. Any other write error (a full disk, `>/dev/full`) is one line on stderr and status 1.

let guarded = false;

/** Installs the stdout 'error' handler (idempotent): EPIPE exits 0 quietly, other errors exit 1. */
export function guardStdout(): void {
  if (guarded) return;
  guarded = true;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    process.stderr.write(`aura: cannot write the output: ${err.message.split('\n')[0]}\n`);
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

/** Writes command output to stdout under the guard above. */
export function writeStdout(text: string): void {
  guardStdout();
  process.stdout.write(text);
}
