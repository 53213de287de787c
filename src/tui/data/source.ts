// Where the dashboard's usage comes from: the core's persisted index over the Claude roots,
// plus a file watcher that says when to read again. The App only sees the UsageSource
// interface, so component tests can hand it a dataset directly.
import {watch, type FSWatcher} from 'node:fs';
import {readdir, stat} from 'node:fs/promises';
import {join} from 'node:path';
import {resolveRoots} from '../../core/reader/roots.js';
import {UsageIndex, type ClaudeRoots, type LoadProgress} from '../../core/usage.js';
import type {UsageDataset} from '../../core/types.js';

export interface UsageSource {
  /** Claude config dirs read (shown in the header and on the empty screen). */
  roots: string[];
  /** The whole dataset; after the first call only new bytes are read. */
  refresh(onProgress?: (p: LoadProgress) => void): Promise<UsageDataset>;
  /** Calls onChange when something under the roots changes; returns the stop function. */
  watch(onChange: () => void): () => void;
}

/**
 * The `projects/` folders aura looks for, found or not, in resolveClaudeRoots' precedence
 * (dirs, else CLAUDE_CONFIG_DIR, else the two defaults): the no-data screen names them when
 * none exists. An entry that already names a projects/ folder is shown as is.
 */
export function searchedRoots(dirs: readonly string[] | undefined, env: Record<string, string | undefined> = process.env): string[] {
  return resolveRoots(dirs, env, (p) => !/[/\\]projects[/\\]projects$/.test(p)).projectsDirs;
}

// Transcripts sit at most a few levels below projects/ (<slug>/<session>/subagents/*.jsonl).
const MAX_DEPTH = 4;
/** With folders the OS would not watch: how often to read again instead. */
export const POLL_MS = 5000;
/** Errors that mean the OS's watch limit (inotify's max_user_watches, open files), not a gone folder. */
const LIMITS = new Set(['ENOSPC', 'EMFILE', 'ENFILE']);

type WatchFn = (dir: string, opts: {persistent: boolean; recursive: boolean}, listener: (event: string, name: string | Buffer | null) => void) => FSWatcher;

/**
 * Watches every directory under the roots, non-recursively. Node 20's `recursive: true` on
 * Linux is emulated with one inotify watcher per file and a synchronous walk of the whole tree
 * (lib/internal/fs/recursive_watch.js), too slow and too many watches for a large history;
 * a watcher per directory still sees every append to a file inside it. New directories are
 * picked up when their parent reports a change. Where the OS watches recursively natively
 * (macOS, Windows) one watcher per root is used. When the OS refuses more watches (a large
 * history past inotify's per-user limit), changes are looked for every POLL_MS instead.
 */
export class DirectoryWatcher {
  private watchers = new Map<string, FSWatcher>();
  private closed = false;
  private polling: NodeJS.Timeout | null = null;

  /** `watchDir`: node's fs.watch (a test stands in the OS limit with another). */
  constructor(
    private readonly roots: readonly string[],
    private readonly onChange: () => void,
    private readonly watchDir: WatchFn = watch,
  ) {}

  /** Some folder could not be watched (the OS limit): changes are polled for. */
  get polls(): boolean {
    return this.polling !== null;
  }

  private poll(): void {
    if (this.polling || this.closed) return;
    this.polling = setInterval(() => this.onChange(), POLL_MS);
    this.polling.unref();
  }

  start(): void {
    // Writes that land while the watchers are being attached go unseen: once every folder is
    // watched, report one change so the caller reads again (only new bytes).
    void Promise.all(this.roots.map((r) => this.add(r, 0))).then(() => {
      if (!this.closed) this.onChange();
    });
  }

  close(): void {
    this.closed = true;
    if (this.polling) clearInterval(this.polling);
    this.polling = null;
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }

  get size(): number {
    return this.watchers.size;
  }

  /** Watches `dir` and the folders below it; true when `dir` got a new watcher. */
  private async add(dir: string, depth: number): Promise<boolean> {
    if (this.closed || this.watchers.has(dir)) return false;
    try {
      // Change events name files as well as folders: only folders get a watcher.
      if (!(await stat(dir)).isDirectory()) return false;
    } catch {
      return false; // gone already
    }
    if (this.closed || this.watchers.has(dir)) return false;
    const native = process.platform === 'darwin' || process.platform === 'win32';
    let w: FSWatcher;
    try {
      w = this.watchDir(dir, {persistent: true, recursive: native}, (_event, name) => {
        this.onChange();
        // A new sub-directory (a new project or session folder) needs its own watcher; files
        // written into it before the watcher was attached are caught by one more change.
        if (!native && name && depth < MAX_DEPTH) {
          void this.add(join(dir, name.toString()), depth + 1).then((added) => {
            if (added) this.onChange();
          });
        }
      });
    } catch (err) {
      if (LIMITS.has((err as NodeJS.ErrnoException).code ?? '')) this.poll();
      return false; // else removed in the meantime
    }
    w.on('error', (err: NodeJS.ErrnoException) => {
      w.close();
      this.watchers.delete(dir);
      if (LIMITS.has(err.code ?? '')) this.poll();
    });
    this.watchers.set(dir, w);
    if (native || depth >= MAX_DEPTH) return true;
    let entries;
    try {
      entries = await readdir(dir, {withFileTypes: true});
    } catch {
      return true;
    }
    for (const e of entries) if (e.isDirectory()) await this.add(join(dir, e.name), depth + 1);
    return true;
  }
}

const PREPARE_DELAY_MS = 500;

/** A UsageSource over the core index (cacheDir null keeps nothing on disk: demo data). */
export function indexSource(roots: ClaudeRoots, cacheDir: string | null): UsageSource {
  let index: Promise<UsageIndex> | undefined;
  let prepared = false;
  return {
    roots: roots.configDirs,
    async refresh(onProgress) {
      // A failed open is not kept: the next refresh (a change, or r) tries again.
      index ??= UsageIndex.open({roots, cacheDir}).catch((err: unknown) => {
        index = undefined;
        throw err;
      });
      const idx = await index;
      const dataset = await idx.refresh(onProgress);
      if (!prepared) {
        prepared = true;
        // Once the first data is on screen: ready the merge for the lines that will follow.
        setTimeout(() => {
          try {
            idx.prepareForChanges();
          } catch {
            // done on demand by the next read instead
          }
        }, PREPARE_DELAY_MS).unref();
      }
      return dataset;
    },
    watch(onChange) {
      const w = new DirectoryWatcher(roots.projectsDirs, onChange);
      w.start();
      return () => w.close();
    },
  };
}

/**
 * `aura --demo`: a deterministic generated corpus in `dir` (a temp dir the caller removes),
 * written on the first refresh so the UI is up before the generator runs. Read through a
 * non-persisted index; nothing changes on disk afterwards, so there is nothing to watch.
 */
export function demoSource(dir: string, now: number, generate: (dir: string, now: number) => Promise<string>, resolve: (configDir: string) => ClaudeRoots): UsageSource {
  let inner: Promise<UsageSource> | undefined;
  return {
    roots: [dir],
    async refresh(onProgress) {
      inner ??= generate(dir, now).then((configDir) => indexSource(resolve(configDir), null));
      return (await inner).refresh(onProgress);
    },
    watch: () => () => {},
  };
}
