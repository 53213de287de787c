import {afterEach, describe, expect, it} from 'vitest';
import {Text} from 'ink';
import {defaultConfig, type AuraConfig} from '../core/config/schema.js';
import {KEYS, NOW, SAMPLE, renderTui, sampleDataset, staticSource, tick} from '../../test/helpers/tui.js';
import {App, type AppProps} from './App.js';
import {ALL_TABS} from './tabs/registry.js';
import type {TabDefinition, TabProps} from './tabs/types.js';
import {makeTheme} from './theme.js';

// A stand-in tab without a period, to check what the shell does around such tabs.
function ProbeTab({scroll, keysActive, dataset}: TabProps) {
  return (
    <Text>
      probe scroll={scroll} keys={String(keysActive)} records={dataset?.records.length ?? 'none'}
    </Text>
  );
}
const probeTab: TabDefinition = {id: 'quota', title: 'Probe', usesPeriod: false, hasCursor: false, hasSelection: false, enabled: (c) => c.quota.enabled, keys: [{keys: 'x', action: 'probe key'}], Component: ProbeTab};
const TABS = [probeTab, ...ALL_TABS.filter((t) => t.id === 'summary' || t.id === 'models')];

const config = (edit: (c: AuraConfig) => void = () => {}) => {
  const c = defaultConfig();
  edit(c);
  return c;
};

let app: Awaited<ReturnType<typeof renderTui>> | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

async function open(props: Partial<AppProps> = {}, size = {columns: 120, rows: 40}) {
  const source = staticSource(sampleDataset(SAMPLE));
  app = await renderTui(<App source={source} config={config()} tz="UTC" now={() => NOW} tabs={TABS} theme={makeTheme('mono')} {...props} />, size);
  await tick(50);
  return {app, source};
}

