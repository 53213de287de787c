import {Text} from 'ink';
import {describe, expect, it} from 'vitest';
import type {QuotaServiceOptions} from '../../adapters/quota-service.js';
import {defaultConfig} from '../../core/config/schema.js';
import type {QuotaSnapshot} from '../../core/quota/types.js';
import {renderTui, tick} from '../../../test/helpers/tui.js';
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

  it('demo mode never calls the service', async () => {
    const s = controlledService();
    const app = await renderTui(<Probe service={s.service} demo />);
    await tick(60);
    expect(s.calls).toHaveLength(0);
    app.unmount();
  });
});
