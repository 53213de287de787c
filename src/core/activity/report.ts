// The Activity report: sessions with their trees, CPU and memory sums, culprits, totals.
import {basename} from './command.js';
import {cpuPercents} from './cpu.js';
import {processLabel} from './labels.js';
import {sessionTrees, type SessionTree, type TreeNode} from './tree.js';
import type {ActivityProcess, ActivityReport, ActivitySession, Culprit, ProcessTable, TranscriptRef} from './types.js';

const CULPRITS = 3;

/** null + x = x: a process whose CPU is unknown adds nothing; all unknown stays unknown. */
const addCpu = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : a + b);

/** Heaviest first: CPU, then memory, then pid for a stable order. */
function heavierFirst<T extends {cpuPercent: number | null; memoryBytes: number; pid: number}>(a: T, b: T): number {
  return (b.cpuPercent ?? -1) - (a.cpuPercent ?? -1) || b.memoryBytes - a.memoryBytes || a.pid - b.pid;
}

export function projectName(cwd: string | null, pid: number): string {
  const name = cwd === null ? '' : basename(cwd);
  return name === '' ? (cwd === '/' ? '/' : `pid ${pid}`) : name;
}

/**
 * `transcripts` maps a root pid to the newest transcript of its project folder (the caller
 * looks them up on disk). Tokens today are filled in later (`withTokensToday`), from the
 * usage dataset, which refreshes on its own schedule. `trees` saves recomputing them when
 * the caller already has them (over the processes of `current`).
 */
export function buildActivityReport(
  current: ProcessTable,
  previous: ProcessTable | null,
  transcripts: ReadonlyMap<number, TranscriptRef | null> = new Map(),
  trees: readonly SessionTree[] = sessionTrees(current.processes),
): ActivityReport {
  const cpu = cpuPercents(previous, current);
  const measuring = previous === null || current.takenAt <= previous.takenAt;
  const sessions = trees.map((tree): ActivitySession => {
    const toView = (node: TreeNode): ActivityProcess => ({
      pid: node.process.pid,
      ppid: node.process.ppid,
      startTime: node.process.startTime,
      label: processLabel(node.process),
      cpuPercent: cpu.get(node.process.pid) ?? null,
      memoryBytes: node.process.rssBytes,
      children: node.children.map(toView),
    });
    const root = toView(tree.root);
    const all = flattenTree(root).map((row) => row.process);
    const descendants = all.slice(1);
    const culprits: Culprit[] = (descendants.length > 0 ? [...descendants].sort(heavierFirst).slice(0, CULPRITS) : [root]).map(
      ({pid, startTime, label, cpuPercent, memoryBytes}) => ({pid, startTime, label, cpuPercent, memoryBytes}),
    );
    const rootProcess = tree.root.process;
    return {
      pid: rootProcess.pid,
      startTime: rootProcess.startTime,
      project: projectName(rootProcess.cwd, rootProcess.pid),
      cwd: rootProcess.cwd,
      sessionId: transcripts.get(rootProcess.pid)?.sessionId ?? null,
      tokensToday: null,
      cpuPercent: measuring ? null : all.reduce<number | null>((sum, p) => addCpu(sum, p.cpuPercent), null),
      memoryBytes: all.reduce((sum, p) => sum + p.memoryBytes, 0),
      processCount: all.length,
      root,
      culprits,
    };
  });
  sessions.sort(heavierFirst);
  return {
    takenAt: current.takenAt,
    intervalMs: previous === null || measuring ? null : current.takenAt - previous.takenAt,
    sessions,
    totals: {
      cpuPercent: measuring ? null : sessions.reduce((sum, s) => sum + (s.cpuPercent ?? 0), 0),
      memoryBytes: sessions.reduce((sum, s) => sum + s.memoryBytes, 0),
      sessions: sessions.length,
    },
  };
}

/** Every process of a session tree, depth-first, with its depth (the expanded view). */
export function flattenTree(root: ActivityProcess): {process: ActivityProcess; depth: number}[] {
  const out: {process: ActivityProcess; depth: number}[] = [];
  const walk = (p: ActivityProcess, depth: number) => {
    out.push({process: p, depth});
    for (const c of p.children) walk(c, depth + 1);
  };
  walk(root, 0);
  return out;
}
