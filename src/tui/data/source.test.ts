import {appendFileSync, mkdirSync, mkdtempSync, rmSync, watch, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {DirectoryWatcher, POLL_MS, searchedRoots} from './source.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(ok: () => boolean, ms = 3000) {
  const end = Date.now() + ms;
  while (!ok() && Date.now() < end) await sleep(20);
  return ok();
}

describe('DirectoryWatcher (real files)', () => {
  let dir: string;
  let w: DirectoryWatcher | undefined;
  afterEach(() => {
    w?.close();
    rmSync(dir, {recursive: true, force: true});
  });

  it('sees appends in nested folders and in folders created after it started', async () => {
    dir = mkdtempSync(join(tmpdir(), 'aura-watch-'));
    const projects = join(dir, 'projects');
    mkdirSync(join(projects, '-home-u-a', 'sess', 'subagents'), {recursive: true});
    const main = join(projects, '-home-u-a', 's.jsonl');
    const sub = join(projects, '-home-u-a', 'sess', 'subagents', 'agent-1.jsonl');
    writeFileSync(main, '{}\n');
    writeFileSync(sub, '{}\n');
    let changes = 0;
    w = new DirectoryWatcher([projects], () => changes++);
    w.start();
    expect(await until(() => w!.size === 4)).toBe(true); // projects, the project, the session, subagents
    // One change once every folder is watched (covers writes made while attaching).
    expect(await until(() => changes === 1)).toBe(true);
    await sleep(50);
    expect(changes).toBe(1);

    changes = 0;
    appendFileSync(main, '{}\n');
    expect(await until(() => changes > 0)).toBe(true);
    changes = 0;
    appendFileSync(sub, '{}\n');
    expect(await until(() => changes > 0)).toBe(true);

    mkdirSync(join(projects, '-home-u-b'));
    expect(await until(() => w!.size === 5)).toBe(true);
    await sleep(50);
    changes = 0;
    writeFileSync(join(projects, '-home-u-b', 'n.jsonl'), '{}\n');
    expect(await until(() => changes > 0)).toBe(true);
  });

  it('stops reporting after close', async () => {
    dir = mkdtempSync(join(tmpdir(), 'aura-watch-'));
    writeFileSync(join(dir, 'x.jsonl'), '');
    let changes = 0;
    w = new DirectoryWatcher([dir], () => changes++);
    w.start();
    await until(() => changes === 1);
    changes = 0;
    w.close();
    expect(w.size).toBe(0);
    appendFileSync(join(dir, 'x.jsonl'), '{}\n');
    await sleep(200);
    expect(changes).toBe(0);
  });

  it('past the OS watch limit, looks for changes every few seconds instead', async () => {
    vi.useFakeTimers({toFake: ['setInterval', 'clearInterval']});
    try {
      dir = mkdtempSync(join(tmpdir(), 'aura-watch-'));
      mkdirSync(join(dir, 'a'));
      mkdirSync(join(dir, 'b'));
      let changes = 0;
      // The OS refusing a watch as inotify does past max_user_watches (lowering the real limit
      // would starve every other process on the machine).
      const limited = (path: string, opts: {persistent: boolean; recursive: boolean}, listener: (e: string, n: string | Buffer | null) => void) => {
        if (path.endsWith('/b')) throw Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), {code: 'ENOSPC'});
        return watch(path, opts, listener);
      };
      w = new DirectoryWatcher([dir], () => changes++, limited);
      w.start();
      expect(await until(() => changes === 1)).toBe(true);
      expect(w.size).toBe(2); // the root and a: b could not be watched
      expect(w.polls).toBe(true);
      changes = 0;
      vi.advanceTimersByTime(POLL_MS * 3);
      expect(changes).toBe(3);
      w.close();
      vi.advanceTimersByTime(POLL_MS * 3);
      expect(changes).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('ignores roots that do not exist', async () => {
    dir = mkdtempSync(join(tmpdir(), 'aura-watch-'));
    w = new DirectoryWatcher([join(dir, 'missing')], () => {});
    w.start();
    await sleep(50);
    expect(w.size).toBe(0);
  });
});

describe('indexSource (real corpus)', () => {
  let dir: string;
  afterEach(() => rmSync(dir, {recursive: true, force: true}));

  it('reads the whole history, then the same data again without changes', async () => {
    const {generateCorpus} = await import('../../../fixtures/generate.js');
    const {loadUsage, resolveClaudeRoots} = await import('../../core/usage.js');
    const {indexSource} = await import('./source.js');
    dir = mkdtempSync(join(tmpdir(), 'aura-src-'));
    const corpus = (await generateCorpus(join(dir, 'c'), {seed: 3, sessions: 3, days: 3, now: Date.parse('2026-12-03T12:00:00Z')})).configDir;
    const expected = await loadUsage({claudeDirs: [corpus], cacheDir: null});
    const src = indexSource(resolveClaudeRoots([corpus], {}), null);
    const first = await src.refresh();
    expect(first.records.length).toBe(expected.records.length);
    expect(first.records.length).toBeGreaterThan(0);
    const again = await src.refresh();
    expect(again.records.length).toBe(expected.records.length);
  });
});

describe('searchedRoots', () => {
  it('names both default projects folders, found or not', () => {
    expect(searchedRoots(undefined, {HOME: '/nowhere/u'})).toEqual(['/nowhere/u/.config/claude/projects', '/nowhere/u/.claude/projects']);
    expect(searchedRoots(undefined, {HOME: '/nowhere/u', XDG_CONFIG_HOME: '/nowhere/xdg'})).toEqual(['/nowhere/xdg/claude/projects', '/nowhere/u/.claude/projects']);
  });
  it('follows CLAUDE_CONFIG_DIR, then --claude-dir, as the reader does', () => {
    expect(searchedRoots(undefined, {HOME: '/h', CLAUDE_CONFIG_DIR: '/a,/b/projects'})).toEqual(['/a/projects', '/b/projects']);
    expect(searchedRoots(['~/work/claude'], {HOME: '/h', CLAUDE_CONFIG_DIR: '/a'})).toEqual(['/h/work/claude/projects']);
  });
});
