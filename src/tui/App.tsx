// The dashboard shell: header, tab body, footer, overlays, the one key dispatcher. Tabs come
// from the registry; data from a UsageSource through useUsage. No business logic here.
import {useCallback, useEffect, useMemo, useRef, useState} from 'react';
import {Box, Text, useApp, useInput, useStdin} from 'ink';
import type {AuraConfig} from '../core/config/schema.js';
import type {UsageDataset} from '../core/types.js';
import type {UsageSource} from './data/source.js';
import {useFleetService} from './hooks/useFleet.js';
import {useTerminalSize} from './hooks/useTerminalSize.js';
import {useUsage} from './hooks/useUsage.js';
import {footerHints, resolveKey, type KeyContext} from './keymap.js';
import {initialNav, navReducer, type NavAction, type NavState} from './navigation.js';
import {ScrollLimitContext} from './components/Scroll.js';
import {Footer} from './shell/Footer.js';
import {Header} from './shell/Header.js';
import {HelpOverlay, WarningsOverlay} from './shell/Overlays.js';
import {MIN_COLUMNS, MIN_ROWS, NoData, ProgressLine, TooSmall} from './shell/Notices.js';
import {TabBoundary} from './shell/TabBoundary.js';
import {ALL_TABS, defaultTabIndex, visibleTabs} from './tabs/registry.js';
import type {TabDefinition} from './tabs/types.js';
import {makeTheme, ThemeProvider, useTheme, type Theme} from './theme.js';

export interface ConfigProblemInfo {
  path: string;
  message: string;
  line?: number;
}

export interface AppProps {
  /** Null when no Claude root could be resolved (`rootsError` says why). */
  source: UsageSource | null;
  rootsError?: string;
  /** The folders that were looked for when none was found (see `searchedRoots`), for the no-data screen. */
  searched?: string[];
  config: AuraConfig;
  /** The config file is invalid: the app runs on defaults and says where the problem is. */
  configError?: ConfigProblemInfo;
  tz: string;
  demo?: boolean;
  now?: () => number;
  /** Defaults to every registered tab (tests pass their own list). */
  tabs?: readonly TabDefinition[];
  theme?: Theme;
  /** Home directory, to shorten paths in the header. */
  home?: string;
}

const EMPTY_DATASET: UsageDataset = {records: [], sessions: [], diagnostics: {roots: [], files: 0, skippedLines: 0, duplicatesDropped: 0, notices: []}};
const NO_SOURCE: UsageSource = {roots: [], refresh: async () => EMPTY_DATASET, watch: () => () => {}};

