import {Text} from 'ink';
import {describe, expect, it} from 'vitest';
import type {QuotaServiceOptions} from '../../adapters/quota-service.js';
import {defaultConfig} from '../../core/config/schema.js';
import type {QuotaSnapshot} from '../../core/quota/types.js';
import type {UsageDataset} from '../../core/types.js';
import {renderTui, tick} from '../../../test/helpers/tui.js';
import {dataset, record} from '../../../test/helpers/usage-records.js';
import {useQuota} from './useQuota.js';

const NOW = Date.parse('2026-12-03T12:00:00Z');
const now = () => NOW;
const snap = (note: string): QuotaSnapshot => ({windows: [], source: 'api', fetchedAt: NOW, stale: false, note, subscriptionType: null});

/** A service whose answers the test releases one by one. */
function controlledService() {
  const calls: QuotaServiceOptions[] = [];
  const pending: ((s: QuotaSnapshot) => void)[] = [];
  const service = (o: QuotaServiceOptions) => {
    calls.push(o);
    return new Promise<QuotaSnapshot>((resolve) => pending.push(resolve));
  };
  return {calls, service, release: (note: string) => pending.shift()!(snap(note))};
}

function Probe(props: {service: (o: QuotaServiceOptions) => Promise<QuotaSnapshot>; demo?: boolean}) {
  const {snapshot} = useQuota({config: defaultConfig(), claudeDirs: ['/c'], dataset: null, demo: props.demo ?? false, now, service: props.service, tickMs: 20});
  return <Text>{snapshot?.note ?? 'none'}</Text>;
}

describe('useQuota', () => {
  it('paints the known reading first, then polls on a setTimeout chain with no overlap, and stops on unmount', async () => {
    const s = controlledService();
    const app = await renderTui(<Probe service={s.service} />);
    expect(s.calls.map((c) => c.offline)).toEqual([true]);
    s.release('cached');
    await tick();
    expect(app.frame()).toBe('cached');
    expect(s.calls.map((c) => c.offline)).toEqual([true, false]);
    await tick(100); // five tick periods while the request is still out: no second request
    expect(s.calls).toHaveLength(2);
    s.release('fresh');
    await tick();
    expect(app.frame()).toBe('fresh');
    await tick(60);
    expect(s.calls).toHaveLength(3); // the next tick came after the answer
    expect(s.calls[2]!.configDirs).toEqual(['/c']);
    app.unmount();
    s.release('late');
    await tick(100);
    expect(s.calls).toHaveLength(3);
  });

  it('demo heading: no "as of" while the clock moves on over recent data; "as of" only for old data', async () => {
    let clock = NOW;
    const moving = () => clock;
    function Heading({data}: {data: UsageDataset; frame: number}) {
      const v = useQuota({config: defaultConfig(), claudeDirs: [], dataset: data, demo: true, now: moving, tz: 'UTC'});
      return <Text>{`${v.heading} | ${new Date(v.snapshot!.windows[0]!.resetsAt!).toISOString()}`}</Text>;
    }
    const fresh = dataset([record({at: NOW - 5 * 60_000, t: {inputTokens: 10}})]);
    const recent = await renderTui(<Heading data={fresh} frame={0} />);
    expect(recent.frame()).toBe('demo · from demo data | 2026-12-03T14:10:00.000Z');
    clock += 90_000; // a later redraw over the same data
    recent.rerender(<Heading data={fresh} frame={1} />);
    await tick();
    expect(recent.frame()).toBe('demo · from demo data | 2026-12-03T14:10:00.000Z');
    recent.unmount();
    clock = NOW;
    const old = await renderTui(<Heading data={dataset([record({at: NOW - 8 * 3_600_000, t: {inputTokens: 10}})])} frame={0} />);
    expect(old.frame()).toBe('demo · from demo data, as of 04:30 | 2026-12-03T06:40:00.000Z');
    old.unmount();
  });

  it('r asks the service at once (not at the next tick); the heading says when the API is next asked', async () => {
    const calls: QuotaServiceOptions[] = [];
    const service = async (o: QuotaServiceOptions): Promise<QuotaSnapshot> => {
      calls.push(o);
      return {...snap(`call ${calls.length}`), nextPollAt: NOW + 150_000};
    };
    function Keyed({active}: {active: boolean}) {
      const v = useQuota({config: defaultConfig(), claudeDirs: ['/c'], dataset: null, demo: false, now, service, tickMs: 600_000, keysActive: active});
      return <Text>{`${v.snapshot?.note ?? 'none'} | ${v.heading}`}</Text>;
    }
    const app = await renderTui(<Keyed active />);
    await tick(50);
    expect(calls.map((c) => c.offline)).toEqual([true, false]); // the paint from the cache, then the first tick
    expect(app.frame()).toBe('call 2 | from usage API · 0s old · next check in 3m');
    app.stdin.write('r');
    await tick(50);
    expect(calls.map((c) => c.offline)).toEqual([true, false, false]);
    expect(app.frame()).toMatch(/^call 3 \| /);
    app.unmount();
    // Keys not live (an overlay is open): r does nothing here.
    calls.length = 0;
    const idle = await renderTui(<Keyed active={false} />);
    await tick(50);
    idle.stdin.write('r');
    await tick(50);
    expect(calls).toHaveLength(2);
    idle.unmount();
  });

  it('demo mode never calls the service', async () => {
    const s = controlledService();
    const app = await renderTui(<Probe service={s.service} demo />);
    await tick(60);
    expect(s.calls).toHaveLength(0);
    app.unmount();
  });
});
