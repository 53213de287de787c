// The one keymap table. It drives the key dispatcher, the footer hints and the `?` help
// overlay, so the three can never disagree.
import type {Key} from 'ink';
import stringWidth from 'string-width';
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
  /**
   * Shown in the footer when it applies, by priority when the line is short: 0 is always
   * shown (help and quit), higher numbers are dropped first. The tab's own keys rank 1.
   */
  footer?: number;
  when?: (c: KeyContext) => boolean;
  match: (input: string, key: Key) => boolean;
  command: (input: string, c: KeyContext) => Command;
}

const noOverlay = (c: KeyContext) => !c.overlay;
const plain = (key: Key) => !key.ctrl && !key.meta;
const applies = (b: Binding, c: KeyContext) => (b.when ? b.when(c) : true);

export const KEYMAP: readonly Binding[] = [
  {keys: '1–9', label: 'jump to tab', group: 'Tabs', footer: 3, when: noOverlay, match: (i, k) => plain(k) && /^[1-9]$/.test(i), command: (i) => ({type: 'jump', index: Number(i) - 1})},
  {keys: 'Tab l', label: 'next tab', group: 'Tabs', footer: 4, when: noOverlay, match: (i, k) => (k.tab && !k.shift) || (plain(k) && i === 'l'), command: () => ({type: 'nextTab'})},
  {keys: 'S-Tab h', label: 'previous tab', group: 'Tabs', when: noOverlay, match: (i, k) => (k.tab && k.shift) || (plain(k) && i === 'h'), command: () => ({type: 'prevTab'})},
  {keys: '← →', label: 'previous / next tab', group: 'Tabs', when: (c) => noOverlay(c) && !c.hasCursor, match: (_i, k) => k.leftArrow || k.rightArrow, command: () => ({type: 'nextTab'})},
  {keys: 'p P', label: 'next / previous period', group: 'View', footer: 2, when: (c) => noOverlay(c) && c.usesPeriod, match: (i, k) => plain(k) && (i === 'p' || i === 'P'), command: (i) => ({type: i === 'P' ? 'prevPeriod' : 'nextPeriod'})},
  {keys: 'j k', label: 'scroll down / up', group: 'View', when: noOverlay, match: (i, k) => plain(k) && (i === 'j' || i === 'k'), command: (i) => ({type: 'scroll', delta: i === 'k' ? -1 : 1})},
  {keys: '↑ ↓', label: 'scroll', group: 'View', when: (c) => noOverlay(c) && !c.hasSelection, match: (_i, k) => k.upArrow || k.downArrow, command: () => ({type: 'scroll', delta: 1})},
  {keys: 'PgUp PgDn', label: 'scroll a page', group: 'View', when: noOverlay, match: (_i, k) => k.pageUp || k.pageDown, command: (_i, c) => ({type: 'scroll', delta: c.page})},
  {keys: 'g G', label: 'top / bottom', group: 'View', when: noOverlay, match: (i, k) => plain(k) && (i === 'g' || i === 'G'), command: (i) => ({type: i === 'G' ? 'bottom' : 'top'})},
  {keys: 'Home End', label: 'top / bottom', group: 'View', when: (c) => noOverlay(c) && !c.hasCursor, match: (_i, k) => k.home || k.end, command: () => ({type: 'top'})},
  {keys: 'r', label: 'refresh now', group: 'App', footer: 5, when: noOverlay, match: (i, k) => plain(k) && i === 'r', command: () => ({type: 'refresh'})},
  {keys: 'w', label: 'warnings', group: 'App', when: noOverlay, match: (i, k) => plain(k) && i === 'w', command: () => ({type: 'open', overlay: 'warnings'})},
  {keys: '?', label: 'help', group: 'App', footer: 0, when: noOverlay, match: (i) => i === '?', command: () => ({type: 'open', overlay: 'help'})},
  {keys: 'Esc ? q', label: 'close', group: 'App', footer: 0, when: (c) => c.overlay, match: (i, k) => k.escape || i === '?' || i === 'q', command: () => ({type: 'close'})},
  {keys: 'q', label: 'quit', group: 'App', footer: 0, when: noOverlay, match: (i, k) => plain(k) && i === 'q', command: () => ({type: 'quit'})},
  {keys: 'Ctrl-C', label: 'quit', group: 'App', match: (i, k) => k.ctrl && i === 'c', command: () => ({type: 'quit'})},
];

/** The command for a key press, or null when no binding applies (the tab may handle it). */
export function resolveKey(input: string, key: Key, c: KeyContext): Command | null {
  for (const b of KEYMAP) {
    if (applies(b, c) && b.match(input, key)) return refine(b, input, key, c);
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

export interface FooterHint {
  keys: string;
  action: string;
  /** See Binding.footer. */
  rank: number;
}

/** Footer hints for the current screen: the tab's own keys, then the global bindings marked footer. */
export function footerHints(c: KeyContext, tabKeys: readonly {keys: string; action: string}[]): FooterHint[] {
  const global = KEYMAP.filter((b) => b.footer !== undefined && applies(b, c)).map((b) => ({keys: b.keys, action: b.label, rank: b.footer!}));
  return c.overlay ? global : [...tabKeys.map((k) => ({...k, rank: 1})), ...global];
}

/** Cells a hint takes in the footer: "keys action". */
export const hintWidth = (h: {keys: string; action: string}): number => stringWidth(h.keys) + 1 + stringWidth(h.action);
const HINT_GAP = 2;

/**
 * The hints that fit in `width` cells, in their original order: rank 0 always, then by rank
 * (ties: earlier first) until the next one does not fit, so a hint is dropped whole, never cut.
 */
export function fitHints<T extends {keys: string; action: string; rank: number}>(hints: readonly T[], width: number): T[] {
  const order = hints.map((h, i) => ({h, i})).sort((a, b) => a.h.rank - b.h.rank || a.i - b.i);
  const kept = new Set<number>();
  let used = 0;
  for (const {h, i} of order) {
    const cost = hintWidth(h) + (kept.size > 0 ? HINT_GAP : 0);
    if (h.rank > 0 && used + cost > width) break;
    kept.add(i);
    used += cost;
  }
  return hints.filter((_h, i) => kept.has(i));
}

/**
 * The bindings the help overlay lists for a tab: those that apply to it with no overlay open,
 * so a key the tab takes over (← → on Models) shows the tab's meaning only.
 */
export function helpBindings(c: KeyContext): Binding[] {
  const onTab = {...c, overlay: false};
  return KEYMAP.filter((b) => applies(b, onTab));
}
