// Types of the Activity monitor: what the process sampler reports and what the
// pure pipeline derives from it (sessions, their process trees, culprits, totals).

/** One process as the sampler read it. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** Kernel short name (Linux comm, at most 15 chars; ps comm elsewhere). A native Claude Code install shows its version here. */
  name: string;
  /** argv as the process left it: Node's `process.title` overwrites it (npm Claude Code reads just `claude`). Empty for kernel threads. */
  argv: string[];
  /** Executable path; null when not read or unreadable. */
  exe: string | null;
  /** Working directory; null when not read or unreadable. */
  cwd: string | null;
  /** Cumulative user + system CPU time, ms. */
  cpuTimeMs: number;
  /** Resident set size, bytes. */
  rssBytes: number;
  /** Epoch ms the process started: with the pid, its identity (pids are reused). */
  startTime: number;
  /** State letter of /proc/<pid>/stat (R, S, D, Z = zombie…); absent where the sampler cannot tell. */
  state?: string;
}

/** Every readable process at one instant. */
export interface ProcessTable {
  /** Epoch ms of the sample. */
  takenAt: number;
  processes: ProcessInfo[];
}

/** What the sampler reads only for the processes that matter (it costs a syscall or a child process each). */
export interface ProcessDetails {
  exe: string | null;
  cwd: string | null;
}

/** The newest transcript of a project folder: the likely active session of a process started there. */
export interface TranscriptRef {
  sessionId: string;
  mtimeMs: number;
}

/** A process of a session's tree, as shown. */
export interface ActivityProcess {
  pid: number;
  ppid: number;
  startTime: number;
  /** Readable label, e.g. `node design-mcp-server`, `bash cargo`, `claude --resume`. */
  label: string;
  /** Share of one core over the last interval (may exceed 100); null while measuring. */
  cpuPercent: number | null;
  memoryBytes: number;
  children: ActivityProcess[];
}

/** One of the heaviest processes of a session (the root itself when it has no children). */
export interface Culprit {
  pid: number;
  startTime: number;
  label: string;
  cpuPercent: number | null;
  memoryBytes: number;
}

export interface ActivitySession {
  pid: number;
  startTime: number;
  /** basename of the root's cwd, else `pid N`. */
  project: string;
  cwd: string | null;
  /** Stem of the newest transcript in the matching projects folder; null when none was found. */
  sessionId: string | null;
  /** Input + output tokens of that session today (local day); null when unknown. */
  tokensToday: number | null;
  /** Σ over the tree; null while measuring. */
  cpuPercent: number | null;
  memoryBytes: number;
  processCount: number;
  /** The root process with its whole descendant tree (nested sessions excluded). */
  root: ActivityProcess;
  culprits: Culprit[];
}

export interface ActivityTotals {
  cpuPercent: number | null;
  memoryBytes: number;
  sessions: number;
}

export interface ActivityReport {
  takenAt: number;
  /** Wall time the CPU figures cover; null on the first sample ("measuring…"). */
  intervalMs: number | null;
  /** Sorted by CPU, heaviest first. */
  sessions: ActivitySession[];
  totals: ActivityTotals;
}
