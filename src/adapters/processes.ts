// The OS side of the Activity monitor: the process table, exe/cwd of the few processes
// that matter, the newest transcript of a project folder, and SIGTERM.
//
// Linux reads /proc directly: stat (ppid, CPU time, start, RSS) and cmdline of every
// process, with one reused buffer and synchronous reads. Over ~300 processes that is ~11 ms
// of CPU per sample, where the same reads through fs/promises took ~80 ms; the whole loop at
// 3 s costs ~1 % of a core, a third of ps-list + pidusage, which start `ps` on every sample
// (scripts/bench/activity.mjs).
// Elsewhere (macOS) ps-list gives the table, pidusage (batched) the CPU time and RSS, and
// `lsof` the cwd of session roots, cached per process since it takes 50-200 ms a call.
import {execFile, execFileSync} from 'node:child_process';
import {closeSync, existsSync, openSync, readdirSync, readFileSync, readlinkSync, readSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {promisify} from 'node:util';
import pidusage from 'pidusage';
import psList from 'ps-list';
import type {ActivityAdapter, ProcessTarget} from '../core/activity/monitor.js';
import {slugPrefix} from '../core/activity/slug.js';
import {cleanText} from '../core/text.js';
import type {ProcessDetails, ProcessInfo, ProcessTable, TranscriptRef} from '../core/activity/types.js';

const run = promisify(execFile);

export type ProcessSource = 'proc' | 'ps';

export interface ProcessAdapterOptions {
  /** `projects/` folders of every Claude root (where transcripts live). */
  projectsDirs: readonly string[];
  /** Default: `proc` where /proc exists, else `ps`. */
  source?: ProcessSource;
}

export interface ProcessAdapter extends ActivityAdapter {
  /** Frees what the adapter keeps between samples (pidusage's history). */
  close(): void;
}

export const defaultSource = (): ProcessSource => (existsSync('/proc/self/stat') ? 'proc' : 'ps');

/** `getconf NAME` as a number, or the usual value when getconf is missing. */
function getconf(name: string, fallback: number): number {
  try {
    const n = Number(execFileSync('getconf', [name], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).trim());
    return Number.isFinite(n) && n > 0 ? n : fallback;
  } catch {
    return fallback;
  }
}

// Names and paths of processes are set by whoever started them (`exec -a`, a directory named
// with an escape sequence): cleaned of control and bidi characters as they are read. argv stays
// raw for classification (a shell script's newlines separate its commands); labels are cleaned.
const stripDeleted = (path: string): string => cleanText(path.replace(/ \(deleted\)$/, ''));

function readlinkOrNull(path: string): string | null {
  try {
    return stripDeleted(readlinkSync(path));
  } catch {
    return null;
  }
}

/** Reads /proc files with one growing buffer: no per-file allocation, no promise per file. */
class ProcReader {
  private buf = Buffer.allocUnsafe(16 * 1024);

  /** The whole file (a view of the shared buffer: decode it before the next read), or null when it is gone or unreadable. */
  read(path: string): Buffer | null {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      return null;
    }
    try {
      let size = 0;
      for (;;) {
        if (size === this.buf.length) {
          const bigger = Buffer.allocUnsafe(this.buf.length * 2);
          this.buf.copy(bigger);
          this.buf = bigger;
        }
        const n = readSync(fd, this.buf, size, this.buf.length - size, null);
        if (n === 0) break;
        size += n;
      }
      return this.buf.subarray(0, size);
    } catch {
      return null;
    } finally {
      closeSync(fd);
    }
  }
}

interface ProcClock {
  ticksPerSecond: number;
  pageSize: number;
  /** Epoch ms of boot: start times in /proc are ticks since boot. */
  bootMs: number;
}

let machine: {ticksPerSecond: number; pageSize: number} | undefined;

function procClock(): ProcClock {
  // getconf runs once per aura process: the tab builds an adapter each time it opens.
  machine ??= {ticksPerSecond: getconf('CLK_TCK', 100), pageSize: getconf('PAGESIZE', 4096)};
  const uptimeSecs = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
  return {...machine, bootMs: Date.now() - uptimeSecs * 1000};
}

