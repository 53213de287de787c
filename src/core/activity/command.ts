// Reading a process's command line: whitespace tokens and executable basenames.

/**
 * argv split on whitespace. A title set by the process (Node's `process.title`) can put a
 * whole command into argv[0] ("npm exec @x/y"), so argv elements are split again.
 */
export function commandTokens(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (const arg of argv) for (const t of arg.split(/\s+/)) if (t !== '') out.push(t);
  return out;
}

/** Last path segment, for `/` and `\` paths alike. */
export function basename(path: string): string {
  const trimmed = path.replace(/[/\\]+$/, '');
  const i = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return i >= 0 ? trimmed.slice(i + 1) : trimmed;
}

/** basename without a Windows `.exe` suffix. */
export const programName = (path: string): string => basename(path).replace(/\.exe$/i, '');

/** A version string such as `2.1.201`: the native Claude Code binary's file name. */
export const isVersionString = (s: string): boolean => /^\d+\.\d+\.\d+/.test(s);
