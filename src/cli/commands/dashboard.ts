// `aura` with no subcommand: the full-screen dashboard. Owns the terminal: alternate screen
// on start, restored on every way out (quit, Ctrl-C, SIGTERM, SIGHUP, crash).
//
// Loading Ink, React and the tabs costs a few hundred milliseconds of module loading, so the
// alternate screen and a one-line splash are written first with plain escape codes; the heavy
// modules are imported after that and Ink then draws over the splash. The history is read only
// once the dashboard is up (reading it while Ink loads competes for the same thread and delays
// the layout more than it brings the numbers forward), with a progress bar on a first build.
import {mkdtempSync, rmSync} from 'node:fs';
import {homedir, tmpdir} from 'node:os';
import {join} from 'node:path';
import {loadConfig} from '../../core/config/load.js';
import {cacheDir} from '../../core/paths.js';
import {plainRecord} from '../../core/reader/record-view.js';
import {assertTimeZone} from '../../core/time.js';
import {systemTimeZone} from '../../adapters/system-zone.js';
import type {UsageDataset} from '../../core/types.js';
import {parseCommandArgs, UsageError} from '../args.js';

const ALT_ON = '\u001B[?1049h\u001B[H';
const ALT_OFF = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';
const CLEAR_HOME = '\u001B[2J\u001B[H';
const DEMO_SEED = 20_261_203;
/** How long before the demo's start its newest transcript line lands. */
const DEMO_LAST_LINE_AGO_MS = 5 * 60_000;

/**
 * The demo corpus moved in time so its newest line is `agoMs` before `now`. The generator keeps
 * its newest session start 6 hours back (so no line lands in the future), while the demo quota
 * windows are anchored at now (5-hour window resetting in 2h 10m): without the move the last
 * session would fall before that window. Only times move; every record and session is kept.
 */
export function demoEndingAt(dataset: UsageDataset, now: number, agoMs = DEMO_LAST_LINE_AGO_MS): UsageDataset {
  let newest = -Infinity;
  for (const r of dataset.records) newest = Math.max(newest, r.timestamp);
  for (const s of dataset.sessions) newest = Math.max(newest, s.end);
  const shift = now - agoMs - newest;
  if (!Number.isFinite(shift) || shift <= 0) return dataset;
  return {
    ...dataset,
    records: dataset.records.map((r) => ({...plainRecord(r), timestamp: r.timestamp + shift})),
    sessions: dataset.sessions.map((s) => ({...s, start: s.start + shift, end: s.end + shift})),
  };
}

const errorText = (err: unknown) => (err instanceof Error ? (err.stack ?? err.message) : String(err));

export async function run(argv: string[]): Promise<number> {
  const {values} = parseCommandArgs(argv, {demo: {type: 'boolean'}, 'claude-dir': {type: 'string', multiple: true}, tz: {type: 'string'}}, false);
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    process.stderr.write('aura: the dashboard needs an interactive terminal; for text or JSON output use `aura report` (see `aura --help`)\n');
    return 2;
  }
  const loaded = loadConfig();
  const config = loaded.config;
  let tz: string;
  try {
    tz = assertTimeZone(values.tz ?? (config.data.timezone || systemTimeZone()));
  } catch {
    throw new UsageError(`unknown time zone "${values.tz}" (use an IANA name such as Europe/Paris)`);
  }
  const demoDir = values.demo ? mkdtempSync(join(tmpdir(), 'aura-demo-')) : undefined;

  const ui: {unmount?: () => void} = {};
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    try {
      ui.unmount?.();
    } catch {
      // already unmounted
    }
    process.stdout.write(ALT_OFF + SHOW_CURSOR);
    if (demoDir) rmSync(demoDir, {recursive: true, force: true});
  };
  const die = (code: number) => () => {
    restore();
    process.exit(code);
  };
  const crash = (err: unknown) => {
    restore();
    process.stderr.write(`aura: crashed: ${errorText(err)}\n`);
    process.exit(1);
  };
  process.on('exit', restore);
  process.on('SIGTERM', die(143));
  process.on('SIGHUP', die(129));
  process.on('SIGINT', die(130));
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);

  process.stdout.write(`${ALT_ON}\u001B[1maura\u001B[22m · starting…`);

  const [{demoSource, indexSource, searchedRoots}, {resolveClaudeRoots, RootsError}] = await Promise.all([import('../../tui/data/source.js'), import('../../core/usage.js')]);
  let source = null;
  let rootsError: string | undefined;
  let searched: string[] | undefined;
  if (demoDir) {
    const startedAt = Date.now();
    const demo = demoSource(
      demoDir,
      startedAt,
      // Loaded only for --demo: the generator is not needed on the normal start path.
      async (dir, now) => (await (await import('../../../fixtures/generate.js')).generateCorpus(dir, {seed: DEMO_SEED, days: 60, now})).configDir,
      (configDir) => resolveClaudeRoots([configDir], {}),
    );
    source = {...demo, refresh: async (onProgress?: Parameters<typeof demo.refresh>[0]) => demoEndingAt(await demo.refresh(onProgress), startedAt)};
  } else {
    const dirs = values['claude-dir'] ?? (config.data.claude_dirs.length > 0 ? config.data.claude_dirs : undefined);
    try {
      source = indexSource(resolveClaudeRoots(dirs), cacheDir());
    } catch (err) {
      if (!(err instanceof RootsError)) throw err;
      rootsError = err.message;
      searched = searchedRoots(dirs);
    }
  }
  const [{createElement}, {render}, {App}] = await Promise.all([import('react'), import('ink'), import('../../tui/App.js')]);

  process.stdout.write(CLEAR_HOME);
  const app = render(
    createElement(App, {
      source,
      rootsError,
      searched,
      config,
      configError: loaded.error ? {path: loaded.path, ...loaded.error} : undefined,
      tz,
      demo: demoDir !== undefined,
      home: process.env.HOME || homedir(),
    }),
    {exitOnCtrlC: false},
  );
  ui.unmount = () => app.unmount();
  try {
    await app.waitUntilExit();
  } catch (err) {
    // A render error: leave the alternate screen first, or the message would vanish with it.
    restore();
    process.stderr.write(`aura: crashed: ${errorText(err)}\n`);
    return 1;
  }
  restore();
  return 0;
}
