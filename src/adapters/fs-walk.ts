// Finds transcripts: every `*.jsonl` under a projects/ folder, recursively (main sessions and both
// sub-agent layouts). Symlinked folders are followed once; loops and unreadable entries are
// skipped with a notice. walkProjectsAsync walks a plain tree on libuv's pool (native/walk.c)
// and hands anything else to walkProjects.
import {readdirSync, realpathSync, statSync, type Dirent} from 'node:fs';
import {join, sep} from 'node:path';
import type {FileStat} from '../core/reader/index-model.js';
import {nativeWalker} from './native-binding.js';

export interface WalkResult {
  files: FileStat[];
  notices: string[];
}

const errText = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? String(e);

export function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export function walkProjects(roots: readonly string[]): WalkResult {
  const files: FileStat[] = [];
  const notices: string[] = [];
  // Folders read, by real path. A real folder's real path is its parent's plus its name, so only
  // folders reached through a link cost a realpath call (one stat per folder was most of a
  // warm start's walk).
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();

  const realPath = (p: string, what: string): string | null => {
    try {
      return realpathSync(p);
    } catch (e) {
      notices.push(`skipped unreadable ${what} ${p} (${errText(e)})`);
      return null;
    }
  };

  const visit = (dir: string, real: string, root: string): void => {
    if (seenDirs.has(real)) {
      if (dir !== root) notices.push(`skipped folder already read (symlink loop?): ${dir}`);
      return;
    }
    seenDirs.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, {withFileTypes: true});
    } catch (e) {
      notices.push(`skipped unreadable folder ${dir} (${errText(e)})`);
      return;
    }
    // Real entries before links, so a file reached both ways keeps its real path (its path names
    // its session).
    const rank = (e: Dirent): number => (e.isSymbolicLink() ? 1 : 0);
    entries.sort((a, b) => rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const ent of entries) {
      const p = sep === '/' ? `${dir}/${ent.name}` : join(dir, ent.name);
      if (ent.isDirectory()) {
        visit(p, sep === '/' ? `${real}/${ent.name}` : join(real, ent.name), root);
        continue;
      }
      const jsonl = ent.name.endsWith('.jsonl');
      const link = ent.isSymbolicLink();
      if (!link && !(ent.isFile() && jsonl)) continue;
      let st;
      try {
        st = statSync(p);
      } catch (e) {
        notices.push(`skipped unreadable ${link ? 'link' : 'file'} ${p} (${errText(e)})`);
        continue;
      }
      if (st.isDirectory()) {
        const target = realPath(p, 'link');
        if (target !== null) visit(p, target, root);
        continue;
      }
      if (!jsonl || !st.isFile()) continue;
      const fid = `${st.dev}:${st.ino}`;
      // The same file reached twice (hard link, symlink, overlapping roots) is read once.
      if (seenFiles.has(fid)) continue;
      seenFiles.add(fid);
      files.push({path: p, root, dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs});
    }
  };

  for (const root of roots) {
    const real = realPath(root, 'folder');
    if (real !== null) visit(root, real, root);
  }
  return {files, notices};
}

/** Roots none of which is, or is inside, another (by real path): the native walk need not remember folders. */
function disjoint(roots: readonly string[]): boolean {
  const reals: string[] = [];
  for (const root of roots) {
    try {
      reals.push(realpathSync(root));
    } catch {
      return false;
    }
  }
  const inside = (a: string, b: string): boolean => a === b || b.startsWith(a.endsWith(sep) ? a : a + sep);
  return reals.every((a, i) => reals.every((b, j) => i === j || !inside(a, b)));
}

/**
 * walkProjects' answer, found off this thread when native/walk.c can take the tree (plain folders
 * and files, all readable, names it orders as JavaScript does); otherwise walkProjects runs here.
 */
export async function walkProjectsAsync(roots: readonly string[]): Promise<WalkResult> {
  const walk = nativeWalker();
  // A lone surrogate in a root (\p{Cs} under /u) would not survive the trip to UTF-8 and back.
  const found = walk && !roots.some((r) => /\p{Cs}/u.test(r)) && disjoint(roots) ? await walk([...roots]) : null;
  if (found === null) return walkProjects(roots);
  const [bytes, stats] = found;
  const paths = bytes.toString('utf8').split('\0');
  const files: FileStat[] = [];
  // Hard links: the same file twice is read once, at its first path (as walkProjects does).
  const seenFiles = new Set<string>();
  for (let k = 0, o = 0; k < paths.length - 1; k++, o += 5) {
    const fid = `${stats[o + 1]}:${stats[o + 2]}`;
    if (seenFiles.has(fid)) continue;
    seenFiles.add(fid);
    files.push({path: paths[k]!, root: roots[stats[o]!]!, dev: stats[o + 1]!, ino: stats[o + 2]!, size: stats[o + 3]!, mtimeMs: stats[o + 4]!});
  }
  return {files, notices: []};
}