describe('dashboard shell', () => {
  it('opens on the configured default tab with numbered tabs and footer hints', async () => {
    const {app} = await open({config: config((c) => (c.ui.default_tab = 'summary'))});
    const f = app.frame();
    expect(f).toContain('1 Probe');
    expect(f).toContain('2 Summary');
    expect(f).toContain('3 Models');
    expect(f).toContain('Total tokens');
    expect(f).toContain('q quit');
    expect(f).toMatch(/updated \d\d:\d\d:\d\d/);
  });

  it('switches tabs by number, Tab, Shift-Tab, h / l and arrows', async () => {
    const {app} = await open();
    expect(app.frame()).toContain('probe scroll=0');
    await app.press('2');
    expect(app.frame()).toContain('Favorite model');
    await app.press(KEYS.tab);
    expect(app.frame()).toContain('Tokens per day');
    await app.press(KEYS.tab);
    expect(app.frame()).toContain('probe scroll=0');
    await app.press(KEYS.shiftTab);
    expect(app.frame()).toContain('Tokens per day');
    await app.press('h');
    expect(app.frame()).toContain('Favorite model');
    await app.press('l');
    expect(app.frame()).toContain('Tokens per day');
    await app.press('1', KEYS.right);
    expect(app.frame()).toContain('Favorite model');
    await app.press(KEYS.left);
    expect(app.frame()).toContain('probe');
    await app.press('9'); // no ninth tab: nothing happens
    expect(app.frame()).toContain('probe');
  });

  it('shows period pills only on tabs with a period, and cycles them with p / P', async () => {
    const {app} = await open();
    expect(app.frame()).not.toContain('Last 7 days');
    await app.press('2');
    expect(app.frame()).toContain('Total tokens');
    expect(app.frame()).toContain('125,000'); // all time: 114,000 in + 11,000 out
    await app.press('p');
    expect(app.frame()).toContain('25,000'); // last 7 days
    expect(app.frame()).not.toContain('125,000');
    await app.press('P');
    expect(app.frame()).toContain('125,000');
    await app.press('P'); // wraps around to the last period
    expect(app.frame()).toContain('25,000');
    expect(app.frame()).not.toContain('125,000');
  });

  it('moves the day cursor on the Models tab and shows its breakdown', async () => {
    const {app} = await open({config: config((c) => (c.ui.default_tab = 'models'))});
    expect(app.frame()).toContain('2026-12-03 Thu');
    expect(app.frame()).toContain('15.0K tokens');
    await app.press(KEYS.left, KEYS.left);
    const f = app.frame();
    expect(f).toContain('2026-12-01 Tue');
    expect(f).toContain('10.0K tokens');
    expect(f).toMatch(/sonnet-4-5\s+7\.0K/);
    expect(f).toMatch(/opus-4-7\s+3\.0K/);
    expect(f).toContain('3 Models'); // ← moved the cursor, not the tab
    await app.press(KEYS.end);
    expect(app.frame()).toContain('2026-12-03 Thu');
    await app.press(KEYS.home);
    expect(app.frame()).toContain('2026-11-01 Sun');
  });

  it('opens the help overlay from the keymap, freezes the tab keys, and closes on Esc', async () => {
    const {app} = await open();
    await app.press('?');
    const f = app.frame();
    expect(f).toContain('Keys');
    expect(f).toContain('jump to tab');
    expect(f).toContain('previous / next tab'); // ← → switch tabs here: the probe has no cursor
    expect(f).not.toContain('next / previous period'); // the probe tab has no period
    expect(f).toContain('probe key'); // the current tab's own keys
    await app.press('2'); // ignored while the overlay is open
    expect(app.frame()).toContain('jump to tab');
    await app.press(KEYS.esc);
    await tick(50);
    expect(app.frame()).toContain('probe scroll=0 keys=true');
  });

  it('help on a tab with a day cursor describes the arrows as that tab uses them', async () => {
    const {app} = await open({config: config((c) => (c.ui.default_tab = 'models'))});
    await app.press('?');
    const f = app.frame();
    expect(f).toMatch(/← → Home End\s+select day/);
    expect(f).not.toContain('previous / next tab');
    expect(f).not.toMatch(/Home End\s+top \/ bottom/);
    expect(f).toMatch(/g G\s+top \/ bottom/);
    expect(f).toContain('next / previous period');
  });

  it('keeps "? help" and "q quit" in the footer at 80×24 and drops other hints whole', async () => {
    const source = staticSource(sampleDataset(SAMPLE, {skippedLines: 3}));
    for (const tab of ['models', 'summary'] as const) {
      const {app} = await open({source, config: config((c) => (c.ui.default_tab = tab))}, {columns: 80, rows: 24});
      const footer = app.frame().split('\n').findLast((l) => l.includes('updated'))!;
      expect(footer).toMatch(/\? help {2}q quit\s+⚠ 1 \(w\) {2}updated \d\d:\d\d:\d\d$/);
      expect(footer).not.toContain('…');
      // Every hint shown is whole: only known "keys action" pairs separated by two spaces.
      const hints = footer.replace(/\s+⚠.*$/, '').split(/ {2}/);
      for (const h of hints) expect(['← → Home End select day', '1–9 jump to tab', 'Tab l next tab', 'p P next / previous period', 'r refresh now', '? help', 'q quit']).toContain(h);
      if (tab === 'models') expect(hints[0]).toBe('← → Home End select day');
      app.unmount();
    }
  });

  it('counts warnings in the footer and lists them with w', async () => {
    const source = staticSource(sampleDataset(SAMPLE, {skippedLines: 3, notices: ['cannot read /c/projects/x.jsonl: EACCES']}));
    const {app} = await open({source});
    expect(app.frame()).toContain('⚠ 2 (w)');
    await app.press('w');
    const f = app.frame();
    expect(f).toContain('3 transcript lines skipped (malformed)');
    expect(f).not.toContain('not a usage line'); // lines without usage are not counted (README: Skipped lines)
    expect(f).toContain('cannot read /c/projects/x.jsonl: EACCES');
    await app.press('q'); // closes the list, does not quit
    expect(app.frame()).toContain('probe');
  });

  it('shows a friendly screen naming the roots when there is no data', async () => {
    const {app} = await open({source: staticSource(sampleDataset([]), ['/home/u/.claude']), config: config((c) => (c.ui.default_tab = 'summary'))});
    const f = app.frame();
    expect(f).toContain('No Claude Code usage found.');
    expect(f).toContain('/home/u/.claude');
    expect(f).toContain('aura --demo');
  });

  it('shows the roots error on the friendly screen, and still runs tabs without a period', async () => {
    const {app} = await open({source: null, rootsError: 'no Claude data found: ~/.claude/projects does not exist', config: config((c) => (c.ui.default_tab = 'summary'))});
    expect(app.frame()).toContain('no Claude data found');
    expect(app.frame()).not.toContain('(no Claude directory)');
    await app.press('1');
    expect(app.frame()).toContain('records=0');
  });

  it('names the folders that were searched when none exists', async () => {
    const searched = ['/home/u/.config/claude/projects', '/home/u/.claude/projects'];
    const {app} = await open({source: null, rootsError: 'no Claude data found', searched, config: config((c) => (c.ui.default_tab = 'summary'))});
    const lines = app.frame().split('\n').map((l) => l.trim());
    const at = lines.indexOf('Searched:');
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1, at + 3)).toEqual(searched);
  });

  it('says why when the first read fails, instead of loading forever', async () => {
    const source = {roots: ['/c'], refresh: async () => Promise.reject(new Error('EACCES: permission denied, scandir /c/projects')), watch: () => () => {}};
    const {app} = await open({source, config: config((c) => (c.ui.default_tab = 'summary'))});
    expect(app.frame()).toContain('cannot read the transcripts: EACCES: permission denied');
    expect(app.frame()).toContain('⚠ 1 (w)');
    await app.press('1');
    expect(app.frame()).toContain('records=0');
  });

  it('replaces the layout with a notice below 80x24 and comes back on resize', async () => {
    const {app} = await open();
    await app.resize({columns: 70, rows: 20});
    expect(app.frame()).toContain('Terminal too small');
    expect(app.frame()).toContain('70×20');
    await app.resize({columns: 100, rows: 30});
    expect(app.frame()).toContain('1 Probe');
  });

  it('keeps the frame one row shorter than the terminal', async () => {
    const {app} = await open({}, {columns: 90, rows: 30});
    expect(app.frame().split('\n')).toHaveLength(29);
  });

  it('starts on defaults with a banner naming the config file and line', async () => {
    const {app} = await open({configError: {path: '/h/.config/aura/config.toml', message: 'invalid TOML: invalid value', line: 7}});
    expect(app.frame()).toContain('Config error: /h/.config/aura/config.toml line 7: invalid TOML: invalid value; running on defaults');
    expect(app.frame()).toContain('⚠ 1 (w)');
  });

  it('hides tabs turned off in config', async () => {
    const {app} = await open({config: config((c) => (c.quota.enabled = false))});
    expect(app.frame()).not.toContain('Probe');
    expect(app.frame()).toContain('1 Summary');
  });

  it('scrolls a long tab with j / k / g / G and stops at the bottom', async () => {
    const {app} = await open({config: config((c) => (c.ui.default_tab = 'models'))}, {columns: 80, rows: 24});
    expect(app.frame()).toContain('── Models');
    await app.press('j', 'j');
    expect(app.frame()).not.toContain('── Models');
    await app.press('k', 'k');
    expect(app.frame()).toContain('── Models');
    await app.press('G');
    expect(app.frame()).toContain('Cumulative tokens');
    const bottom = app.frame();
    await app.press('j', 'j', KEYS.pageDown);
    expect(app.frame()).toBe(bottom);
    await app.press('g');
    expect(app.frame()).toContain('── Models');
  });

  it('re-reads on a file change and on r', async () => {
    const {app, source} = await open({config: config((c) => (c.ui.default_tab = 'summary'))});
    const before = source.refreshes;
    source.set(sampleDataset([...SAMPLE, {at: '2026-12-03T11:00:00Z', model: 'claude-opus-4-7', session: 's2', input: 1000, output: 0}]));
    source.change();
    await tick(700); // debounce
    expect(source.refreshes).toBe(before + 1);
    expect(app.frame()).toContain('126,000');
    await app.press('r');
    await tick(50);
    expect(source.refreshes).toBe(before + 2);
  });

  it('batches a burst of changes into one read, yet keeps reading while writes never pause', async () => {
    const {source} = await open();
    const start = source.refreshes;
    for (let i = 0; i < 3; i++) source.change();
    await tick(450);
    expect(source.refreshes).toBe(start + 1);
    for (let i = 0; i < 12; i++) {
      source.change();
      await tick(100);
    }
    expect(source.refreshes - start - 1).toBeGreaterThanOrEqual(2);
  });

  it('names the roots read in the header, home shortened to ~', async () => {
    const {app} = await open({source: staticSource(sampleDataset(SAMPLE), ['/home/u/.claude', '/srv/claude']), home: '/home/u'});
    expect(app.frame().split('\n')[0]).toMatch(/^aura · ~\/\.claude, \/srv\/claude/);
  });

  it('marks demo data in the header and shows every tab, even those turned off', async () => {
    const {app} = await open({demo: true, config: config((c) => (c.quota.enabled = false))});
    expect(app.frame()).toContain('aura demo data');
    expect(app.frame()).toContain('1 Probe');
  });
});

