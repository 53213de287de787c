// Builders for synthetic process tables (Activity tests).
import type {ProcessInfo, ProcessTable} from '../../src/core/activity/types.js';

export function proc(pid: number, ppid: number, argv: string[], over: Partial<ProcessInfo> = {}): ProcessInfo {
  return {pid, ppid, name: argv[0]?.split('/').pop() ?? '', argv, exe: null, cwd: null, cpuTimeMs: 0, rssBytes: 0, startTime: 1_000, ...over};
}

/** The same processes later: each pid's CPU time advanced by `usedMs[pid]` (default 0). */
export function later(table: ProcessTable, afterMs: number, usedMs: Record<number, number>): ProcessTable {
  return {takenAt: table.takenAt + afterMs, processes: table.processes.map((p) => ({...p, cpuTimeMs: p.cpuTimeMs + (usedMs[p.pid] ?? 0)}))};
}
