// The one keymap table. It drives the key dispatcher, the footer hints and the `?` help
// overlay, so the three can never disagree.
import type {Key} from 'ink';
import type {NavAction} from './navigation.js';

export type Command = NavAction | {type: 'refresh'} | {type: 'quit'};

/** What the current screen allows, for `when` conditions. */
export interface KeyContext {
  /** The current tab moves its own cursor with ← / → / Home / End. */
  hasCursor: boolean;
  /** The current tab selects rows with ↑ / ↓ / Enter. */
  hasSelection: boolean;
  usesPeriod: boolean;
  /** An overlay (help, warnings) is open. */
  overlay: boolean;
  /** Rows of one page (PgUp / PgDn). */
  page: number;
}

export interface Binding {
  /** As shown to the user, e.g. "Tab l". */
  keys: string;
  label: string;
  group: 'Tabs' | 'View' | 'App';
  /** Shown in the footer when it applies. */
  footer?: boolean;
  when?: (c: KeyContext) => boolean;
  match: (input: string, key: Key) => boolean;
  command: (input: string, c: KeyContext) => Command;
}

const noOverlay = (c: KeyContext) => !c.overlay;
const plain = (key: Key) => !key.ctrl && !key.meta;

export const KEYMAP: readonly Binding[] = [
  {keys: '1–9', label: 'jump to tab', group: 'Tabs', footer: true, when: noOverlay, match: (i, k) => plain(k) && /^[1-9]$/.test(i), command: (i) => ({type: 'jump', index: Number(i) - 1})},
  {keys: 'Tab l', label: 'next tab', group: 'Tabs', footer: true, when: noOverlay, match: (i, k) => (k.tab && !k.shift) || (plain(k) && i === 'l'), command: () => ({type: 'nextTab'})},
  {keys: 'S-Tab h', label: 'previous tab', group: 'Tabs', when: noOverlay, match: (i, k) => (k.tab && k.shift) || (plain(k) && i === 'h'), command: () => ({type: 'prevTab'})},
  {keys: '← →', label: 'previous / next tab', group: 'Tabs', when: (c) => noOverlay(c) && !c.hasCursor, match: (_i, k) => k.leftArrow || k.rightArrow, command: () => ({type: 'nextTab'})},
  {keys: 'p P', label: 'next / previous period', group: 'View', footer: true, when: (c) => noOverlay(c) && c.usesPeriod, match: (i, k) => plain(k) && (i === 'p' || i === 'P'), command: (i) => ({type: i === 'P' ? 'prevPeriod' : 'nextPeriod'})},
  {keys: 'j k', label: 'scroll down / up', group: 'View', when: noOverlay, match: (i, k) => plain(k) && (i === 'j' || i === 'k'), command: (i) => ({type: 'scroll', delta: i === 'k' ? -1 : 1})},
  {keys: '↑ ↓', label: 'scroll', group: 'View', when: (c) => noOverlay(c) && !c.hasSelection, match: (_i, k) => k.upArrow || k.downArrow, command: () => ({type: 'scroll', delta: 1})},
  {keys: 'PgUp PgDn', label: 'scroll a page', group: 'View', when: noOverlay, match: (_i, k) => k.pageUp || k.pageDown, command: (_i, c) => ({type: 'scroll', delta: c.page})},
  {keys: 'g G', label: 'top / bottom', group: 'View', when: noOverlay, match: (i, k) => plain(k) && (i === 'g' || i === 'G'), command: (i) => ({type: i === 'G' ? 'bottom' : 'top'})},
  {keys: 'Home End', label: 'top / bottom', group: 'View', when: (c) => noOverlay(c) && !c.hasCursor, match: (_i, k) => k.home || k.end, command: () => ({type: 'top'})},
  {keys: 'r', label: 'refresh now', group: 'App', footer: true, when: noOverlay, match: (i, k) => plain(k) && i === 'r', command: () => ({type: 'refresh'})},
  {keys: 'w', label: 'warnings', group: 'App', when: noOverlay, match: (i, k) => plain(k) && i === 'w', command: () => ({type: 'open', overlay: 'warnings'})},
  {keys: '?', label: 'help', group: 'App', footer: true, when: noOverlay, match: (i) => i === '?', command: () => ({type: 'open', overlay: 'help'})},
  {keys: 'Esc ? q', label: 'close', group: 'App', footer: true, when: (c) => c.overlay, match: (i, k) => k.escape || i === '?' || i === 'q', command: () => ({type: 'close'})},
  {keys: 'q', label: 'quit', group: 'App', footer: true, when: noOverlay, match: (i, k) => plain(k) && i === 'q', command: () => ({type: 'quit'})},
  {keys: 'Ctrl-C', label: 'quit', group: 'App', match: (i, k) => k.ctrl && i === 'c', command: () => ({type: 'quit'})},
];

/** The command for a key press, or null when no binding applies (the tab may handle it). */
export function resolveKey(input: string, key: Key, c: KeyContext): Command | null {
  for (const b of KEYMAP) {
    if ((b.when ? b.when(c) : true) && b.match(input, key)) return refine(b, input, key, c);
  }
  return null;
}

// Keys whose direction depends on which key of the binding was pressed.
function refine(b: Binding, input: string, key: Key, c: KeyContext): Command {
  const cmd = b.command(input, c);
  if (cmd.type === 'nextTab' && key.leftArrow) return {type: 'prevTab'};
  if (cmd.type === 'scroll' && (key.upArrow || key.pageUp)) return {type: 'scroll', delta: -Math.abs(cmd.delta)};
  if (cmd.type === 'top' && key.end) return {type: 'bottom'};
  return cmd;
}

/** Footer hints for the current screen: global bindings marked footer, then the tab's own. */
export function footerHints(c: KeyContext, tabKeys: readonly {keys: string; action: string}[]): {keys: string; action: string}[] {
  const global = KEYMAP.filter((b) => b.footer && (b.when ? b.when(c) : true)).map((b) => ({keys: b.keys, action: b.label}));
  return c.overlay ? global : [...tabKeys, ...global];
}
