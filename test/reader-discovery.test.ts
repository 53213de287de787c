// Where the reader looks and what it walks, on real folders: root precedence, CLAUDE_CONFIG_DIR
// entries, XDG_CONFIG_HOME, ~ expansion, sub-agent layouts, sidecars, symlink loops.
import {mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {walkProjects} from '../src/adapters/fs-walk.js';
import {loadUsage, resolveClaudeRoots, RootsError} from '../src/core/usage.js';

const tmp = mkdtempSync(join(tmpdir(), 'aura-discovery-'));
afterAll(() => rmSync(tmp, {recursive: true, force: true}));

const line = (session: string, id: string, output: number, cwd = '/home/u/app'): string =>
  `${JSON.stringify({type: 'assistant', isSidechain: false, cwd, sessionId: session, timestamp: '2026-05-01T10:00:00.000Z', requestId: `req_${id}`, message: {id: `msg_${id}`, model: 'claude-opus-4-6', usage: {input_tokens: 1, output_tokens: output}}})}\n`;

function claudeDir(name: string): string {
  const dir = join(tmp, name);
  mkdirSync(join(dir, 'projects', '-home-u-app'), {recursive: true});
  return dir;
}

describe('roots', () => {
  it('prefers --claude-dir, then CLAUDE_CONFIG_DIR, then both defaults', () => {
    const a = claudeDir('a');
    const b = claudeDir('b');
    const home = join(tmp, 'home');
    mkdirSync(join(home, '.claude', 'projects'), {recursive: true});
    mkdirSync(join(tmp, 'xdg', 'claude', 'projects'), {recursive: true});
    const env = {HOME: home, XDG_CONFIG_HOME: join(tmp, 'xdg'), CLAUDE_CONFIG_DIR: b};
    expect(resolveClaudeRoots([a], env).projectsDirs).toEqual([join(a, 'projects')]);
    expect(resolveClaudeRoots(undefined, env).projectsDirs).toEqual([join(b, 'projects')]);
    expect(resolveClaudeRoots(undefined, {...env, CLAUDE_CONFIG_DIR: ''}).projectsDirs).toEqual([
      join(tmp, 'xdg', 'claude', 'projects'),
      join(home, '.claude', 'projects'),
    ]);
  });

  it('takes config dirs or projects/ folders, expands ~, drops repeats, and notes missing ones', () => {
    const a = claudeDir('c');
    const env = {HOME: tmp, CLAUDE_CONFIG_DIR: ` ~/c , ${join(a, 'projects')},${join(tmp, 'missing')}`};
    const roots = resolveClaudeRoots(undefined, env);
    expect(roots.projectsDirs).toEqual([join(a, 'projects')]);
    expect(roots.configDirs).toEqual([a]);
    expect(roots.notices).toEqual([`Claude dir not found (no projects/ folder): ${join(tmp, 'missing')}`]);
  });

  it('fails with one clear line when nothing is valid', () => {
    expect(() => resolveClaudeRoots(undefined, {HOME: join(tmp, 'nobody'), CLAUDE_CONFIG_DIR: join(tmp, 'nope')})).toThrow(RootsError);
    expect(() => resolveClaudeRoots(undefined, {HOME: join(tmp, 'nobody')})).toThrow(/neither ~\/\.claude\/projects nor ~\/\.config\/claude\/projects/);
    expect(() => resolveClaudeRoots([join(tmp, 'nope')], {})).toThrow(/no Claude data found in .*nope/);
  });
});

describe('walk', () => {
  it('reads both sub-agent layouts into the parent session, skips sidecars, survives a symlink loop', async () => {
    const dir = claudeDir('walk');
    const slug = join(dir, 'projects', '-home-u-app');
    writeFileSync(join(slug, 's1.jsonl'), line('s1', 'a', 10));
    mkdirSync(join(slug, 's1', 'subagents'), {recursive: true});
    writeFileSync(join(slug, 's1', 'subagents', 'agent-a1.jsonl'), line('s1', 'b', 20));
    writeFileSync(join(slug, 's1', 'subagents', 'agent-a1.meta.json'), '{"agentType":"general-purpose"}');
    writeFileSync(join(slug, 'agent-f1.jsonl'), line('s2', 'c', 40, '/home/u/other'));
    mkdirSync(join(slug, 'memory'));
    writeFileSync(join(slug, 'memory', 'notes.md'), 'not a transcript');
    symlinkSync(slug, join(slug, 'loop'));

    const walk = walkProjects([join(dir, 'projects')]);
    expect(walk.files.map((f) => f.path.slice(slug.length + 1)).sort()).toEqual(['agent-f1.jsonl', 's1.jsonl', 's1/subagents/agent-a1.jsonl']);
    expect(walk.notices.some((n) => n.includes('symlink loop') && n.includes('loop'))).toBe(true);

    const ds = await loadUsage({claudeDirs: [dir], env: {HOME: tmp}, cacheDir: null});
    const bySession = new Map<string, number>();
    for (const r of ds.records) bySession.set(r.sessionId, (bySession.get(r.sessionId) ?? 0) + r.tokens.outputTokens);
    expect(Object.fromEntries(bySession)).toEqual({s1: 30, s2: 40});
    expect(ds.records.find((r) => r.sessionId === 's2')?.project).toBe('/home/u/other');
    expect(ds.diagnostics.files).toBe(3);
    expect(ds.diagnostics.notices.some((n) => n.includes('symlink loop'))).toBe(true);
  });
});
