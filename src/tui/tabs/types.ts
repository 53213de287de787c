// The contract between the dashboard shell and each tab. A tab is one component in
// its own file, registered in ./registry.ts. The shell owns global keys (tab switch,
// period, refresh, help, quit, scrolling); a tab handles only the keys it declares.
import type {ComponentType} from 'react';
import type {AuraConfig, TabId} from '../../core/config/schema.js';
import type {Period, UsageDataset} from '../../core/types.js';

export interface TabProps {
  /** Body size available to the tab (columns x rows), below header and above footer. */
  width: number;
  height: number;
  period: Period;
  /** Deduplicated usage; null while the first index build is still running. */
  dataset: UsageDataset | null;
  config: AuraConfig;
  /** IANA zone for days and hours. */
  tz: string;
  /** Clock (injected so tests can fix it). */
  now: () => number;
  /** Claude roots being read (config dirs), for tabs that look up files there. */
  claudeDirs: string[];
  /** True in `aura --demo`: tabs that need live services show deterministic demo data instead. */
  demo: boolean;
  /** False while an overlay (help, warnings) is open: the tab must not react to keys. */
  keysActive: boolean;
  /** Vertical scroll offset the shell keeps for long tabs (j/k/PgUp/PgDn/g/G). */
  scroll: number;
}

export interface KeyHint {
  keys: string; // e.g. "← →"
  action: string; // e.g. "select day"
}

export interface TabDefinition {
  id: TabId;
  title: string;
  /** Shows the period pills and reacts to p / P. */
  usesPeriod: boolean;
  /** ← / → / Home / End move a cursor inside the tab instead of switching tabs. */
  hasCursor: boolean;
  /** ↑ / ↓ / Enter select rows inside the tab instead of scrolling. */
  hasSelection: boolean;
  /** Hidden when this returns false (e.g. `[insights] enabled = false`). */
  enabled: (config: AuraConfig) => boolean;
  /** Extra footer / help hints for this tab's own keys. */
  keys: KeyHint[];
  Component: ComponentType<TabProps>;
}
