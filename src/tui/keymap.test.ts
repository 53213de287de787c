import {describe, expect, it} from 'vitest';
import type {Key} from 'ink';
import {fitHints, footerHints, helpBindings, hintWidth, KEYMAP, resolveKey, type KeyContext} from './keymap.js';

const key = (k: Partial<Key> = {}): Key =>
  ({upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false, ...k}) as Key;
const ctx = (c: Partial<KeyContext> = {}): KeyContext => ({hasCursor: false, hasSelection: false, usesPeriod: true, overlay: false, page: 10, ...c});

describe('resolveKey', () => {
  it('maps digits, Tab, Shift-Tab, h and l to tab moves', () => {
    expect(resolveKey('3', key(), ctx())).toEqual({type: 'jump', index: 2});
    expect(resolveKey('', key({tab: true}), ctx())).toEqual({type: 'nextTab'});
    expect(resolveKey('', key({tab: true, shift: true}), ctx())).toEqual({type: 'prevTab'});
    expect(resolveKey('l', key(), ctx())).toEqual({type: 'nextTab'});
    expect(resolveKey('h', key(), ctx())).toEqual({type: 'prevTab'});
  });

  it('switches tabs with arrows only where the tab has no cursor', () => {
    expect(resolveKey('', key({leftArrow: true}), ctx())).toEqual({type: 'prevTab'});
    expect(resolveKey('', key({rightArrow: true}), ctx())).toEqual({type: 'nextTab'});
    expect(resolveKey('', key({leftArrow: true}), ctx({hasCursor: true}))).toBeNull();
    expect(resolveKey('', key({home: true}), ctx({hasCursor: true}))).toBeNull();
    expect(resolveKey('', key({end: true}), ctx())).toEqual({type: 'bottom'});
  });

  it('cycles the period only on tabs that use one', () => {
    expect(resolveKey('p', key(), ctx())).toEqual({type: 'nextPeriod'});
    expect(resolveKey('P', key({shift: true}), ctx())).toEqual({type: 'prevPeriod'});
    expect(resolveKey('p', key(), ctx({usesPeriod: false}))).toBeNull();
  });

  it('scrolls with j/k, arrows and pages, leaving arrows to tabs that select rows', () => {
    expect(resolveKey('j', key(), ctx())).toEqual({type: 'scroll', delta: 1});
    expect(resolveKey('k', key(), ctx())).toEqual({type: 'scroll', delta: -1});
    expect(resolveKey('', key({upArrow: true}), ctx())).toEqual({type: 'scroll', delta: -1});
    expect(resolveKey('', key({pageDown: true}), ctx())).toEqual({type: 'scroll', delta: 10});
    expect(resolveKey('', key({pageUp: true}), ctx())).toEqual({type: 'scroll', delta: -10});
    expect(resolveKey('', key({downArrow: true}), ctx({hasSelection: true}))).toBeNull();
    expect(resolveKey('G', key({shift: true}), ctx())).toEqual({type: 'bottom'});
  });

  it('lets q close an overlay instead of quitting, and Ctrl-C always quit', () => {
    expect(resolveKey('q', key(), ctx())).toEqual({type: 'quit'});
    expect(resolveKey('q', key(), ctx({overlay: true}))).toEqual({type: 'close'});
    expect(resolveKey('', key({escape: true}), ctx({overlay: true}))).toEqual({type: 'close'});
    expect(resolveKey('c', key({ctrl: true}), ctx({overlay: true}))).toEqual({type: 'quit'});
    expect(resolveKey('3', key(), ctx({overlay: true}))).toBeNull();
  });
});

describe('footerHints', () => {
  it('lists the tab keys first, then the global keys that apply', () => {
    const hints = footerHints(ctx({usesPeriod: false}), [{keys: '← →', action: 'select day'}]);
    expect(hints[0]).toEqual({keys: '← →', action: 'select day', rank: 1});
    expect(hints.map((h) => h.keys)).toContain('q');
    expect(hints.map((h) => h.keys)).not.toContain('p P');
  });
  it('offers only the way out while an overlay is open', () => {
    expect(footerHints(ctx({overlay: true}), [{keys: '← →', action: 'select day'}])).toEqual([{keys: 'Esc ? q', action: 'close', rank: 0}]);
  });
  it('draws every hint from the keymap table', () => {
    const keys = new Set(KEYMAP.map((b) => b.keys));
    for (const h of footerHints(ctx(), [])) expect(keys.has(h.keys)).toBe(true);
  });
});

describe('fitHints', () => {
  const all = footerHints(ctx(), [{keys: '← → Home End', action: 'select day'}]);
  const text = (hs: {keys: string; action: string}[]) => hs.map((h) => `${h.keys} ${h.action}`).join('  ');

  it('keeps everything when it fits, in the original order', () => {
    expect(fitHints(all, 500)).toEqual(all);
  });

  it('drops lower-priority hints whole and always keeps help and quit, last', () => {
    const kept = fitHints(all, 60);
    expect(text(kept).length).toBeLessThanOrEqual(60);
    expect(kept.map((h) => h.keys).slice(-2)).toEqual(['?', 'q']);
    expect(kept[0]!.keys).toBe('← → Home End'); // the tab's own keys come before global ones
    expect(kept.map((h) => h.keys)).not.toContain('r'); // refresh goes first
    for (const h of kept) expect(all).toContainEqual(h);
  });

  it('keeps help and quit even with no room at all', () => {
    expect(fitHints(all, 0).map((h) => h.keys)).toEqual(['?', 'q']);
  });

  it('never skips a higher-priority hint to fit a lower one', () => {
    const hints = [
      {keys: 'a', action: 'x'.repeat(30), rank: 1},
      {keys: 'b', action: 'y', rank: 2},
      {keys: 'q', action: 'quit', rank: 0},
    ];
    expect(fitHints(hints, 20).map((h) => h.keys)).toEqual(['q']);
  });

  it('measures wide glyphs by cells', () => {
    expect(hintWidth({keys: '← →', action: 'select day'})).toBe(14);
  });
});

describe('helpBindings', () => {
  const labels = (c: KeyContext) => helpBindings(c).map((b) => `${b.keys} ${b.label}`);

  it('leaves out arrows and Home/End for tab switching and scrolling on a tab with a cursor', () => {
    const models = labels(ctx({hasCursor: true}));
    expect(models).not.toContain('← → previous / next tab');
    expect(models).not.toContain('Home End top / bottom');
    expect(models).toContain('g G top / bottom');
  });

  it('lists them where they do what they say', () => {
    const plainTab = labels(ctx());
    expect(plainTab).toContain('← → previous / next tab');
    expect(plainTab).toContain('Home End top / bottom');
    expect(plainTab).toContain('↑ ↓ scroll');
  });

  it('follows the tab, not the open overlay: no close binding, no period keys where there is no period', () => {
    const c = labels(ctx({overlay: true, usesPeriod: false, hasSelection: true}));
    expect(c).toContain('q quit');
    expect(c).not.toContain('Esc ? q close');
    expect(c).not.toContain('p P next / previous period');
    expect(c).not.toContain('↑ ↓ scroll');
  });
});
