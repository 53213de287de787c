// Activity: a live monitor of the Claude Code sessions on this machine and what they spawned
// (aura-seed-spec 7). A card per session with its heaviest processes; Enter opens the whole
// tree; K sends SIGTERM after a y/N confirmation.
import {join} from 'node:path';
import {useEffect, useMemo, useRef, useState, type ReactNode} from 'react';
import {Box, Text, useInput} from 'ink';
import {createProcessAdapter} from '../../adapters/processes.js';
import {basename} from '../../core/activity/command.js';
import {createDemoAdapter} from '../../core/activity/demo.js';
import type {ActivityAdapter} from '../../core/activity/monitor.js';
import {MEASURING, processFigures, sessionFigures, sessionTitle, totalsLine} from '../../core/activity/present.js';
import {flattenTree} from '../../core/activity/report.js';
import {tokensTodayBySession, withTokensToday} from '../../core/activity/tokens.js';
import type {ActivityProcess, ActivitySession} from '../../core/activity/types.js';
import type {UsageDataset} from '../../core/types.js';
import {cleanText} from '../../core/text.js';
import {useActivity} from '../hooks/useActivity.js';
import {useTheme, type Theme} from '../theme.js';
import type {TabDefinition, TabProps} from './types.js';

interface Target {
  pid: number;
  startTime: number;
  label: string;
}

interface Line {
  key: string;
  node: ReactNode;
}

/** A row: text on the left (truncated to fit), figures on the right. */
function Row({width, left, right, color, bold, inverse, rightColor}: {width: number; left: string; right: string; color?: string; bold?: boolean; inverse?: boolean; rightColor?: string}) {
  return (
    <Box width={width}>
      <Box flexGrow={1} flexShrink={1}>
        <Text color={color} bold={bold} inverse={inverse} wrap="truncate-end">
          {cleanText(left)}
        </Text>
      </Box>
      <Text color={rightColor ?? color} inverse={inverse}>
        {` ${right}`}
      </Text>
    </Box>
  );
}

/** The card of one session: title row, then culprits, or the whole tree when expanded. */
function sessionLines(s: ActivitySession, o: {width: number; theme: Theme; selected: boolean; expanded: boolean; procPid: number | null}): Line[] {
  const {width, theme, selected, expanded, procPid} = o;
  // Heavy processes stand out: the point of the tab is spotting what eats the machine.
  const load = (cpu: number | null, quiet?: string) => (cpu === null ? theme.muted : cpu >= 80 ? theme.bad : cpu >= 30 ? theme.warn : quiet);
  const lines: Line[] = [
    {
      key: `s${s.pid}`,
      node: (
        <Box width={width}>
          <Text color={selected ? theme.accent : theme.muted}>{selected ? '▸ ' : '  '}</Text>
          <Text color={theme.claude}>● </Text>
          <Row width={width - 4} left={sessionTitle(s)} right={sessionFigures(s)} bold inverse={selected && !expanded && theme.mono} color={selected ? theme.accent : undefined} rightColor={load(s.cpuPercent)} />
        </Box>
      ),
    },
  ];
  if (expanded) {
    for (const {process: p, depth} of flattenTree(s.root)) {
      const here = p.pid === procPid;
      lines.push({
        key: `p${s.pid}-${p.pid}`,
        node: <Row width={width} left={`    ${'  '.repeat(depth)}${p.pid}  ${p.label}`} right={processFigures(p)} inverse={here} color={here ? theme.accent : undefined} rightColor={here ? theme.accent : load(p.cpuPercent, theme.muted)} />,
      });
    }
  } else {
    for (const c of s.culprits) {
      lines.push({key: `c${s.pid}-${c.pid}`, node: <Row width={width} left={`    ↳ ${c.label}`} right={processFigures(c)} color={theme.muted} rightColor={load(c.cpuPercent, theme.muted)} />});
    }
  }
  return lines;
}

interface Nav {
  /** The selected session (its root pid); null = the first. */
  selectedPid: number | null;
  /** The session whose whole tree is open. */
  expandedPid: number | null;
  /** The selected process inside the open tree; null = its root. */
  procPid: number | null;
  /** A SIGTERM waiting for y/N. */
  confirm: Target | null;
}

