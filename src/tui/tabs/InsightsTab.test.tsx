import {stripVTControlCharacters} from 'node:util';
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {dataset, record, session} from '../../../test/helpers/usage-records.js';
import {defaultConfig} from '../../core/config/schema.js';
import type {UsageDataset} from '../../core/types.js';
import {InsightsTab} from './InsightsTab.js';
import type {TabProps} from './types.js';

const NOW = Date.parse('2026-05-03T12:00:00Z');

const ds = dataset(
  [
    record({at: '2026-05-01T10:00:00Z', session: 'sess-big', project: '/home/u/work/app', model: 'claude-opus-4-6', t: {inputTokens: 1000, outputTokens: 2500, cacheReadTokens: 1_000_000}}),
    record({at: '2026-05-01T10:30:00Z', session: 'sess-big', project: '/home/u/work/app', model: 'claude-haiku-4-5', t: {outputTokens: 500, cacheCreationTokens: 1_000_000}}),
    record({at: '2026-05-02T09:00:00Z', session: 'sess-small', project: '/home/u/play/app', model: 'claude-sonnet-4-6', t: {inputTokens: 200, outputTokens: 100}}),
  ],
  [session({id: 'sess-big', project: '/home/u/work/app', start: '2026-05-01T09:55:00Z', end: '2026-05-01T11:00:00Z', ultracode: true})],
);

function props(over: Partial<TabProps> = {}): TabProps {
  return {
    width: 100,
    height: 60,
    period: 'all',
    dataset: ds,
    config: defaultConfig(),
    tz: 'UTC',
    now: () => NOW,
    claudeDirs: [],
    demo: false,
    keysActive: true,
    scroll: 0,
    ...over,
  };
}

const tick = () => new Promise((r) => setTimeout(r, 30));
let instance: ReturnType<typeof render> | null = null;
afterEach(() => {
  instance?.unmount();
  instance = null;
});

function show(p: TabProps) {
  instance = render(<InsightsTab {...p} />);
  return {
    frame: () => stripVTControlCharacters(instance!.lastFrame() ?? ''),
    press: async (key: string) => {
      instance!.stdin.write(key);
      await tick();
    },
  };
}

const line = (frame: string, re: RegExp) => frame.split('\n').find((l) => re.test(l)) ?? '';

