// The folder walk on libuv's pool (native/walk.c, through walkProjectsAsync) against walkProjects,
// on real trees: the same files, in the same order, with the same stats and notices. Plain trees
// are walked natively (asserted: walkTree answers); a tree with anything the JavaScript walk must
// judge (links, odd names, overlapping roots) is handed to it, and the answers still agree.
// Native cases are skipped when the addon is not built (AURA_REQUIRE_NATIVE=1 makes that fail).
import {execFileSync} from 'node:child_process';
import {linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {generateCorpus} from '../fixtures/generate.js';
import {walkProjects, walkProjectsAsync} from '../src/adapters/fs-walk.js';
import {nativeWalker} from '../src/adapters/native-binding.js';
import {CASES_DIR, hasCases, hasReal, REAL_DIR} from './helpers/shared.js';

const walkTree = nativeWalker();
if (walkTree === null && process.env.AURA_REQUIRE_NATIVE === '1') throw new Error('the native walk is not built (npm run build:native)');
const suite = walkTree ? describe : describe.skip;

const tmp = mkdtempSync(join(tmpdir(), 'aura-walk-native-'));
afterAll(() => rmSync(tmp, {recursive: true, force: true}));

/** Both walks agree on `roots`; returns whether the native walk took the tree itself. */
async function agree(roots: string[]): Promise<boolean> {
  const js = walkProjects(roots);
  expect(await walkProjectsAsync(roots)).toEqual(js);
  return (await walkTree!(roots)) !== null;
}

/** A fresh folder with a projects/ tree built by `make`. */
function tree(name: string, make: (projects: string) => void): string {
  const projects = join(tmp, name, 'projects');
  mkdirSync(projects, {recursive: true});
  make(projects);
  return projects;
}

const file = (path: string, text = '{}\n'): void => {
  mkdirSync(join(path, '..'), {recursive: true});
  writeFileSync(path, text);
};

suite('native walk', () => {
  let corpus: string;
  beforeAll(async () => {
    await generateCorpus(join(tmp, 'corpus'), {seed: 4, sessions: 30, days: 10, now: Date.parse('2026-11-20T12:00:00Z')});
    corpus = join(tmp, 'corpus', 'projects');
  });

  it('a generated corpus (both sub-agent layouts, sidecars): walked natively, same answer', async () => {
    expect(walkProjects([corpus]).files.length).toBeGreaterThan(30);
    expect(await agree([corpus])).toBe(true);
  });

  it.skipIf(!hasCases || !hasReal)('the shared cases and real transcripts, as one set of roots', async () => {
    expect(await agree([CASES_DIR, REAL_DIR])).toBe(true);
  });

  it('names sorted as JavaScript sorts them, non-ASCII, spaces, dots; empty folders; a .jsonl folder; other file types', async () => {
    const p = tree('names', (p) => {
      for (const n of ['b.jsonl', 'B.jsonl', 'a b.jsonl', 'é.jsonl', 'z.jsonl', '_.jsonl', '.hidden.jsonl', '10.jsonl', '9.jsonl', 'ü/x.jsonl', 'Ω/y.jsonl', 'notes.json', 'x.JSONL']) file(join(p, 'slug', n));
      mkdirSync(join(p, 'empty'));
      mkdirSync(join(p, 'dir.jsonl'));
      file(join(p, 'dir.jsonl', 'inner.jsonl'));
      execFileSync('mkfifo', [join(p, 'slug', 'fifo.jsonl')]);
    });
    expect(await agree([p])).toBe(true);
    expect(walkProjects([p]).files.map((f) => f.path.slice(p.length + 1))).toContain('dir.jsonl/inner.jsonl');
  });

  it('hard links: the first path only, natively as in JavaScript', async () => {
    const p = tree('hard', (p) => {
      file(join(p, 'a', 'one.jsonl'));
      linkSync(join(p, 'a', 'one.jsonl'), join(p, 'a', 'two.jsonl'));
      linkSync(join(p, 'a', 'one.jsonl'), join(p, 'b.jsonl'));
    });
    expect(await agree([p])).toBe(true);
    expect((await walkProjectsAsync([p])).files.map((f) => f.path.slice(p.length + 1))).toEqual(['a/one.jsonl']);
  });

  it('a root reached through a link is walked natively, by the path given', async () => {
    const p = tree('linked-root', (p) => file(join(p, 's', 'x.jsonl')));
    const link = join(tmp, 'root-link');
    symlinkSync(p, link);
    expect(await agree([link])).toBe(true);
    expect((await walkProjectsAsync([link])).files[0]!.path).toBe(join(link, 's', 'x.jsonl'));
  });

  it('links inside, a symlink loop, a 4-byte character, a name that is not UTF-8, overlapping roots: handed to the JavaScript walk, same answer', async () => {
    const links = tree('links', (p) => {
      file(join(p, 's', 'x.jsonl'));
      symlinkSync(join(p, 's'), join(p, 'loop'));
      symlinkSync(join(p, 's', 'x.jsonl'), join(p, 'alias.jsonl'));
    });
    expect(await agree([links])).toBe(false);
    expect((await walkProjectsAsync([links])).notices.some((n) => n.includes('symlink loop'))).toBe(true);
    const emoji = tree('emoji', (p) => file(join(p, 's', '😀.jsonl')));
    expect(await agree([emoji])).toBe(false);
    const bytes = tree('bytes', (p) => {
      file(join(p, 's', 'ok.jsonl'));
      writeFileSync(Buffer.concat([Buffer.from(join(p, 's') + '/'), Buffer.from([0xff, 0x41]), Buffer.from('.jsonl')]), '{}\n');
    });
    expect(await agree([bytes])).toBe(false);
    // A name that ends in the middle of a character: the checker stops at the name's end.
    const cut = tree('cut', (p) => {
      file(join(p, 's', 'ok.jsonl'));
      writeFileSync(Buffer.concat([Buffer.from(join(p, 's') + '/'), Buffer.from('x.jsonl'), Buffer.from([0xe2])]), '{}\n');
    });
    expect(await agree([cut])).toBe(false);
    const outer = tree('outer', (p) => file(join(p, 'inner', 'x.jsonl')));
    // walkTree would walk both (it remembers no folders): walkProjectsAsync never asks it.
    await agree([outer, join(outer, 'inner')]);
    expect((await walkProjectsAsync([outer, join(outer, 'inner')])).files).toHaveLength(1);
    expect(await walkProjectsAsync([outer, outer])).toEqual(walkProjects([outer, outer]));
  });

  it('a folder deeper than PATH_MAX: handed back, the same notice (ENAMETOOLONG)', async () => {
    const deep = tree('deep', (p) => file(join(p, 'near', 'x.jsonl')));
    // Only relative steps can reach it, so a child node goes down (and later up) one folder at a time.
    const down = `const fs = require('fs'); process.chdir(process.argv[1]); for (let i = 0; i < 500; i++) { fs.mkdirSync('d0123456'); process.chdir('d0123456'); }`;
    execFileSync(process.execPath, ['-e', `${down} fs.writeFileSync('x.jsonl', '{}');`, deep]);
    try {
      expect(await agree([deep])).toBe(false);
      const found = await walkProjectsAsync([deep]);
      expect(found.files.map((f) => f.path)).toEqual([join(deep, 'near', 'x.jsonl')]);
      expect(found.notices).toEqual([expect.stringContaining('ENAMETOOLONG')]);
    } finally {
      const up = `const fs = require('fs'); process.chdir(process.argv[1]); let n = 0; while (fs.existsSync('d0123456')) { process.chdir('d0123456'); n++; } for (; n > 0; n--) { process.chdir('..'); fs.rmSync('d0123456', {recursive: true}); }`;
      execFileSync(process.execPath, ['-e', up, deep]);
    }
  });

  it('a missing root or one that is a file: handed back, the same notices', async () => {
    const p = tree('missing', (p) => file(join(p, 'x.jsonl')));
    const asFile = join(tmp, 'plain-file');
    writeFileSync(asFile, 'x');
    for (const roots of [[join(tmp, 'nowhere')], [p, asFile]]) {
      const js = walkProjects(roots);
      expect(await walkProjectsAsync(roots)).toEqual(js);
    }
  });
});