const clamp = (i: number, length: number) => Math.min(length - 1, Math.max(0, i));

/** Positions of the selection in the current sample (pids that vanished fall back to the first row). */
function resolveNav(sessions: readonly ActivitySession[], nav: Nav) {
  const selectedIndex = Math.max(0, sessions.findIndex((s) => s.pid === nav.selectedPid));
  const selected = sessions[selectedIndex];
  const expanded = selected !== undefined && nav.expandedPid === selected.pid ? selected : undefined;
  const treeRows = expanded ? flattenTree(expanded.root).map((r) => r.process) : [];
  const procIndex = Math.max(0, treeRows.findIndex((p) => p.pid === nav.procPid));
  return {selectedIndex, selected, expanded, treeRows, procIndex};
}

export interface ActivityViewProps extends TabProps {
  adapter: ActivityAdapter;
}

/** The tab over any adapter (the real sampler, the demo table, a test fake). */
export function ActivityView({adapter, width, height, dataset, config, tz, now, demo, keysActive}: ActivityViewProps) {
  const theme = useTheme();
  const refreshSecs = Math.max(1, config.activity.refresh_secs);
  const {report: raw, error, terminate} = useActivity(adapter, refreshSecs);
  const report = useMemo(() => (raw ? withTokensToday(raw, dataset, tz, now()) : null), [raw, dataset, tz, now]);
  const sessions = report?.sessions ?? [];

  // Selection follows pids, not positions: sessions re-sort by CPU on every sample.
  const [nav, setNavState] = useState<Nav>({selectedPid: null, expandedPid: null, procPid: null, confirm: null});
  const [message, setMessage] = useState<{text: string; ok: boolean} | null>(null);
  const {selectedIndex, expanded, treeRows, procIndex} = resolveNav(sessions, nav);
  const confirm = nav.confirm;

  // Keys can arrive faster than renders (a held arrow key) and Ink re-subscribes its input
  // handler only after a render: the handler works on refs it updates itself, never on a
  // stale closure.
  const latest = useRef({sessions, nav});
  latest.current.sessions = sessions;
  const setNav = (next: Nav) => {
    latest.current.nav = next;
    setNavState(next);
  };

  useInput(
    (input, key) => {
      const {sessions: list, nav: n} = latest.current;
      const v = resolveNav(list, n);
      if (n.confirm) {
        const target = n.confirm;
        setNav({...n, confirm: null});
        if (input !== 'y' && input !== 'Y') {
          setMessage({text: 'cancelled', ok: true});
          return;
        }
        terminate(target).then(
          (text) => setMessage({text, ok: true}),
          (err: Error) => setMessage({text: err.message, ok: false}),
        );
        return;
      }
      if (key.upArrow || key.downArrow) {
        const step = key.upArrow ? -1 : 1;
        setMessage(null);
        if (v.expanded) setNav({...n, procPid: v.treeRows[clamp(v.procIndex + step, v.treeRows.length)]?.pid ?? null});
        else setNav({...n, selectedPid: list[clamp(v.selectedIndex + step, list.length)]?.pid ?? null});
      } else if (key.return && v.selected) {
        setNav({...n, selectedPid: v.selected.pid, expandedPid: v.selected.pid, procPid: v.selected.pid});
      } else if (key.escape) {
        setNav({...n, expandedPid: null});
        setMessage(null);
      } else if (input === 'K' && v.selected) {
        const p: ActivityProcess | undefined = v.expanded ? v.treeRows[v.procIndex] : v.selected.root;
        if (p) setNav({...n, confirm: {pid: p.pid, startTime: p.startTime, label: p.label}});
      }
    },
    {isActive: keysActive},
  );

  const title = `ACTIVITY · live ⟳ ${refreshSecs}s${demo ? ' · demo' : ''}`;
  const header = (
    <Box width={width}>
      <Text color={theme.accent} bold>
        {title}
      </Text>
      {report?.intervalMs === null && report.sessions.length > 0 ? <Text color={theme.warn}>{`  ${MEASURING}`}</Text> : null}
      {error ? <Text color={theme.bad} wrap="truncate-end">{cleanText(`  sampling failed: ${error}`)}</Text> : null}
    </Box>
  );

  if (!report) {
    return (
      <Box flexDirection="column" width={width} height={height}>
        {header}
        <Text color={theme.muted}>Reading the process table…</Text>
      </Box>
    );
  }

  const status = confirm ? (
    <Text color={theme.warn} bold wrap="truncate-end">{cleanText(`Send SIGTERM to PID ${confirm.pid} (${confirm.label})? y/N`)}</Text>
  ) : message ? (
    <Text color={message.ok ? theme.good : theme.bad} wrap="truncate-end">
      {cleanText(message.text)}
    </Text>
  ) : null;

  if (sessions.length === 0) {
    return (
      <Box flexDirection="column" width={width} height={height}>
        {header}
        <Text> </Text>
        <Text color={theme.muted}>No Claude Code processes running.</Text>
        {status}
      </Box>
    );
  }

  // Cards, then a window over them that keeps the selection in view.
  const lines: Line[] = [];
  let focusStart = 0;
  let focusEnd = 0;
  sessions.forEach((s, i) => {
    if (i > 0) lines.push({key: `gap${s.pid}`, node: <Text> </Text>});
    const start = lines.length;
    const isSelected = i === selectedIndex;
    lines.push(...sessionLines(s, {width, theme, selected: isSelected, expanded: expanded?.pid === s.pid, procPid: treeRows[procIndex]?.pid ?? null}));
    if (isSelected) {
      focusStart = expanded ? start + 1 + procIndex : start;
      focusEnd = expanded ? focusStart : lines.length - 1;
    }
  });
  const room = Math.max(1, height - 4); // header, blank, totals, status
  let top = Math.max(0, focusEnd - room + 1);
  if (focusStart < top) top = focusStart;

  return (
    <Box flexDirection="column" width={width} height={height}>
      {header}
      <Text> </Text>
      <Box flexDirection="column" height={room} overflow="hidden">
        {lines.slice(top, top + room).map((l) => (
          <Box key={l.key}>{l.node}</Box>
        ))}
      </Box>
      <Text bold wrap="truncate-end">
        {totalsLine(report.totals)}
      </Text>
      {status}
    </Box>
  );
}

