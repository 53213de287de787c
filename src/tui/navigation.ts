// Navigation state of the dashboard as a pure reducer: which tab, which period, the scroll
// offset of the current tab, and the open overlay. Tested without rendering.
import {PERIODS, type Period} from '../core/types.js';

export type Overlay = 'help' | 'warnings' | null;

export interface NavState {
  tab: number;
  tabCount: number;
  period: Period;
  scroll: number;
  /** Largest useful scroll offset of the current tab, once its content was measured. */
  maxScroll: number | null;
  overlay: Overlay;
}

export type NavAction =
  | {type: 'jump'; index: number}
  | {type: 'nextTab'}
  | {type: 'prevTab'}
  | {type: 'nextPeriod'}
  | {type: 'prevPeriod'}
  | {type: 'scroll'; delta: number}
  | {type: 'top'}
  | {type: 'bottom'}
  | {type: 'open'; overlay: Exclude<Overlay, null>}
  | {type: 'close'}
  | {type: 'tabCount'; count: number}
  | {type: 'scrollLimit'; max: number};

export function initialNav(tab: number, tabCount: number, period: Period): NavState {
  return {tab: Math.min(Math.max(0, tab), Math.max(0, tabCount - 1)), tabCount, period, scroll: 0, maxScroll: null, overlay: null};
}

const onTab = (s: NavState, tab: number): NavState => (tab === s.tab ? s : {...s, tab, scroll: 0, maxScroll: null});
const clampScroll = (s: NavState, v: number): number => Math.max(0, s.maxScroll === null ? v : Math.min(s.maxScroll, v));

export function navReducer(s: NavState, a: NavAction): NavState {
  const n = s.tabCount;
  switch (a.type) {
    case 'jump':
      return a.index >= 0 && a.index < n ? onTab(s, a.index) : s;
    case 'nextTab':
      return n > 0 ? onTab(s, (s.tab + 1) % n) : s;
    case 'prevTab':
      return n > 0 ? onTab(s, (s.tab - 1 + n) % n) : s;
    case 'nextPeriod':
    case 'prevPeriod': {
      const i = PERIODS.indexOf(s.period);
      const step = a.type === 'nextPeriod' ? 1 : PERIODS.length - 1;
      return {...s, period: PERIODS[(i + step) % PERIODS.length]!, scroll: 0, maxScroll: null};
    }
    case 'scroll':
      return {...s, scroll: clampScroll(s, s.scroll + a.delta)};
    case 'top':
      return {...s, scroll: 0};
    case 'bottom':
      return s.maxScroll === null ? s : {...s, scroll: s.maxScroll};
    case 'open':
      return {...s, overlay: s.overlay === a.overlay ? null : a.overlay};
    case 'close':
      return s.overlay === null ? s : {...s, overlay: null};
    case 'tabCount':
      return {...s, tabCount: a.count, tab: Math.min(s.tab, Math.max(0, a.count - 1))};
    case 'scrollLimit': {
      const max = Math.max(0, a.max);
      return max === s.maxScroll ? s : {...s, maxScroll: max, scroll: Math.min(s.scroll, max)};
    }
  }
}
