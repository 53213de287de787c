// Entry to the reader: resolve roots, open the persisted index, read new bytes.
// (Signatures fixed; bodies to be written.)
import type {UsageDataset} from './types.js';

export interface ClaudeRoots {
  /** Claude config dirs (parents of projects/), absolute. */
  configDirs: string[];
  /** `projects/` folders to walk, absolute. */
  projectsDirs: string[];
  /** Missing or unreadable entries, one line each. */
  notices: string[];
}

/** No valid Claude root at all: a clear one-line error for the user. */
export class RootsError extends Error {}

export interface LoadProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

/**
 * Roots from, in order of precedence: `dirs` (--claude-dir / [data] claude_dirs), CLAUDE_CONFIG_DIR
 * (comma-separated, replaces the defaults), else ~/.config/claude and ~/.claude.
 */
export function resolveClaudeRoots(_dirs: readonly string[] | undefined, _env: Record<string, string | undefined> = process.env): ClaudeRoots {
  throw new Error('not implemented');
}

export class UsageIndex {
  /** cacheDir null = keep nothing on disk (demo, tests). */
  static async open(_opts: {roots: ClaudeRoots; cacheDir: string | null}): Promise<UsageIndex> {
    throw new Error('not implemented');
  }
  /** Reads only what changed since the last refresh (or the persisted index) and returns the whole dataset. */
  async refresh(_onProgress?: (p: LoadProgress) => void): Promise<UsageDataset> {
    throw new Error('not implemented');
  }
}

/** One-shot convenience for the headless commands. */
export async function loadUsage(_opts: {
  claudeDirs?: readonly string[];
  env?: Record<string, string | undefined>;
  cacheDir?: string | null;
  onProgress?: (p: LoadProgress) => void;
}): Promise<UsageDataset> {
  throw new Error('not implemented');
}
