// End to end in a real terminal: the built `aura` in tmux over a generated corpus. Reads the
// screen with capture-pane and checks it against `aura report --json` on the same corpus.
import {execFileSync} from 'node:child_process';
import {appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {generateCorpus} from '../fixtures/generate.js';
import {compact, shortModel, thousands, usd} from '../src/core/format.js';
import {daysBetween, localDay} from '../src/core/time.js';
import {hasTmux, TmuxSession} from './helpers/tmux.js';
import {REAL_DIR as REAL} from './helpers/shared.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'aura');
const term = new TmuxSession(`aura-e2e-${process.pid}`, 'e2e');

let dir: string;
let env: Record<string, string>;

function report(kind: string): Record<string, unknown> {
  const out = execFileSync(process.execPath, [BIN, 'report', kind, '--json', '--tz', 'UTC', '--claude-dir', join(dir, 'claude')], {env, encoding: 'utf8'});
  return JSON.parse(out) as Record<string, unknown>;
}

/** The value line under a Summary card label. */
function card(s: string, label: string): string {
  const lines = s.split('\n');
  const row = lines.findIndex((l) => l.includes(label));
  if (row < 0) throw new Error(`no card "${label}" on screen:\n${s}`);
  return lines[row + 1]!.slice(lines[row]!.indexOf(label)).split('│')[0]!.trim();
}

/** The number shown before a tab title in the tab bar. */
const tabKey = (s: string, title: string) => new RegExp(`(\\d) ${title}`).exec(s)?.[1] ?? '';

interface Tokens {
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  costUSD: number;
}

describe.skipIf(!hasTmux)('aura in a real terminal (tmux; skipped only when tmux is not installed)', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aura-e2e-'));
    await generateCorpus(join(dir, 'claude'), {seed: 11, sessions: 14, days: 12, now: Date.now()});
    const home = join(dir, 'home');
    env = {PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_CACHE_HOME: join(home, '.cache'), XDG_STATE_HOME: join(home, '.state'), XDG_DATA_HOME: join(home, '.data'), TERM: 'xterm-256color', LANG: 'C.UTF-8'};
    // The quota tab stays off: the test must not try the network.
    mkdirSync(join(home, '.config', 'aura'), {recursive: true});
    writeFileSync(join(home, '.config', 'aura', 'config.toml'), '[ui]\ndefault_tab = "summary"\n[quota]\nenabled = false\n');
    term.start(['bash', '--norc', '--noprofile'], env);
    term.line(`clear; echo BEFORE-AURA; node ${BIN} --tz UTC --claude-dir ${join(dir, 'claude')}; echo AURA-EXIT=$?`);
  });

  afterAll(() => {
    term.kill();
    rmSync(dir, {recursive: true, force: true, maxRetries: 10, retryDelay: 100});
  });

  it('shows the Summary totals of `aura report`', async () => {
    const s = await term.until('the Summary tab', (t) => t.includes('Total tokens') && /updated \d\d:/.test(t));
    expect(s).not.toContain('BEFORE-AURA'); // alternate screen
    const totals = (report('models') as {totals: Tokens}).totals;
    expect(card(s, 'Total tokens')).toBe(thousands(totals.inputTokens + totals.outputTokens));
    expect(card(s, 'Estimated cost')).toBe(usd(totals.costUSD));
    expect(card(s, 'Cache read')).toBe(thousands(totals.cacheReadTokens));
    expect(card(s, 'Cache write')).toBe(thousands(totals.cacheCreationTokens));
    const sessions = (report('sessions') as {sessions: unknown[]}).sessions;
    expect(card(s, 'Sessions')).toBe(String(sessions.length));
  });

  it('shows a day breakdown on the Models tab matching `aura report daily`', async () => {
    const days = (report('daily') as {days: (Tokens & {date: string; models: (Tokens & {model: string})[]})[]}).days;
    const today = localDay(Date.now(), 'UTC');
    // The newest day with usage before today (or today), reached with ← from today (End).
    const target = [...days].reverse().find((d) => d.date < today) ?? days[days.length - 1]!;
    await term.keys(tabKey(term.screen(), 'Models'));
    await term.until('the Models tab', (t) => t.includes('Tokens per day'));
    await term.keys('End', ...Array<string>(daysBetween(target.date, today)).fill('Left'));
    const s = await term.until(`the breakdown of ${target.date}`, (t) => t.includes(target.date));
    expect(s).toContain(`${compact(target.inputTokens + target.outputTokens)} tokens`);
    expect(s).toContain(`${usd(target.costUSD)} estimated`);
    const top = [...target.models].sort((a, b) => b.inputTokens + b.outputTokens - (a.inputTokens + a.outputTokens)).slice(0, 3);
    for (const m of top) expect(s).toMatch(new RegExp(`${shortModel(m.model)}\\s+${compact(m.inputTokens + m.outputTokens).replace('.', '\\.')}`));
    if (target.models.length > 3) expect(s).toContain(`+${target.models.length - 3} more`);
  });

  it('picks up a line appended to a transcript within seconds', async () => {
    await term.keys(tabKey(term.screen(), 'Summary'));
    const before = await term.until('the Summary tab', (t) => t.includes('Total tokens'));
    const total = Number(card(before, 'Total tokens').replace(/,/g, ''));
    // Append a copy of an assistant line with a new id, a current timestamp and known usage.
    const file = findTranscript(join(dir, 'claude', 'projects'));
    const line = readFileSync(file, 'utf8').split('\n').reverse().find((l) => l.includes('"type":"assistant"'))!;
    const entry = JSON.parse(line) as {message: {id: string; model: string; usage: Record<string, unknown>}; requestId?: string; uuid: string; timestamp: string};
    entry.message.id = 'msg_e2e_appended_line';
    entry.message.model = 'claude-sonnet-4-5'; // the copied line may be a synthetic one, which counts for nothing
    entry.requestId = 'req_e2e_appended_line';
    entry.uuid = '00000000-0000-4000-8000-00000000e2e1';
    entry.timestamp = new Date().toISOString();
    entry.message.usage = {input_tokens: 1000, output_tokens: 234_567, cache_creation_input_tokens: 0, cache_read_input_tokens: 0};
    const appendedAt = Date.now();
    appendFileSync(file, `${JSON.stringify(entry)}\n`);
    const after = await term.until('the new total', (t) => t.includes(thousands(total + 235_567)), 5000);
    expect(card(after, 'Total tokens')).toBe(thousands(total + 235_567));
    expect(Date.now() - appendedAt).toBeLessThan(5000);
  });

  it('restores the terminal on q', async () => {
    await term.keys('q');
    const s = await term.until('the shell', (t) => t.includes('AURA-EXIT='));
    expect(s).toContain('BEFORE-AURA');
    expect(s).toContain('AURA-EXIT=0');
    expect(s).not.toContain('Total tokens');
    expect(s).not.toContain('Summary');
  });
});

