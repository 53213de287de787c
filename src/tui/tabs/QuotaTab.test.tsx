import {describe, expect, it} from 'vitest';
import {defaultConfig} from '../../core/config/schema.js';
import type {UsageDataset} from '../../core/types.js';
import {sampleDataset} from '../../../test/helpers/tui.js';
import {quotaTabHarness, until} from '../../../test/helpers/quota-env.js';
import {limitsBody, nestedBody} from '../../../test/helpers/usage-api-server.js';
import {visibleTabs} from './registry.js';
import {QuotaTab} from './QuotaTab.js';

const T0 = Date.parse('2026-12-03T12:00:00Z');
const MIN = 60_000;
const h = quotaTabHarness(T0);

async function show(opts: {dataset?: UsageDataset | null; demo?: boolean; claudeDirs?: string[]; wait?: string} = {}) {
  return h.mount(
    <QuotaTab width={100} height={40} period="all" dataset={opts.dataset ?? null} config={h.box.config()} tz="UTC" now={h.now} claudeDirs={opts.claudeDirs ?? [h.box.claudeDir]} demo={opts.demo ?? false} keysActive scroll={0} />,
    opts.wait,
  );
}

describe('QuotaTab', () => {
  it('shows each window from the usage API: label, bar, % used, reset time, binding, source and subscription', async () => {
    const before = h.box.server.count;
    const f = await show({wait: 'Current week (Sonnet only)'});
    expect(h.box.server.count).toBe(before + 1);
    expect(f).toContain('from usage API · 0s old');
    expect(f).toContain('Subscription: max');
    expect(f).toMatch(/Current session\s+\[binding\]/);
    expect(f).toMatch(/█+[▏▎▍▌▋▊▉]?░+\s+37% used/);
    expect(f).toContain('Resets 14:00 (+00:00)');
    expect(f).toContain('22% used');
    expect(f).toContain('Resets Dec 6, 12:00');
    expect(f).toContain('9% used');
  });

  it('the nested shape (rate_limits, used_percentage, epoch-second resets)', async () => {
    h.box.server.set({kind: 'json', body: nestedBody(T0)});
    const f = await show({wait: '56% used'});
    expect(f).toContain('56% used');
    expect(f).toContain('Resets 13:00 (+00:00)');
    expect(f).toContain('40% used');
  });

  it('a window with a reset at 1e20 is left out with a note; the tab still shows the others', async () => {
    h.box.server.set({kind: 'json', body: {five_hour: {utilization: 40, resets_at: 1e20}, seven_day: {utilization: 22, resets_at: new Date(T0 + 3 * 86_400_000).toISOString()}}});
    const f = await show({wait: '22% used'});
    expect(f).toContain('ignored five_hour (value out of range)');
    expect(f).not.toContain('40% used');
    expect(f).not.toMatch(/failed|RangeError|Invalid time/i);
  });

  it('the limits[] shape: a model-scoped cap marked binding, the unknown kind left out', async () => {
    h.box.server.set({kind: 'json', body: limitsBody(T0)});
    const f = await show({wait: 'Fable'});
    expect(f).toMatch(/Current week \(Fable only\)\s+\[binding\]/);
    expect(f).toContain('80% used');
    expect(f).not.toContain('99%');
  });

  const failures = [
    ['500', {kind: 'text', status: 500, text: 'x'}, 'usage API error: HTTP 500'],
    ['401', {kind: 'json', status: 401, body: {}}, 'token expired / sign in again'],
    ['429', {kind: 'json', status: 429, body: {}}, 'usage API rate limit (429) — next try in 5m'],
    ['a malformed body', {kind: 'text', status: 200, text: 'nope'}, 'unexpected response: not JSON: nope'],
  ] as const;
  for (const [name, behaviour, note] of failures) {
    it(`after ${name}: the last good reading, marked stale with its age and the note`, async () => {
      await show({wait: '37% used'});
      h.unmount();
      h.box.server.set(behaviour);
      h.clock = T0 + 10 * MIN;
      const before = h.box.server.count;
      const f = await show({wait: 'stale'});
      expect(h.box.server.count).toBe(before + 1);
      expect(f).toContain('from usage API · stale, 10m old');
      expect(f).toContain('[stale]');
      expect(f).toContain(note);
      expect(f).toContain('37% used');
      expect(f).not.toContain(' 0% used');
      // Shown again inside the wait: no new request.
      h.clock += MIN;
      await show({wait: 'stale, 11m old'});
      expect(h.box.server.count).toBe(before + 1);
    });
  }

  it('after a hanging request (10 s deadline): the last good reading, stale', async () => {
    await show({wait: '37% used'});
    h.unmount();
    h.box.server.set({kind: 'hang'});
    h.clock = T0 + 10 * MIN;
    // While the request hangs, the last reading is on screen already.
    const during = await show({wait: '37% used'});
    expect(during).toContain('37% used');
    await until(() => h.frame().includes('timed out'), 14_000);
    expect(h.frame()).toContain('usage API timed out after 10s');
    expect(h.frame()).toContain('stale, 10m old');
    expect(h.frame()).toContain('37% used');
  }, 25_000);

  it('no credentials and no live reading: a labelled local estimate of tokens', async () => {
    const ds = sampleDataset([{at: '2026-12-03T10:40:00Z', model: 'claude-opus-4-7', session: 's', input: 10_000, output: 5_000}]);
    const before = h.box.server.count;
    const f = await show({dataset: ds, claudeDirs: ['/nonexistent-claude-dir'], wait: 'Local estimate'});
    expect(h.box.server.count).toBe(before);
    expect(f).toContain('[Local estimate]');
    expect(f).toContain('not signed in to Claude');
    expect(f).toContain('Last 5 hours (local est.)');
    expect(f).toContain('15,000 tokens');
    expect(f).toContain('from local estimate');
  });

  it('demo mode: deterministic demo windows, labelled, and no request', async () => {
    const ds = sampleDataset([{at: '2026-12-03T11:40:00Z', model: 'claude-opus-4-7', session: 's', input: 10_000, output: 5_000}]);
    const before = h.box.server.count;
    const f = await show({dataset: ds, demo: true, wait: '42% used'});
    expect(h.box.server.count).toBe(before);
    expect(f).toContain('demo · from demo data');
    expect(f).toContain('[demo]');
    expect(f).toContain('42% used');
    expect(f).toContain('Resets 14:10 (+00:00)'); // 2h10m after 12:00
    expect(f).toContain('61% used');
  });
  it('demo data that ends earlier: the demo is drawn at the end of the data, and says so', async () => {
    const ds = sampleDataset([{at: '2026-12-01T09:30:00Z', model: 'claude-opus-4-7', session: 's', input: 10_000}]);
    const f = await show({dataset: ds, demo: true, wait: '42% used'});
    expect(f).toContain('demo · from demo data, as of 10:00');
    expect(f).toContain('Resets 12:10 (+00:00)');
  });
});

describe('[quota] enabled', () => {
  it('false hides the Quota and Forecast tabs', () => {
    const c = defaultConfig();
    expect(visibleTabs(c).map((t) => t.id)).toEqual(expect.arrayContaining(['quota', 'forecast']));
    c.quota.enabled = false;
    const ids = visibleTabs(c).map((t) => t.id);
    expect(ids).not.toContain('quota');
    expect(ids).not.toContain('forecast');
    expect(ids).toContain('summary');
  });
});
