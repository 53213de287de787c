// The sampling loop's one step, shared by the tab, `aura activity` and the benchmark. The
// I/O (process table, readlinks, transcript folders, signals) sits behind ActivityAdapter,
// so the same pipeline runs over the real machine, a demo table or a test fake.
import {buildActivityReport} from './report.js';
import {projectSlug} from './slug.js';
import {sessionTrees} from './tree.js';
import type {ActivityReport, ProcessDetails, ProcessTable, TranscriptRef} from './types.js';

/** A process to signal: the start time guards against a pid reused since the sample. */
export interface ProcessTarget {
  pid: number;
  startTime: number;
}

export interface ActivityAdapter {
  /** Every readable process (exe and cwd may be left null: `details` reads them for the few that matter). */
  sample(): Promise<ProcessTable>;
  /** exe for each pid, and cwd for those in `withCwd`. Unreadable or exited processes are left out. */
  details(pids: readonly number[], withCwd: ReadonlySet<number>): Promise<Map<number, ProcessDetails>>;
  /** Newest `*.jsonl` in the projects folder named `slug`, across every Claude root. */
  newestTranscript(slug: string): Promise<TranscriptRef | null>;
  /** Sends SIGTERM to a process of the current user; resolves to a one-line result, rejects with a one-line reason. */
  terminate(target: ProcessTarget): Promise<string>;
  /** Frees what the adapter keeps between samples. */
  close?(): void;
}

/** Keeps the previous sample (the CPU baseline) between ticks. */
export class ActivityMonitor {
  private previous: ProcessTable | null = null;

  constructor(private readonly adapter: ActivityAdapter) {}

  async tick(): Promise<ActivityReport> {
    const table = await this.adapter.sample();
    const trees = sessionTrees(table.processes);
    const members = trees.flatMap((t) => t.members);
    const roots = new Set(trees.map((t) => t.root.process.pid));
    if (members.length > 0) {
      // The table is this tick's own: fill in exe/cwd of the tree members in place.
      const details = await this.adapter.details(members.map((p) => p.pid), roots);
      for (const p of members) {
        const d = details.get(p.pid);
        if (d) Object.assign(p, {exe: p.exe ?? d.exe, cwd: p.cwd ?? d.cwd});
      }
    }

    const transcripts = new Map<number, TranscriptRef | null>();
    const bySlug = new Map<string, Promise<TranscriptRef | null>>();
    for (const tree of trees) {
      const {pid, cwd} = tree.root.process;
      if (cwd === null) continue;
      const slug = projectSlug(cwd);
      if (!bySlug.has(slug)) bySlug.set(slug, this.adapter.newestTranscript(slug).catch(() => null));
      transcripts.set(pid, await bySlug.get(slug)!);
    }

    const report = buildActivityReport(table, this.previous, transcripts, trees);
    this.previous = table;
    return report;
  }
}
