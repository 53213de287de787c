// Entry to the reader: resolve roots, open the persisted index, read only new bytes, and hand out
// the deduplicated dataset. The steps live in ./reader (pure) and ../adapters (file system).
import {isDirectory, walkProjectsAsync} from '../adapters/fs-walk.js';
// Types only: the readers (and worker_threads) are loaded when there is something to read, so a
// run where nothing changed does not pay for them.
import type {ScanJob} from '../adapters/fs-read.js';
import type {WorkerUse} from '../adapters/read-pool.js';
import {indexPath, loadIndex, saveIndex, saveToday, type LoadedIndex, type TodaySummary} from '../adapters/index-store.js';
import {systemTimeZone} from '../adapters/system-zone.js';
import {recordCost} from './cost.js';
import {DedupeStore, TOKEN_FIELDS} from './reader/dedupe.js';
import {recordViews, type RecordColumns} from './reader/record-view.js';
import {fileSession, SessionTable} from './reader/sessions.js';
import {timeOrder} from './reader/index-codec.js';
import {emptyState, newFileMeta, type FileStat, type IndexState} from './reader/index-model.js';
import {noRootsMessage, resolveRoots} from './reader/roots.js';
import {transcriptPath, type TranscriptPath} from './reader/session-path.js';
import {cacheDir} from './paths.js';
import {cleanText} from './text.js';
import {localDay} from './time.js';
import type {SessionMeta, UsageDataset, UsageRecord} from './types.js';

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
export function resolveClaudeRoots(dirs: readonly string[] | undefined, env: Record<string, string | undefined> = process.env): ClaudeRoots {
  const r = resolveRoots(dirs, env, isDirectory);
  if (r.projectsDirs.length === 0) throw new RootsError(noRootsMessage(r, dirs, env));
  return {configDirs: r.configDirs, projectsDirs: r.projectsDirs, notices: r.notices};
}

/** The index is rewritten once this much was read since the last save, or after SAVE_MS. */
const SAVE_BYTES = 4 << 20;
const SAVE_MS = 60_000;

export class UsageIndex {
  private store: DedupeStore | null = null;
  private paths: TranscriptPath[] = [];
  /** Bytes read by the last refresh (tests assert incremental reads with it). */
  lastBytesRead = 0;
  /** How files are read (see WorkerUse): 'auto', or the JavaScript reader without / with its worker (tests). */
  workers: WorkerUse = 'auto';
  /** Bytes read since the index was last saved, and when that was. */
  private unsavedBytes = 0;
  private savedAt = Date.now();
  /** A rebuild happened: the saved index no longer matches the files. */
  private mustSave = false;
  /** Time order of the groups found by the last dataset (null: already sorted), reused to save. */
  private order: Uint32Array | null = null;

  /** Replaced by the persisted index, if any, when the first read has it. */
  private state: IndexState;
  private readonly openNotices: string[] = [];

  private constructor(
    private readonly roots: ClaudeRoots,
    private readonly cacheDir: string | null,
    /** The persisted index, loading (null: taken, or none kept). */
    private loading: Promise<LoadedIndex> | null,
  ) {
    this.state = emptyState([...roots.projectsDirs]);
    this.mustSave = true;
  }

  /**
   * cacheDir null = keep nothing on disk (demo, tests). The persisted index loads off this
   * thread (libuv's pool) while the first read walks the transcript folders.
   */
  static async open(opts: {roots: ClaudeRoots; cacheDir: string | null}): Promise<UsageIndex> {
    const roots = opts.roots.projectsDirs;
    return new UsageIndex(opts.roots, opts.cacheDir, opts.cacheDir === null ? null : loadIndex(indexPath(opts.cacheDir, roots), roots));
  }

  /** Takes the persisted index once loaded (first read only). */
  private async takeLoaded(): Promise<void> {
    const loading = this.loading;
    if (loading === null) return;
    this.loading = null;
    const loaded = await loading;
    if (loaded.state) {
      this.state = loaded.state;
      this.mustSave = false;
    }
    if (loaded.notice) this.openNotices.push(loaded.notice);
  }