function findTranscript(projects: string): string {
  for (const slug of readdirSync(projects)) {
    const d = join(projects, slug);
    if (!statSync(d).isDirectory()) continue;
    // A complete last line: appending after a partial one would make one malformed line.
    const f = readdirSync(d).find((n) => n.endsWith('.jsonl') && !n.startsWith('agent-') && readFileSync(join(d, n), 'utf8').endsWith('\n'));
    if (f) return join(d, f);
  }
  throw new Error('no transcript in the corpus');
}

describe.skipIf(!hasTmux)('aura --demo in a real terminal (tmux; skipped only when tmux is not installed)', () => {
  const demo = new TmuxSession(`aura-e2e-demo-${process.pid}`, 'demo');
  let home: string;

  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'aura-e2e-demo-'));
    const vars = {PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, TMPDIR: home, TERM: 'xterm-256color', LANG: 'C.UTF-8'};
    demo.start(['bash', '--norc', '--noprofile'], vars);
    demo.line(`clear; echo BEFORE-DEMO; node ${BIN} --demo; echo DEMO-EXIT=$?`);
  });

  afterAll(() => {
    demo.kill();
    rmSync(home, {recursive: true, force: true, maxRetries: 10, retryDelay: 100});
  });

  it('shows every tab with data, labelled demo data', async () => {
    const first = await demo.until('the demo', (s) => s.includes('demo data') && /updated \d\d:/.test(s));
    const titles = ['Quota', 'Forecast', 'Summary', 'Models', 'Insights', 'Fleet', 'Activity'];
    for (const [i, title] of titles.entries()) expect(first).toContain(`${i + 1} ${title}`);
    for (const [i, title] of titles.entries()) {
      await demo.keys(String(i + 1));
      await new Promise((r) => setTimeout(r, 1000)); // let the tab load its data
      const s = await demo.until(`the ${title} tab`, (x) => x.split('\n').slice(2, -2).some((l) => l.trim() !== '') && !x.includes('Loading…'));
      expect(s, title).not.toContain('crashed');
    }
    await demo.keys('3');
    const summary = await demo.until('the Summary tab', (s) => s.includes('Total tokens'));
    expect(card(summary, 'Total tokens')).toMatch(/^[1-9][\d,]*$/);
  });

  it('anchors the demo at the real now: the session resets in 2h 10m, and Fleet shows the same 42 %', async () => {
    await demo.keys('1');
    const quota = await demo.until('the Quota tab', (s) => /Resets \d\d:\d\d \([+-]\d\d:\d\d\)/.test(s));
    expect(quota).toContain('demo · from demo data');
    expect(quota).not.toContain('as of');
    const [, hh, mm, sign, oh, om] = /Resets (\d\d):(\d\d) \(([+-])(\d\d):(\d\d)\)/.exec(quota)!;
    const offsetMin = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
    const local = new Date(Date.now() + offsetMin * 60_000);
    const nowMin = local.getUTCHours() * 60 + local.getUTCMinutes();
    const inMin = (Number(hh) * 60 + Number(mm) - nowMin + 24 * 60) % (24 * 60);
    expect(inMin).toBeGreaterThanOrEqual(125);
    expect(inMin).toBeLessThanOrEqual(130);
    expect(quota).toMatch(/42% used/);
    await demo.keys('6');
    const fleet = await demo.until('the Fleet tab', (s) => s.includes('5h session:'));
    expect(fleet).toContain('5h session: 42%   Weekly: 61%');
  });

  it('restores the terminal and removes the demo files on SIGTERM', async () => {
    const [pid] = demo.children();
    expect(pid).toBeDefined();
    process.kill(pid!, 'SIGTERM');
    const s = await demo.until('the shell', (x) => x.includes('DEMO-EXIT='));
    expect(s).toContain('BEFORE-DEMO');
    expect(s).toContain('DEMO-EXIT=143');
    expect(s).not.toContain('demo data');
    expect(readdirSync(home).filter((n) => n.startsWith('aura-demo-'))).toEqual([]);
  });
});

