// Sessions from the per-file facts: a session is its main file plus its sub-agent files.
// start/end = first/last timestamp over them, ultracode if any file holds a marker, project = the
// main file's first cwd (else any file's, else the lossy folder slug).
import type {SessionMeta} from '../types.js';
import type {FileEntry} from './index-model.js';
import {transcriptPath, type TranscriptPath} from './session-path.js';

/** Session a file's lines belong to when a line itself does not say. */
export const fileSession = (tp: TranscriptPath, f: FileEntry): string => tp.pathSession ?? f.meta.sessionId ?? tp.stem;

interface Acc {
  meta: SessionMeta;
  mainCwd: string | null;
  anyCwd: string | null;
  slug: string;
}

export class SessionTable {
  private readonly acc = new Map<string, Acc>();

  constructor(files: readonly FileEntry[], pathOf: (i: number) => TranscriptPath = (i) => transcriptPath(files[i]!.root, files[i]!.path)) {
    files.forEach((f, i) => {
      const tp = pathOf(i);
      const id = fileSession(tp, f);
      const m = f.meta;
      let a = this.acc.get(id);
      if (!a) {
        a = {meta: {id, project: '', start: NaN, end: NaN, ultracode: false}, mainCwd: null, anyCwd: null, slug: tp.slug};
        this.acc.set(id, a);
      }
      if (!(a.meta.start <= m.firstTs)) a.meta.start = m.firstTs;
      if (!(a.meta.end >= m.lastTs)) a.meta.end = m.lastTs;
      a.meta.ultracode ||= m.ultracode;
      if (m.cwd) {
        if (!tp.subagent && a.mainCwd === null) a.mainCwd = m.cwd;
        a.anyCwd ??= m.cwd;
      }
    });
  }

  /** Project (absolute cwd, or slug fallback) of a session; '' when no file of it is known. */
  project(session: string): string {
    const a = this.acc.get(session);
    return a ? (a.mainCwd ?? a.anyCwd ?? a.slug) : '';
  }

  /** A response whose session has no file of its own (flat sub-agent of a vanished parent). */
  addOrphan(session: string, at: number, slug: string): void {
    if (!this.acc.has(session)) this.acc.set(session, {meta: {id: session, project: '', start: at, end: at, ultracode: false}, mainCwd: null, anyCwd: null, slug});
  }

  /** Sessions with at least one timestamped line (an empty file has nothing to show), by start. */
  metas(): SessionMeta[] {
    const out: SessionMeta[] = [];
    for (const a of this.acc.values()) {
      if (Number.isNaN(a.meta.start)) continue;
      out.push({...a.meta, project: a.mainCwd ?? a.anyCwd ?? a.slug});
    }
    return out.sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : 1));
  }
}