const clock = (ms: number, tz: string) => new Intl.DateTimeFormat('en-GB', {timeZone: tz, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23'}).format(ms);

export function App(props: AppProps) {
  return (
    <ThemeProvider value={props.theme ?? makeTheme(props.config.ui.theme)}>
      <Shell {...props} />
    </ThemeProvider>
  );
}

function Shell({source, rootsError, searched, config, configError, tz, demo = false, now = Date.now, tabs: allTabs = ALL_TABS, home}: AppProps) {
  const theme = useTheme();
  const {exit} = useApp();
  const {isRawModeSupported} = useStdin();
  const {columns, rows} = useTerminalSize();
  // The demo is a showcase: every tab, whatever the config turns off.
  const tabs = useMemo(() => (demo ? [...allTabs] : visibleTabs(config, allTabs)), [config, allTabs, demo]);
  const [nav, dispatch] = useNav(() => initialNav(defaultTabIndex(config, tabs), tabs.length, config.ui.default_period));
  const {state, refresh} = useUsage(source ?? NO_SOURCE);
  const reportLimit = useCallback((max: number) => dispatch({type: 'scrollLimit', max}), []);

  useEffect(() => dispatch({type: 'tabCount', count: tabs.length}), [tabs.length]);

  const tab = tabs[nav.tab];
  const dataset = state.dataset;
  useFleetService({config, demo, records: () => dataset?.records ?? null});
  const warnings = useMemo(() => {
    const out: string[] = [];
    if (configError) out.push(`${configError.path}${configError.line ? ` line ${configError.line}` : ''}: ${configError.message} (running on defaults)`);
    if (rootsError) out.push(rootsError);
    if (state.error) out.push(`last read failed: ${state.error}`);
    const d = dataset?.diagnostics;
    if (d && d.skippedLines > 0) out.push(`${d.skippedLines} transcript line${d.skippedLines === 1 ? '' : 's'} skipped (malformed)`);
    for (const n of d?.notices ?? []) out.push(n);
    return out;
  }, [configError, rootsError, state.error, dataset]);

  const headerRows = 2 + (configError ? 1 : 0);
  const footerRows = 1 + (state.progress ? 1 : 0);
  // One row short of the terminal: a full-height frame makes Ink 6 clear the screen on every render.
  const height = Math.max(1, rows - 1);
  const bodyHeight = Math.max(1, height - headerRows - footerRows);
  const tooSmall = columns < MIN_COLUMNS || rows < MIN_ROWS;
  const page = Math.max(1, bodyHeight - 1);
  const ctxOf = (n: NavState): KeyContext => {
    const t = tabs[n.tab];
    return {hasCursor: t?.hasCursor ?? false, hasSelection: t?.hasSelection ?? false, usesPeriod: t?.usesPeriod ?? false, overlay: n.overlay !== null, page};
  };

  useInput(
    (input, key) => {
      // Keys typed faster than the terminal is read arrive as one string ("73"): one at a time.
      const chars = input.length > 1 && !key.ctrl && !key.meta ? [...input] : [input];
      for (const ch of chars) {
        // Resolve against the latest state, not this render's: keys typed faster than a frame
        // (2 then p) must see the tab the first key switched to.
        const cmd = resolveKey(ch, key, ctxOf(nav.latest()));
        if (!cmd) continue;
        if (cmd.type === 'quit') return exit();
        if (cmd.type === 'refresh') refresh();
        else dispatch(cmd);
      }
    },
    {isActive: isRawModeSupported === true},
  );

  if (tooSmall) {
    return (
      <Box width={columns} height={height}>
        <TooSmall columns={columns} rows={rows} />
      </Box>
    );
  }

  // No roots, or the first read failed: tabs get an empty dataset rather than waiting forever.
  const unreadable = rootsError ?? (dataset === null && state.error !== null ? `cannot read the transcripts: ${state.error}` : undefined);
  const noData = (unreadable !== undefined || (dataset !== null && dataset.records.length === 0)) && tab?.usesPeriod;
  const tabDataset = unreadable !== undefined ? EMPTY_DATASET : dataset;
  let body;
  if (nav.overlay === 'help') body = <HelpOverlay width={columns} tabTitle={tab?.title ?? ''} tabKeys={tab?.keys ?? []} context={ctxOf(nav)} />;
  else if (nav.overlay === 'warnings') body = <WarningsOverlay width={columns} items={warnings} />;
  else if (!tab) body = <Text color={theme.muted}>No tab to show: every tab is turned off in the config.</Text>;
  else if (noData) body = <NoData roots={source?.roots.length ? source.roots : (searched ?? [])} reason={unreadable} />;
  else
    body = (
      <TabBoundary key={tab.id} title={tab.title}>
        <tab.Component
        width={columns}
        height={bodyHeight}
        period={nav.period}
        dataset={tabDataset}
        config={config}
        tz={tz}
        now={now}
        claudeDirs={source?.roots ?? []}
        demo={demo}
        keysActive={nav.overlay === null}
        scroll={nav.scroll}
        />
      </TabBoundary>
    );

  return (
    <Box flexDirection="column" width={columns} height={height}>
      <Header width={columns} roots={source?.roots ?? []} demo={demo} period={tab?.usesPeriod ? nav.period : null} tabs={tabs} active={nav.tab} home={home} />
      {configError ? (
        <Text color={theme.bad} bold={theme.mono} wrap="truncate-end">
          Config error: {configError.path}
          {configError.line ? ` line ${configError.line}` : ''}: {configError.message}; running on defaults
        </Text>
      ) : null}
      <Box height={bodyHeight} flexDirection="column" overflow="hidden">
        <ScrollLimitContext.Provider value={reportLimit}>{body}</ScrollLimitContext.Provider>
      </Box>
      {state.progress ? <ProgressLine progress={state.progress} width={columns} /> : null}
      <Footer width={columns} hints={footerHints(ctxOf(nav), tab?.keys ?? [])} refreshedAt={state.refreshedAt === null ? null : clock(state.refreshedAt, tz)} warnings={warnings.length} />
    </Box>
  );
}

/** useReducer whose latest state is readable synchronously (for key handling between renders). */
function useNav(init: () => NavState): [NavState & {latest: () => NavState}, (a: NavAction) => void] {
  const ref = useRef<NavState | null>(null);
  ref.current ??= init();
  const [state, setState] = useState(ref.current);
  const dispatch = useCallback((a: NavAction) => {
    const next = navReducer(ref.current!, a);
    if (next === ref.current) return;
    ref.current = next;
    setState(next);
  }, []);
  return [{...state, latest: () => ref.current!}, dispatch];
}