const realDirs = existsSync(REAL)
  ? readdirSync(REAL)
      .flatMap((n) => (n === '_handwritten' ? readdirSync(join(REAL, n)).map((s) => join(REAL, n, s)) : [join(REAL, n)]))
      .filter((d) => existsSync(join(d, 'projects')))
  : [];

describe.skipIf(!hasTmux || realDirs.length === 0)(`aura over the real anonymised transcripts (tmux; skipped without tmux or without ${REAL})`, () => {
  const real = new TmuxSession(`aura-e2e-real-${process.pid}`, 'real');
  let home: string;
  const args = realDirs.flatMap((d) => ['--claude-dir', d]);

  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'aura-e2e-real-'));
    const vars = {PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, TERM: 'xterm-256color', LANG: 'C.UTF-8'};
    mkdirSync(join(home, '.config', 'aura'), {recursive: true});
    writeFileSync(join(home, '.config', 'aura', 'config.toml'), '[ui]\ndefault_tab = "summary"\n[quota]\nenabled = false\n');
    real.start(['node', BIN, '--tz', 'UTC', ...args], vars);
  });

  afterAll(() => {
    real.kill();
    rmSync(home, {recursive: true, force: true, maxRetries: 10, retryDelay: 100});
  });

  it('shows the same totals as `aura report` on every real transcript at once', async () => {
    const s = await real.until('the Summary tab', (t) => t.includes('Total tokens') && /updated \d\d:/.test(t));
    const out = execFileSync(process.execPath, [BIN, 'report', 'models', '--json', '--tz', 'UTC', ...args], {env: {PATH: process.env.PATH ?? '', HOME: home}, encoding: 'utf8'});
    const totals = (JSON.parse(out) as {totals: Tokens}).totals;
    expect(card(s, 'Total tokens')).toBe(thousands(totals.inputTokens + totals.outputTokens));
    expect(card(s, 'Estimated cost')).toBe(usd(totals.costUSD));
    expect(card(s, 'Cache read')).toBe(thousands(totals.cacheReadTokens));
    expect(s).not.toContain('crashed');
  });
});