  private pathOf(i: number): TranscriptPath {
    let tp = this.paths[i];
    if (!tp) {
      const f = this.state.files[i]!;
      tp = transcriptPath(f.root, f.path);
      this.paths[i] = tp;
    }
    return tp;
  }

  /** The original of two files holding the same line: earlier first line, then earlier last, then path. */
  private readonly fileBefore = (a: number, b: number): boolean => {
    const fa = this.state.files[a]!.meta;
    const fb = this.state.files[b]!.meta;
    if (fa.firstTs !== fb.firstTs) return fa.firstTs < fb.firstTs || Number.isNaN(fb.firstTs);
    if (fa.lastTs !== fb.lastTs) return fa.lastTs < fb.lastTs || Number.isNaN(fb.lastTs);
    return this.state.files[a]!.path < this.state.files[b]!.path;
  };

  /**
   * Gets ready to merge new lines (decodes the stored ids, indexes them): for a long-lived
   * reader to do while idle, so the first appended line shows without that wait.
   */
  prepareForChanges(): void {
    this.dedupe();
  }

  private dedupe(): DedupeStore {
    this.store ??= new DedupeStore(this.state.groups, this.fileBefore);
    return this.store;
  }

  /** The refresh in flight: refreshes run one after another (they share the index state). */
  private running: Promise<unknown> = Promise.resolve();

  /** Reads only what changed since the last refresh (or the persisted index) and returns the whole dataset. */
  refresh(onProgress?: (p: LoadProgress) => void): Promise<UsageDataset> {
    const next = this.running.then(() => this.read(onProgress));
    this.running = next.catch(() => {});
    return next;
  }

