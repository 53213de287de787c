// CPU % from two samples: the CPU time a process used between them over the wall time.
import type {ProcessTable} from './types.js';

/** Start times from `ps` have one-second resolution; /proc gives 10 ms. */
const START_TOLERANCE_MS = 1000;

/**
 * pid -> share of one core (may exceed 100 on several cores) over the interval between the
 * samples, or null when it cannot be known: no previous sample ("measuring…"), or a process
 * that already ran at the previous sample but was not readable then. A process started
 * after the previous sample used all of its CPU time inside the interval.
 */
export function cpuPercents(previous: ProcessTable | null, current: ProcessTable): Map<number, number | null> {
  const out = new Map<number, number | null>();
  const interval = previous === null ? 0 : current.takenAt - previous.takenAt;
  if (previous === null || interval <= 0) {
    for (const p of current.processes) out.set(p.pid, null);
    return out;
  }
  const before = new Map(previous.processes.map((p) => [p.pid, p]));
  for (const p of current.processes) {
    const old = before.get(p.pid);
    let used: number | null;
    if (old && Math.abs(old.startTime - p.startTime) <= START_TOLERANCE_MS) used = p.cpuTimeMs - old.cpuTimeMs;
    else if (p.startTime >= previous.takenAt - START_TOLERANCE_MS) used = p.cpuTimeMs; // new since the last sample (or a reused pid)
    else used = null;
    out.set(p.pid, used === null ? null : (Math.max(0, used) / interval) * 100);
  }
  return out;
}