/** One process from /proc/<pid>/stat and cmdline; null when it exited mid-read or is unreadable. */
function readProcProcess(reader: ProcReader, clock: ProcClock, pid: number): ProcessInfo | null {
  const statBytes = reader.read(`/proc/${pid}/stat`);
  if (statBytes === null) return null;
  const text = statBytes.toString('latin1');
  // comm may hold spaces and parentheses: fields resume after the last ')'.
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const f = text.slice(close + 2).split(' '); // f[0] is field 3 (state)
  const ticks = clock.ticksPerSecond;
  const cmdBytes = reader.read(`/proc/${pid}/cmdline`);
  const argv = cmdBytes === null ? [] : cmdBytes.toString('utf8').split('\0');
  while (argv.length > 0 && argv[argv.length - 1] === '') argv.pop(); // trailing NUL, and the padding a process.title leaves
  return {
    pid,
    ppid: Number(f[1]),
    name: cleanText(Buffer.from(text.slice(open + 1, close), 'latin1').toString('utf8')),
    argv,
    exe: null,
    cwd: null,
    cpuTimeMs: ((Number(f[11]) + Number(f[12])) / ticks) * 1000,
    rssBytes: Number(f[21]) * clock.pageSize,
    startTime: Math.round(clock.bootMs + (Number(f[19]) / ticks) * 1000),
    state: f[0],
  };
}

const listDir = (dir: string): string[] => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};

/**
 * Newest `*.jsonl` in `<projectsDir>/<slug>` over every root (long slugs: any folder with the
 * same 200-char prefix). Synchronous, like the /proc reads: a stat costs microseconds, a
 * promise per file costs more CPU than the stat itself.
 */
export async function newestTranscript(projectsDirs: readonly string[], slug: string): Promise<TranscriptRef | null> {
  let best: TranscriptRef | null = null;
  const prefix = slugPrefix(slug);
  for (const projectsDir of projectsDirs) {
    const folders = prefix === slug ? [slug] : listDir(projectsDir).filter((name) => name.startsWith(prefix));
    for (const folder of folders) {
      const dir = join(projectsDir, folder);
      for (const name of listDir(dir)) {
        if (!name.endsWith('.jsonl')) continue;
        let s;
        try {
          s = statSync(join(dir, name));
        } catch {
          continue; // removed or unreadable meanwhile
        }
        if (!s.isFile()) continue;
        if (best === null || s.mtimeMs > best.mtimeMs) best = {sessionId: name.slice(0, -'.jsonl'.length), mtimeMs: s.mtimeMs};
      }
    }
  }
  return best;
}

const noLongerRunning = (pid: number) => new Error(`PID ${pid} is no longer running`);

function sendTerm(pid: number): string {
  try {
    process.kill(pid, 'SIGTERM');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') throw noLongerRunning(pid);
    if (code === 'EPERM') throw new Error(`not permitted to signal PID ${pid}`);
    throw new Error(`could not signal PID ${pid}: ${(err as Error).message}`);
  }
  return `sent SIGTERM to PID ${pid}`;
}

const currentUid = (): number | null => (typeof process.getuid === 'function' ? process.getuid() : null);

function checkOwner(pid: number, uid: number | undefined): void {
  const mine = currentUid();
  if (mine !== null && uid !== mine) throw new Error(`PID ${pid} belongs to another user`);
}

class ProcAdapter implements ProcessAdapter {
  private readonly reader = new ProcReader();
  private readonly clock = procClock();

  constructor(private readonly projectsDirs: readonly string[]) {}

  async sample(): Promise<ProcessTable> {
    const takenAt = Date.now();
    const processes: ProcessInfo[] = [];
    for (const entry of readdirSync('/proc')) {
      const code = entry.charCodeAt(0);
      if (code < 48 || code > 57) continue; // not a pid
      const p = readProcProcess(this.reader, this.clock, Number(entry));
      if (p !== null) processes.push(p);
    }
    return {takenAt, processes};
  }

  async details(pids: readonly number[], withCwd: ReadonlySet<number>): Promise<Map<number, ProcessDetails>> {
    const out = new Map<number, ProcessDetails>();
    for (const pid of pids) {
      out.set(pid, {exe: readlinkOrNull(`/proc/${pid}/exe`), cwd: withCwd.has(pid) ? readlinkOrNull(`/proc/${pid}/cwd`) : null});
    }
    return out;
  }

  newestTranscript(slug: string): Promise<TranscriptRef | null> {
    return newestTranscript(this.projectsDirs, slug);
  }

