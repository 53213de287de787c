// Which Claude `projects/` folders to read: --claude-dir / config first, else CLAUDE_CONFIG_DIR
// (a comma-separated list, as ccusage accepts it, that replaces the defaults), else both default
// locations. Pure apart from the `isDir` probe passed in.
import {join, resolve} from 'node:path';
import {expandHome} from '../paths.js';

type Env = Record<string, string | undefined>;

export interface ResolvedRoots {
  configDirs: string[];
  projectsDirs: string[];
  notices: string[];
  /** Where the roots came from, for the error message when none is valid. */
  source: 'option' | 'env' | 'default';
}

/** An entry may name a config dir (holding projects/) or the projects/ folder itself. */
function projectsOf(entry: string, isDir: (p: string) => boolean): {config: string; projects: string} | null {
  const p = resolve(entry);
  if (isDir(join(p, 'projects'))) return {config: p, projects: join(p, 'projects')};
  if (p.endsWith('/projects') && isDir(p)) return {config: resolve(p, '..'), projects: p};
  return null;
}

export function resolveRoots(dirs: readonly string[] | undefined, env: Env, isDir: (p: string) => boolean): ResolvedRoots {
  const notices: string[] = [];
  let entries: string[];
  let source: ResolvedRoots['source'];
  if (dirs && dirs.length > 0) {
    entries = [...dirs];
    source = 'option';
  } else if (env.CLAUDE_CONFIG_DIR && env.CLAUDE_CONFIG_DIR.trim() !== '') {
    entries = env.CLAUDE_CONFIG_DIR.split(',');
    source = 'env';
  } else {
    const xdg = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(expandHome('~', env), '.config');
    entries = [join(xdg, 'claude'), join(expandHome('~', env), '.claude')];
    source = 'default';
  }
  const configDirs: string[] = [];
  const projectsDirs: string[] = [];
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry === '') continue;
    const found = projectsOf(expandHome(entry, env), isDir);
    if (!found) {
      // The defaults are probed quietly: most machines have only one of the two.
      if (source !== 'default') notices.push(`Claude dir not found (no projects/ folder): ${entry}`);
      continue;
    }
    if (projectsDirs.includes(found.projects)) continue;
    configDirs.push(found.config);
    projectsDirs.push(found.projects);
  }
  return {configDirs, projectsDirs, notices, source};
}

/** One line for the user when no root is valid. */
export function noRootsMessage(r: ResolvedRoots, dirs: readonly string[] | undefined, env: Env): string {
  if (r.source === 'option') return `no Claude data found in ${dirs!.join(', ')} (expected a Claude config dir or its projects/ folder)`;
  if (r.source === 'env') return `no Claude data found in CLAUDE_CONFIG_DIR=${env.CLAUDE_CONFIG_DIR} (expected config dirs or projects/ folders)`;
  return 'no Claude data found: neither ~/.claude/projects nor ~/.config/claude/projects exists (use --claude-dir DIR or CLAUDE_CONFIG_DIR)';
}