  private async read(onProgress?: (p: LoadProgress) => void): Promise<UsageDataset> {
    // The walk and the index load both run on libuv's pool where they can; the index's header is
    // decoded here meanwhile.
    const walking = walkProjectsAsync(this.roots.projectsDirs);
    await this.takeLoaded();
    const walk = await walking;
    const notices = [...this.roots.notices, ...this.openNotices, ...walk.notices];
    this.openNotices.length = 0;
    const files = this.state.files;
    const byPath = new Map<string, number>();
    files.forEach((f, i) => byPath.set(f.path, i));
    const present = new Set<number>();
    const replaced: number[] = [];
    const found: FileStat[] = [];
    let changed = false;
    for (const f of walk.files) {
      let i = byPath.get(f.path);
      if (i === undefined) {
        i = files.length;
        files.push({path: f.path, root: f.root, dev: f.dev, ino: f.ino, size: 0, mtimeMs: 0, offset: 0, pendingNewline: false, meta: newFileMeta(), copies: 0});
        byPath.set(f.path, i);
        changed = true;
      } else {
        const e = files[i]!;
        if (e.dev !== f.dev || e.ino !== f.ino || f.size < e.offset) replaced.push(i);
      }
      present.add(i);
      found[i] = f;
    }
    if (replaced.length > 0) {
      this.rebuildPresent(present, new Set(replaced));
      notices.push(`re-read all transcripts: ${replaced.length} file(s) were truncated or replaced (e.g. ${files[replaced[0]!]!.path})`);
      changed = true;
    }

    const toRead = [...present].filter((i) => found[i]!.size > files[i]!.offset);
    const progress: LoadProgress = {filesDone: 0, filesTotal: toRead.length, bytesDone: 0, bytesTotal: 0};
    for (const i of toRead) progress.bytesTotal += found[i]!.size - files[i]!.offset;
    onProgress?.({...progress});
    let bytesRead = 0;
    const jobs: ScanJob[] = toRead.map((i) => ({file: i, path: files[i]!.path, offset: files[i]!.offset, pendingNewline: files[i]!.pendingNewline, meta: files[i]!.meta}));
    const sizes = toRead.map((i) => found[i]!.size - files[i]!.offset);
    if (jobs.length > 0) {
      changed = true;
      const [{scanAll}, {unpackCopies}] = await Promise.all([import('../adapters/read-pool.js'), import('../adapters/fs-read.js')]);
      await scanAll(
        jobs,
        sizes,
        (r) => {
          const i = r.file;
          const entry = files[i]!;
          const tp = this.pathOf(i);
          const store = this.dedupe();
          entry.meta = r.meta;
          const session = fileSession(tp, entry);
          entry.copies += r.copyCount;
          unpackCopies(r.copies, (occ, mid, rid) => store.addWithIds(occ, mid, rid, i, tp.pathSession ?? occ.sessionId ?? session));
          if (r.error) notices.push(`skipped unreadable file ${entry.path} (${r.error})`);
          bytesRead += r.bytesRead;
          entry.offset = r.offset;
          entry.pendingNewline = r.pendingNewline;
          const f = found[i]!;
          entry.size = Math.max(f.size, entry.offset);
          entry.mtimeMs = f.mtimeMs;
          progress.filesDone++;
          progress.bytesDone += r.bytesRead;
          onProgress?.({...progress});
        },
        {workers: this.workers},
      );
    }
    this.lastBytesRead = bytesRead;

    const dataset = this.dataset(present, notices);
    this.unsavedBytes += bytesRead;
    if (replaced.length > 0) this.mustSave = true;
    if (changed && this.cacheDir !== null) {
      try {
        // Rewriting the whole index for a few appended lines would cost more than re-reading them:
        // unsaved bytes are simply read again from the saved offsets by the next start.
        const now = Date.now();
        if (this.mustSave || this.unsavedBytes >= SAVE_BYTES || (this.unsavedBytes > 0 && now - this.savedAt >= SAVE_MS)) {
          saveIndex(this.cacheDir, indexPath(this.cacheDir, this.roots.projectsDirs), this.state, this.order);
          this.unsavedBytes = 0;
          this.mustSave = false;
          this.savedAt = now;
        }
        saveToday(this.cacheDir, todaySummary(dataset.records, now));
      } catch (e) {
        dataset.diagnostics.notices.push(`could not save the usage index in ${this.cacheDir} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
      }
    }
    return dataset;
  }

  /**
   * A truncated or replaced file invalidates what was merged from it; as a group only remembers
   * its earliest and its kept copy, every file still on disk is re-read. Groups that only files
   * deleted since (Claude's cleanup) contributed to are kept: that history exists nowhere else.
   */
  private rebuildPresent(present: Set<number>, replaced: Set<number>): void {
    const g = this.state.groups;
    this.state.groups = g.filter((i) => {
      const f = g.file[i]!;
      const w = g.winFile[i]!;
      return !((present.has(f) && present.has(w)) || replaced.has(f) || replaced.has(w));
    });
    for (const i of present) {
      const e = this.state.files[i]!;
      e.offset = 0;
      e.pendingNewline = false;
      e.meta = newFileMeta();
      e.copies = 0;
    }
    this.store = new DedupeStore(this.state.groups, this.fileBefore);
  }

  private dataset(present: Set<number>, notices: string[]): UsageDataset {
    const files = this.state.files;
    let skippedLines = 0;
    let copies = 0;
    files.forEach((f, i) => {
      copies += f.copies;
      if (present.has(i)) skippedLines += f.meta.skippedLines;
    });
    const g = this.state.groups;
    const strings = g.strings.list;
    const order = timeOrder(g);
    this.order = order;
    const n = g.n;
    // A snapshot of the columns in time order: later reads merge into the table, never into it.
    const cols: RecordColumns = {
      ts: inOrder(g.ts, n, order),
      tokens: inOrder(g.tokens, n, order, TOKEN_FIELDS),
      model: inOrder(g.model, n, order),
      session: inOrder(g.session, n, order),
      speed: inOrder(g.speed, n, order),
      flags: inOrder(g.flags, n, order),
      cost: inOrder(g.cost, n, order),
      strings: strings.slice(),
      projects: () => sessionInfo().projects,
    };
    // Sessions and the records' projects come from the file table, worked out on first use (most
    // reports show neither) from a copy of it as it is now: later reads change the table. Per
    // session (string id): its project; a session with no file of its own (a flat sub-agent of a
    // deleted parent) is added with its first record.
    const fileOf = inOrder(g.file, n, order);
    const fileFacts = files.map((f) => ({...f, meta: {...f.meta}}));
    let info: {projects: string[]; metas: SessionMeta[]} | null = null;
    const sessionInfo = (): {projects: string[]; metas: SessionMeta[]} => {
      if (info !== null) return info;
      const sessions = new SessionTable(fileFacts, (i) => this.pathOf(i));
      const projects = new Array<string>(strings.length).fill('');
      const known = new Uint8Array(strings.length);
      for (let k = 0; k < n; k++) {
        const sid = cols.session[k]!;
        if (known[sid]) continue;
        known[sid] = 1;
        const id = strings[sid]!;
        sessions.addOrphan(id, cols.ts[k]!, this.pathOf(fileOf[k]!).slug);
        projects[sid] = sessions.project(id) || cleanText(fileFacts[fileOf[k]!]!.root);
      }
      return (info = {projects, metas: sessions.metas()});
    };
    const records = recordViews(cols);
    return {
      records,
      get sessions(): SessionMeta[] {
        return sessionInfo().metas;
      },
      diagnostics: {
        roots: this.roots.projectsDirs.map(cleanText),
        files: present.size,
        skippedLines,
        duplicatesDropped: copies - n,
        // Notices quote file and folder names: never a control sequence on the terminal.
        notices: notices.map(cleanText),
      },
    };
  }
}

/** The first `n` rows (`width` values each) of `col`, permuted by `order` (null: as they are), in a new array. */
function inOrder<T extends Float64Array<ArrayBufferLike> | Uint32Array<ArrayBufferLike> | Uint8Array<ArrayBufferLike>>(col: T, n: number, order: Uint32Array | null, width = 1): T {
  if (order === null) return col.slice(0, n * width) as T;
  const out = new (col.constructor as new (len: number) => T)(n * width);
  for (let k = 0, d = 0; k < n; k++) for (let j = 0, o = order[k]! * width; j < width; j++) out[d++] = col[o + j]!;
  return out;
}

/** Today's input + output (and cost when priced) in the system zone, for `aura statusline`. */
export function todaySummary(records: readonly UsageRecord[], now: number): TodaySummary {
  const tz = systemTimeZone();
  const date = localDay(now, tz);
  let tokens = 0;
  let cost = 0;
  // Records are sorted by time: walk back from the newest until the day changes.
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i]!;
    const day = localDay(r.timestamp, tz);
    if (day > date) continue;
    if (day < date) break;
    tokens += r.tokens.inputTokens + r.tokens.outputTokens;
    const c = recordCost(r);
    // Unpriced models add nothing: the figure is then a lower bound, as everywhere in aura.
    if (c !== null) cost += c;
  }
  return {date, tokens, costUSD: cost, updatedAt: now};
}

/** One-shot convenience for the headless commands (cacheDir: default the XDG cache, null = none). */
export async function loadUsage(opts: {
  claudeDirs?: readonly string[];
  env?: Record<string, string | undefined>;
  cacheDir?: string | null;
  onProgress?: (p: LoadProgress) => void;
}): Promise<UsageDataset> {
  const env = opts.env ?? process.env;
  const roots = resolveClaudeRoots(opts.claudeDirs, env);
  const index = await UsageIndex.open({roots, cacheDir: opts.cacheDir === undefined ? cacheDir(env) : opts.cacheDir});
  return index.refresh(opts.onProgress);
}
