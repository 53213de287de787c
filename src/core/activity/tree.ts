// Sessions as process trees: each Claude Code root with its whole descendant subtree.
import {isAura, isClaudeRoot} from './classify.js';
import type {ProcessInfo} from './types.js';

export interface TreeNode {
  process: ProcessInfo;
  children: TreeNode[];
}

export interface SessionTree {
  root: TreeNode;
  /** Every process of the tree, the root first (depth-first order). */
  members: ProcessInfo[];
}

/** ppid -> children, children sorted by pid so the output is stable. */
function childrenIndex(processes: readonly ProcessInfo[]): Map<number, ProcessInfo[]> {
  const index = new Map<number, ProcessInfo[]>();
  for (const p of processes) {
    if (p.ppid === p.pid) continue; // pid 0 and broken tables name themselves as parent
    let list = index.get(p.ppid);
    if (!list) index.set(p.ppid, (list = []));
    list.push(p);
  }
  for (const list of index.values()) list.sort((a, b) => a.pid - b.pid);
  return index;
}

/**
 * One tree per Claude Code root. The walk keeps a visited set, so a cycle in the ppid links
 * (pids reused between reads) cannot loop, and it stops at other roots: a `claude` started
 * inside a session is a session of its own and is not counted again in the outer one. aura
 * itself (run from a session's shell) is the observer, not the session's work: it and what it
 * started are left out.
 */
export function sessionTrees(processes: readonly ProcessInfo[]): SessionTree[] {
  const roots = processes.filter(isClaudeRoot);
  const rootPids = new Set(roots.map((p) => p.pid));
  const index = childrenIndex(processes);
  return roots.map((rootProcess) => {
    const visited = new Set<number>([rootProcess.pid]);
    const members: ProcessInfo[] = [];
    const walk = (p: ProcessInfo): TreeNode => {
      members.push(p);
      const children: TreeNode[] = [];
      for (const child of index.get(p.pid) ?? []) {
        if (visited.has(child.pid) || rootPids.has(child.pid) || isAura(child)) continue;
        visited.add(child.pid);
        children.push(walk(child));
      }
      return {process: p, children};
    };
    return {root: walk(rootProcess), members};
  });
}
