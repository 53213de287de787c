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

/** Writes command output to stdout under the guard above. */
export function writeStdout(text: string): void {
  guardStdout();
  process.stdout.write(text);
}
