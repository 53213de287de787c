// Wording shared by the Activity tab and `aura activity` (CPU, memory, session titles,
// totals), and the `aura activity --json` document.
import {compact, memory} from '../format.js';
import type {ActivityProcess, ActivityReport, ActivitySession, ActivityTotals} from './types.js';

export const MEASURING = 'measuring…';

/** "98%" (whole percent, as the original app), or "measuring…" before the second sample. */
export const cpuText = (cpu: number | null): string => (cpu === null ? MEASURING : `${cpu.toFixed(0)}%`);

/** "98% CPU", or just "measuring…". */
export const cpuWithUnit = (cpu: number | null): string => (cpu === null ? MEASURING : `${cpuText(cpu)} CPU`);

/** The first group of a session id (8 characters), enough to tell sessions apart on one machine. */
export const shortSessionId = (id: string): string => `${id.slice(0, 8)}…`;

export const sessionCount = (n: number): string => `${n} session${n === 1 ? '' : 's'}`;

/** A session's title: "project · 1a2b3c4d…", or the project alone when no transcript matched. */
export const sessionTitle = (s: {project: string; sessionId: string | null}): string => (s.sessionId === null ? s.project : `${s.project} · ${shortSessionId(s.sessionId)}`);

/** "98% CPU · 1.2 GB · 18.2K tokens today" (tokens only when the session is linked). */
export function sessionFigures(s: Pick<ActivitySession, 'cpuPercent' | 'memoryBytes' | 'tokensToday'>): string {
  const tokens = s.tokensToday === null ? '' : ` · ${compact(s.tokensToday)} tokens today`;
  return `${cpuWithUnit(s.cpuPercent)} · ${memory(s.memoryBytes)}${tokens}`;
}

/** A process row's figures: "98% · 340 MB". */
export const processFigures = (p: {cpuPercent: number | null; memoryBytes: number}): string => `${cpuText(p.cpuPercent)} · ${memory(p.memoryBytes)}`;

export const totalsLine = (t: ActivityTotals): string => `Total Claude Code: ${cpuWithUnit(t.cpuPercent)} · ${memory(t.memoryBytes)} · ${sessionCount(t.sessions)}`;

const round1 = (n: number | null): number | null => (n === null ? null : Math.round(n * 10) / 10);

export interface JsonProcess {
  pid: number;
  label: string;
  cpuPercent: number | null;
  memoryBytes: number;
  children: JsonProcess[];
}

const jsonProcess = (p: ActivityProcess): JsonProcess => ({
  pid: p.pid,
  label: p.label,
  cpuPercent: round1(p.cpuPercent),
  memoryBytes: p.memoryBytes,
  children: p.children.map(jsonProcess),
});

/** The `aura activity --json` document (CPU rounded to 0.1 %; null while measuring). */
export function activityJson(report: ActivityReport) {
  return {
    takenAt: new Date(report.takenAt).toISOString(),
    intervalMs: report.intervalMs,
    sessions: report.sessions.map((s) => ({
      pid: s.pid,
      project: s.project,
      cwd: s.cwd,
      sessionId: s.sessionId,
      tokensToday: s.tokensToday,
      cpuPercent: round1(s.cpuPercent),
      memoryBytes: s.memoryBytes,
      processCount: s.processCount,
      label: s.root.label,
      children: s.root.children.map(jsonProcess),
      culprits: s.culprits.map((c) => ({pid: c.pid, label: c.label, cpuPercent: round1(c.cpuPercent), memoryBytes: c.memoryBytes})),
    })),
    totals: {...report.totals, cpuPercent: round1(report.totals.cpuPercent)},
  };
}