describe('InsightsTab', () => {
  it('shows ranked projects with share bars, sessions with tier badge and ultracode chip, ROI, cache and the footnote', () => {
    const {frame} = show(props());
    const f = frame();
    expect(f).toContain('TOP PROJECTS');
    const work = line(f, /work\/app\s+4\.0K/);
    const play = line(f, /play\/app\s+300/);
    expect(work).toMatch(/█{10,}/);
    expect(play.split('█').length).toBeLessThan(work.split('█').length);
    expect(f.indexOf('work/app')).toBeLessThan(f.indexOf('play/app'));

    const big = line(f, /4\.0K · work\/app/);
    expect(big).toMatch(/^▸ {3}4\.0K · work\/app\s+\[opus\]\s+ultracode$/);
    const small = line(f, /^ {2}\s{3}300 · play\/app/);
    expect(small).toContain('[sonnet]');
    expect(small).not.toContain('ultracode');

    expect(f).toMatch(/ultracode\s+1 session · avg 4\.0K/);
    expect(f).toMatch(/\[normal\]\s+1 session · avg 300/);
    expect(f).toContain('ultracode sessions are 13.3× heavier on average');
    expect(f).toContain('50 % of context served from cache');
    expect(f).toContain('cache read: 1.0M · cache write: 1.0M');
    expect(f).toContain('≈ $4.50 saved vs uncached input');
    expect(f).toContain('ⓘ ultracode is inferred from session content');
  });

  it('says "lighter" when ultracode sessions use fewer tokens than normal ones', () => {
    const light = dataset(
      [
        record({at: '2026-05-01T10:00:00Z', session: 'ultra', project: '/home/u/a', model: 'claude-opus-4-6', t: {inputTokens: 100, outputTokens: 100}}),
        record({at: '2026-05-02T10:00:00Z', session: 'plain', project: '/home/u/b', model: 'claude-opus-4-6', t: {inputTokens: 500, outputTokens: 500}}),
      ],
      [session({id: 'ultra', project: '/home/u/a', start: '2026-05-01T09:00:00Z', ultracode: true})],
    );
    const f = show(props({dataset: light})).frame();
    expect(f).toContain('ultracode sessions are 5.0× lighter on average');
    expect(f).not.toContain('heavier');
  });

  it('↑/↓ move the selection; Enter opens the session detail; Esc closes it', async () => {
    const {frame, press} = show(props());
    await press('\u001B[B');
    expect(line(frame(), /300 · play\/app/)).toMatch(/^▸ /);
    await press('\u001B[A');
    expect(line(frame(), /4\.0K · work\/app/)).toMatch(/^▸ /);
    await press('\r');
    const d = frame();
    expect(d).toContain('SESSION sess-big');
    expect(d).not.toContain('TOP PROJECTS');
    expect(line(d, /^start/)).toMatch(/2026-05-01 09:55$/);
    expect(line(d, /^end/)).toMatch(/2026-05-01 11:00$/);
    expect(line(d, /^models/)).toMatch(/claude-opus-4-6, claude-haiku-4-5$/);
    expect(line(d, /^input/)).toMatch(/1,000$/);
    expect(line(d, /^output/)).toMatch(/3,000$/);
    expect(line(d, /^cache write/)).toMatch(/1,000,000$/);
    expect(line(d, /^cache read/)).toMatch(/1,000,000$/);
    // 1000 in + 2500 out on Opus 4.6, 1M reads; 500 out + 1M 5-minute writes on Haiku 4.5.
    expect(line(d, /^cost/)).toMatch(/\$1\.82$/);
    await press('\u001B');
    expect(frame()).toContain('TOP PROJECTS');
  });

  it('every arrow key of a burst moves the selection (a held key sends several before a render)', async () => {
    const many = dataset(
      ['a', 'b', 'c', 'd'].map((id, k) => record({at: `2026-05-0${k + 1}T10:00:00Z`, session: `sess-${id}`, project: `/home/u/${id}/app`, model: 'claude-sonnet-4-6', t: {outputTokens: 4000 - k * 1000}})),
    );
    const {frame, press} = show(props({dataset: many}));
    await press('\u001B[B\u001B[B\u001B[B');
    expect(line(frame(), /· d\/app/)).toMatch(/^▸ /);
    await press('\u001B[A\u001B[A');
    expect(line(frame(), /· b\/app/)).toMatch(/^▸ /);
  });

  it('ignores keys while an overlay holds them', async () => {
    const {frame, press} = show(props({keysActive: false}));
    await press('\u001B[B');
    await press('\r');
    expect(frame()).toContain('TOP PROJECTS');
    expect(line(frame(), /4\.0K · work\/app/)).toMatch(/^▸ /);
  });

  it('shows the empty states', () => {
    const empty: UsageDataset = dataset([]);
    const f = show(props({dataset: empty})).frame();
    expect(f).toContain('No project activity in this period.');
    expect(f.match(/No sessions in this period\./g)).toHaveLength(2);
    expect(f).toContain('No cache activity yet.');
  });

  it('follows the period and [insights] top_n', () => {
    const week = show(props({period: '7d', now: () => Date.parse('2026-06-30T12:00:00Z')})).frame();
    expect(week).toContain('No project activity in this period.');
    instance!.unmount();
    const config = defaultConfig();
    config.insights.top_n = 1;
    const one = show(props({config})).frame();
    expect(one).toContain('work/app');
    expect(one).not.toContain('play/app');
  });

  it('says Loading… before the first index build', () => {
    expect(show(props({dataset: null})).frame()).toContain('Loading…');
  });
});
