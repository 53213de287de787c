import {describe, expect, it} from 'vitest';
import type {Key} from 'ink';
import {footerHints, KEYMAP, resolveKey, type KeyContext} from './keymap.js';

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
    expect(hints[0]).toEqual({keys: '← →', action: 'select day'});
    expect(hints.map((h) => h.keys)).toContain('q');
    expect(hints.map((h) => h.keys)).not.toContain('p P');
  });
  it('offers only the way out while an overlay is open', () => {
    expect(footerHints(ctx({overlay: true}), [{keys: '← →', action: 'select day'}])).toEqual([{keys: 'Esc ? q', action: 'close'}]);
  });
  it('draws every hint from the keymap table', () => {
    const keys = new Set(KEYMAP.map((b) => b.keys));
    for (const h of footerHints(ctx(), [])) expect(keys.has(h.keys)).toBe(true);
  });
});
