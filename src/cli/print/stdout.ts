// Writing command output to stdout. A reader that goes away early (`aura report daily | head`)
// closes the pipe: that is a normal end, not a crash with a stack trace.

let guarded = false;

/** Writes to stdout; if the reader has closed the pipe, exits quietly with status 0. */
export function writeStdout(text: string): void {
  if (!guarded) {
    guarded = true;
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
      throw err;
    });
  }
  process.stdout.write(text);
}
