import {describe, expect, it} from 'vitest';
import {initialNav, navReducer, type NavAction, type NavState} from './navigation.js';

const run = (s: NavState, ...actions: NavAction[]) => actions.reduce(navReducer, s);

describe('navReducer', () => {
  const start = initialNav(0, 4, 'all');

  it('jumps to a tab by index and ignores indexes past the last tab', () => {
    expect(run(start, {type: 'jump', index: 2}).tab).toBe(2);
    expect(run(start, {type: 'jump', index: 7}).tab).toBe(0);
  });

  it('wraps next / previous tab around both ends', () => {
    expect(run(start, {type: 'prevTab'}).tab).toBe(3);
    expect(run(start, {type: 'nextTab'}, {type: 'nextTab'}, {type: 'nextTab'}, {type: 'nextTab'}).tab).toBe(0);
  });

  it('cycles the period forwards and backwards', () => {
    expect(run(start, {type: 'nextPeriod'}).period).toBe('7d');
    expect(run(start, {type: 'nextPeriod'}, {type: 'nextPeriod'}).period).toBe('30d');
    expect(run(start, {type: 'nextPeriod'}, {type: 'nextPeriod'}, {type: 'nextPeriod'}).period).toBe('all');
    expect(run(start, {type: 'prevPeriod'}).period).toBe('30d');
  });

  it('scrolls within the measured limit and resets on tab switch', () => {
    const s = run(start, {type: 'scrollLimit', max: 5}, {type: 'scroll', delta: 3}, {type: 'scroll', delta: 9});
    expect(s.scroll).toBe(5);
    expect(run(s, {type: 'scroll', delta: -20}).scroll).toBe(0);
    expect(run(s, {type: 'top'}).scroll).toBe(0);
    expect(run(s, {type: 'top'}, {type: 'bottom'}).scroll).toBe(5);
    const moved = run(s, {type: 'nextTab'});
    expect(moved.scroll).toBe(0);
    expect(moved.maxScroll).toBeNull();
  });

  it('leaves G alone until the content was measured', () => {
    expect(run(start, {type: 'bottom'}).scroll).toBe(0);
  });

  it('clamps the scroll when the content shrinks', () => {
    const s = run(start, {type: 'scrollLimit', max: 10}, {type: 'scroll', delta: 8}, {type: 'scrollLimit', max: 2});
    expect(s.scroll).toBe(2);
  });

  it('opens, toggles and closes overlays', () => {
    expect(run(start, {type: 'open', overlay: 'help'}).overlay).toBe('help');
    expect(run(start, {type: 'open', overlay: 'help'}, {type: 'open', overlay: 'help'}).overlay).toBeNull();
    expect(run(start, {type: 'open', overlay: 'warnings'}, {type: 'close'}).overlay).toBeNull();
    expect(run(start, {type: 'close'})).toBe(start);
  });

  it('keeps the tab index valid when tabs disappear', () => {
    expect(run(initialNav(3, 4, 'all'), {type: 'tabCount', count: 2}).tab).toBe(1);
    expect(initialNav(9, 2, '7d')).toMatchObject({tab: 1, period: '7d'});
  });
});
