// Session and project folder of a transcript, from its path under `projects/`.
// `<slug>/<id>.jsonl` → id; `<slug>/<id>/subagents/<x>.jsonl` → the parent id; flat legacy
// `<slug>/agent-<x>.jsonl` carries its parent in the lines' `sessionId` (pathSession null then);
// anything else → the folder just above the file.
import {basename, relative, sep} from 'node:path';
import {cleanText} from '../text.js';

export interface TranscriptPath {
  /** First folder under projects/ (lossy cwd slug): only a fallback project name. */
  slug: string;
  /** Session id from the path, or null when the lines must tell (flat subagent files). */
  pathSession: string | null;
  /** Stem of the file, the last-resort session id. */
  stem: string;
  subagent: boolean;
}

export function transcriptPath(projectsDir: string, file: string): TranscriptPath {
  // Plain slicing when the file is under the root (always, from the walk): path.relative is slow
  // enough to matter over thousands of files.
  const rel = sep === '/' && file.startsWith(`${projectsDir}/`) ? file.slice(projectsDir.length + 1) : relative(projectsDir, file);
  const parts = rel.split(sep);
  // File and folder names are shown (session ids, project fallback): cleaned of control characters.
  const stem = cleanText(basename(file, '.jsonl'));
  const slug = parts.length > 1 ? cleanText(parts[0]!) : '';
  if (parts.length === 2) {
    if (stem.startsWith('agent-')) return {slug, pathSession: null, stem, subagent: true};
    return {slug, pathSession: stem, stem, subagent: false};
  }
  if (parts.length >= 4 && parts[parts.length - 2] === 'subagents') {
    return {slug, pathSession: cleanText(parts[parts.length - 3]!), stem, subagent: true};
  }
  if (parts.length === 1) return {slug, pathSession: stem, stem, subagent: false};
  return {slug, pathSession: cleanText(parts[parts.length - 2]!), stem, subagent: stem.startsWith('agent-')};
}