describe('keys arriving together', () => {
  it('handles "32" read in one chunk as two key presses (Models, then Summary)', async () => {
    const {app} = await open();
    await app.press('32');
    expect(app.frame()).toContain('Favorite model');
  });
});

describe('first index build', () => {
  it('shows a progress bar with files and bytes while the tabs wait, then the data', async () => {
    let finish: (() => void) | undefined;
    const ds = sampleDataset(SAMPLE);
    const source = {
      roots: ['/c'],
      async refresh(onProgress?: (p: {filesDone: number; filesTotal: number; bytesDone: number; bytesTotal: number}) => void) {
        onProgress?.({filesDone: 3, filesTotal: 10, bytesDone: 3 * 1024 * 1024, bytesTotal: 10 * 1024 * 1024});
        await new Promise<void>((r) => (finish = r));
        return ds;
      },
      watch: () => () => {},
    };
    const {app} = await open({source, config: config((c) => (c.ui.default_tab = 'summary'))});
    const f = app.frame();
    expect(f).toContain('Reading transcripts');
    expect(f).toContain('3/10 files · 3 MB / 10 MB');
    expect(f).toContain('Loading…');
    expect(f).toContain('1 Probe'); // the UI is up meanwhile
    finish!();
    await tick(50);
    expect(app.frame()).not.toContain('Reading transcripts');
    expect(app.frame()).toContain('125,000');
  });
});

describe('a failing tab', () => {
  it('shows its error in place and leaves the other tabs working', async () => {
    const Broken = () => {
      throw new Error('cannot draw this');
    };
    const broken: TabDefinition = {...probeTab, id: 'insights', title: 'Broken', Component: Broken};
    const {app} = await open({tabs: [probeTab, broken, ...TABS.slice(1)]});
    await app.press('2');
    expect(app.frame()).toContain('The Broken tab failed: cannot draw this');
    await app.press('3');
    expect(app.frame()).toContain('Favorite model');
    await app.press('1');
    expect(app.frame()).toContain('probe scroll=0');
  });
});