/** The demo's sessions are linked to the dataset's busiest today (then latest), so tokens today show. */
function demoSessionIds(dataset: UsageDataset | null, tz: string, now: number): string[] {
  if (!dataset) return [];
  const today = tokensTodayBySession(dataset, tz, now);
  return [...dataset.sessions]
    .sort((a, b) => (today.get(b.id) ?? 0) - (today.get(a.id) ?? 0) || b.end - a.end)
    .slice(0, 3)
    .map((s) => s.id);
}

/** `[data]` roots may be config dirs or their projects/ folders. */
const projectsDirOf = (dir: string) => (basename(dir) === 'projects' ? dir : join(dir, 'projects'));

function ActivityTab(props: TabProps) {
  const {dataset, tz, now} = props;
  const ids = useRef<string[]>([]);
  ids.current = useMemo(() => (props.demo ? demoSessionIds(dataset, tz, now()) : []), [props.demo, dataset, tz, now]);
  const dirsKey = props.claudeDirs.join('\0');
  const adapter = useMemo(
    () => (props.demo ? createDemoAdapter({sessionIds: () => ids.current}) : createProcessAdapter({projectsDirs: dirsKey === '' ? [] : dirsKey.split('\0').map(projectsDirOf)})),
    [props.demo, dirsKey],
  );
  useEffect(() => () => adapter.close?.(), [adapter]);
  return <ActivityView {...props} adapter={adapter} />;
}

export const activityTab: TabDefinition = {
  id: 'activity',
  title: 'Activity',
  usesPeriod: false,
  hasCursor: false,
  hasSelection: true,
  enabled: (config) => config.activity.enabled,
  keys: [
    {keys: '↑ ↓', action: 'select'},
    {keys: 'Enter Esc', action: 'tree'},
    {keys: 'K', action: 'SIGTERM'},
  ],
  Component: ActivityTab,
};