  async terminate({pid, startTime}: ProcessTarget): Promise<string> {
    const now = readProcProcess(this.reader, this.clock, pid);
    // A different start time means the pid was reused by another program since the sample.
    if (now === null || Math.abs(now.startTime - startTime) > 1000) throw noLongerRunning(pid);
    let uid: number;
    try {
      uid = statSync(`/proc/${pid}`).uid;
    } catch {
      throw noLongerRunning(pid);
    }
    checkOwner(pid, uid);
    return sendTerm(pid);
  }

  close(): void {}
}

class PsAdapter implements ProcessAdapter {
  /** cwd per `pid:start`: a session root's cwd does not change, and lsof is slow. */
  private readonly cwdCache = new Map<string, string | null>();
  private exes = new Map<number, string | null>();
  private starts = new Map<number, number>();

  constructor(private readonly projectsDirs: readonly string[]) {}

  async sample(): Promise<ProcessTable> {
    const takenAt = Date.now();
    const list = await psList();
    // Batched: one `ps` (macOS) for every pid; a pid gone meanwhile comes back as null.
    const usage = (await pidusage(list.map((p) => p.pid))) as Record<string, pidusage.Status | null>;
    const processes: ProcessInfo[] = [];
    for (const p of list) {
      const u = usage[p.pid];
      if (!u) continue; // exited between the two calls
      const startTime = p.startTime?.getTime() ?? Math.round(u.timestamp - u.elapsed);
      processes.push({
        pid: p.pid,
        ppid: p.ppid,
        name: cleanText(p.name),
        argv: (p.cmd ?? '').split(' ').filter((a) => a !== ''),
        exe: p.path === undefined ? null : cleanText(p.path),
        cwd: null,
        cpuTimeMs: u.ctime,
        rssBytes: u.memory,
        startTime,
      });
    }
    this.exes = new Map(processes.map((p) => [p.pid, p.exe]));
    this.starts = new Map(processes.map((p) => [p.pid, p.startTime]));
    const alive = new Set(processes.map((p) => `${p.pid}:${p.startTime}`));
    for (const key of this.cwdCache.keys()) if (!alive.has(key)) this.cwdCache.delete(key);
    return {takenAt, processes};
  }

  async details(pids: readonly number[], withCwd: ReadonlySet<number>): Promise<Map<number, ProcessDetails>> {
    const out = new Map<number, ProcessDetails>();
    for (const pid of pids) {
      let cwd: string | null = null;
      if (withCwd.has(pid)) {
        const key = `${pid}:${this.starts.get(pid)}`;
        if (!this.cwdCache.has(key)) this.cwdCache.set(key, await cwdOf(pid));
        cwd = this.cwdCache.get(key) ?? null;
      }
      out.set(pid, {exe: this.exes.get(pid) ?? null, cwd});
    }
    return out;
  }

  newestTranscript(slug: string): Promise<TranscriptRef | null> {
    return newestTranscript(this.projectsDirs, slug);
  }

  async terminate({pid, startTime}: ProcessTarget): Promise<string> {
    const now = (await psList()).find((p) => p.pid === pid);
    const start = now?.startTime?.getTime();
    if (now === undefined || (start !== undefined && Math.abs(start - startTime) > 1000)) throw noLongerRunning(pid);
    checkOwner(pid, now.uid);
    return sendTerm(pid);
  }

  close(): void {
    pidusage.clear();
  }
}

/** cwd: /proc where it exists, else `lsof -a -d cwd -p PID -Fn` (its `n` line). */
async function cwdOf(pid: number): Promise<string | null> {
  if (existsSync(`/proc/${pid}/cwd`)) return readlinkOrNull(`/proc/${pid}/cwd`);
  try {
    const {stdout} = await run('lsof', ['-a', '-d', 'cwd', '-p', String(pid), '-Fn'], {timeout: 5000});
    const line = stdout.split('\n').find((l) => l.startsWith('n'));
    return line === undefined ? null : cleanText(line.slice(1));
  } catch {
    return null;
  }
}

export function createProcessAdapter(options: ProcessAdapterOptions): ProcessAdapter {
  const source = options.source ?? defaultSource();
  return source === 'proc' ? new ProcAdapter(options.projectsDirs) : new PsAdapter(options.projectsDirs);
}
