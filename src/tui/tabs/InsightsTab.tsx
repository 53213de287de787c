// Insights (aura-seed-spec 5): top projects, top sessions (↑/↓ select, Enter for details),
// ultracode ROI and cache efficiency for the selected period. All numbers come from core/insights.
import {memo, useMemo, useRef, useState} from 'react';
import {Box, Text, useInput, useStdin} from 'ink';
import stringWidth from 'string-width';
import {filterDataset, type ProjectUsage, type SessionSummary} from '../../core/aggregate.js';
import {resolvePrice} from '../../core/cost.js';
import {compact, thousands, usd} from '../../core/format.js';
import {computeInsights, roiSentence, rowLimit, type CacheEfficiency, type RoiSide, type UltracodeRoi} from '../../core/insights.js';
import {localDateTime} from '../../core/time.js';
import {uiTokens} from '../../core/types.js';
import {Bar} from '../components/Bar.js';
import {Chip} from '../components/Chip.js';
import {Scroll} from '../components/Scroll.js';
import {Section} from '../components/Section.js';
import {useTheme} from '../theme.js';
import type {TabDefinition, TabProps} from './types.js';

const plural = (n: number, word: string) => `${thousands(n)} ${word}${n === 1 ? '' : 's'}`;

function TopProjects({projects, width}: {projects: ProjectUsage[]; width: number}) {
  const theme = useTheme();
  if (!projects.length) return <Text color={theme.muted}>No project activity in this period.</Text>;
  const max = Math.max(...projects.map((p) => uiTokens(p.tokens)));
  const nameWidth = Math.min(32, Math.max(12, Math.floor(width / 3)));
  const barWidth = Math.max(4, width - nameWidth - 10);
  return (
    <Box flexDirection="column">
      {projects.map((p) => (
        <Box key={p.cwd}>
          <Box width={nameWidth} paddingRight={1}>
            <Text wrap="truncate-end">{p.name}</Text>
          </Box>
          <Text>{compact(uiTokens(p.tokens)).padStart(7)} </Text>
          {/* Share of the top project, never thinner than 2 % so small rows stay visible. */}
          <Bar fraction={Math.max(0.02, uiTokens(p.tokens) / max)} width={barWidth} track={false} />
        </Box>
      ))}
    </Box>
  );
}

/** The dim model-tier badge, then the accent-filled `ultracode` chip when detected. */
function Badges({session}: {session: SessionSummary}) {
  return (
    <Text>
      <Chip label={session.tier} />
      {session.ultracode ? (
        <Text>
          {' '}
          <Chip label="ultracode" active />
        </Text>
      ) : null}
    </Text>
  );
}

function TopSessions({sessions, selected, width}: {sessions: SessionSummary[]; selected: number; width: number}) {
  const theme = useTheme();
  if (!sessions.length) return <Text color={theme.muted}>No sessions in this period.</Text>;
  // Token counts right-aligned (compact is at most 6 cells: "999.9K") so project names line up.
  const label = (s: SessionSummary) => `${compact(uiTokens(s.tokens)).padStart(6)} · ${s.project}`;
  // Badges line up in one column; long project names truncate before they push them off.
  const labelWidth = Math.max(8, Math.min(width - 26, Math.max(...sessions.map((s) => stringWidth(label(s)))) + 1));
  return (
    <Box flexDirection="column">
      {sessions.map((s, i) => (
        <Box key={s.id} width={width}>
          <Text color={theme.accent}>{i === selected ? '▸ ' : '  '}</Text>
          <Box width={labelWidth}>
            <Text wrap="truncate-end" inverse={i === selected} bold={i === selected}>
              {label(s)}
            </Text>
          </Box>
          <Badges session={s} />
        </Box>
      ))}
    </Box>
  );
}

function Roi({roi}: {roi: UltracodeRoi}) {
  const theme = useTheme();
  if (roi.ultracode.count + roi.normal.count === 0) return <Text color={theme.muted}>No sessions in this period.</Text>;
  const line = (side: RoiSide) => `${plural(side.count, 'session')} · avg ${compact(side.avgTokens)}`;
  return (
    <Box flexDirection="column">
      <Text>
        <Chip label="ultracode" active /> {line(roi.ultracode)}
      </Text>
      <Text>
        <Chip label="normal" />
        {'    '}
        {line(roi.normal)}
      </Text>
      {roi.multiplier !== null ? <Text>{roiSentence(roi.multiplier)}</Text> : null}
    </Box>
  );
}

function Cache({cache, width}: {cache: CacheEfficiency; width: number}) {
  const theme = useTheme();
  if (cache.hitRatio === null) return <Text color={theme.muted}>No cache activity yet.</Text>;
  return (
    <Box flexDirection="column">
      <Text>
        <Text bold color={theme.accent}>{Math.round(cache.hitRatio * 100)} %</Text> of context served from cache
      </Text>
      <Bar fraction={cache.hitRatio} width={Math.max(4, Math.min(60, width - 2))} />
      <Text color={theme.muted}>
        cache read: {compact(cache.readTokens)} · cache write: {compact(cache.writeTokens)}
      </Text>
      <Text>
        <Text color={theme.claude}>≈ {usd(cache.savedUSD)}</Text> saved vs uncached input
        {cache.unpricedModels.length ? <Text color={theme.muted}> (not counted, no price: {cache.unpricedModels.join(', ')})</Text> : null}
      </Text>
    </Box>
  );
}

/** The detail view of one session: replaces the tab body until Esc. */
function SessionDetail({session, tz, width}: {session: SessionSummary; tz: string; width: number}) {
  const theme = useTheme();
  const unpriced = session.models.filter((m) => !resolvePrice(m));
  const t = session.tokens;
  const rows: [string, string][] = [
    ['project', `${session.project}  ${session.cwd}`],
    ['start', Number.isFinite(session.start) ? localDateTime(session.start, tz) : '—'],
    ['end', Number.isFinite(session.end) ? localDateTime(session.end, tz) : '—'],
    ['models', session.models.join(', ') || '—'],
    ['input', thousands(t.inputTokens)],
    ['output', thousands(t.outputTokens)],
    ['cache write', thousands(t.cacheCreationTokens)],
    ['cache read', thousands(t.cacheReadTokens)],
    ['cost', `${usd(session.costUSD)}${unpriced.length ? ` + unpriced ${unpriced.join(', ')}` : ''}`],
  ];
  return (
    <Box flexDirection="column">
      <Section title={`SESSION ${session.id}`} width={width} note="Esc to close" />
      <Badges session={session} />
      {rows.map(([label, value]) => (
        <Box key={label}>
          <Box width={13}>
            <Text color={theme.muted}>{label}</Text>
          </Box>
          <Text wrap="truncate-end">{value}</Text>
        </Box>
      ))}
    </Box>
  );
}

function InsightsTabView({width, height, period, dataset, config, tz, now, keysActive, scroll}: TabProps) {
  const theme = useTheme();
  const {isRawModeSupported} = useStdin();
  const topN = config.insights.top_n;
  const insights = useMemo(() => {
    if (!dataset) return null;
    return computeInsights(filterDataset(dataset, {period, tz, now: now()}), {topN});
  }, [dataset, period, tz, now, topN]);
  const [cursor, setCursor] = useState(0);
  const [openId, setOpenId] = useState<string | null>(null);

  const sessions = insights?.topSessions ?? [];
  const selected = Math.min(cursor, Math.max(0, sessions.length - 1));
  // Looked up by id, so a refresh or a period change that drops the session closes the view.
  const open = openId === null ? undefined : sessions.find((s) => s.id === openId);

  // The key handler reads the latest render through a ref: Ink may still hold the handler of
  // an earlier render when keys arrive in quick succession.
  const live = useRef({open, selected, sessions});
  live.current = {open, selected, sessions};
  useInput(
    (_input, key) => {
      const now = live.current;
      if (now.open) {
        if (key.escape) setOpenId(null);
        return;
      }
      // From the cursor as updated by keys of the same burst (a held arrow key sends several
      // before the next render), kept within the list.
      const last = now.sessions.length - 1;
      if (key.upArrow) setCursor((c) => Math.max(0, Math.min(c, last) - 1));
      else if (key.downArrow) setCursor((c) => Math.min(last, Math.min(c, last) + 1));
      else if (key.return && now.sessions[now.selected]) setOpenId(now.sessions[now.selected]!.id);
    },
    {isActive: keysActive && isRawModeSupported === true && sessions.length > 0},
  );

  if (!insights) return <Text color={theme.muted}>Loading…</Text>;
  if (open) return <SessionDetail session={open} tz={tz} width={width} />;
  const limit = rowLimit(topN);
  return (
    <Scroll height={height} width={width} offset={scroll}>
      <Section title="TOP PROJECTS" width={width} note={`top ${limit}`} />
      <TopProjects projects={insights.topProjects} width={width} />
      <Text> </Text>
      <Section title="TOP SESSIONS" width={width} note={sessions.length ? '↑↓ select · Enter details' : undefined} />
      <TopSessions sessions={sessions} selected={selected} width={width} />
      <Text> </Text>
      <Section title="ULTRACODE ROI" width={width} />
      <Roi roi={insights.roi} />
      <Text> </Text>
      <Section title="CACHE EFFICIENCY" width={width} note="estimated" />
      <Cache cache={insights.cache} width={width} />
      <Text> </Text>
      <Text color={theme.muted}>ⓘ ultracode is inferred from session content</Text>
    </Scroll>
  );
}

export const InsightsTab = memo(InsightsTabView);

export const insightsTab: TabDefinition = {
  id: 'insights',
  title: 'Insights',
  usesPeriod: true,
  hasCursor: false,
  hasSelection: true,
  enabled: (config) => config.insights.enabled,
  keys: [
    {keys: '↑ ↓', action: 'select session'},
    {keys: 'Enter', action: 'session details'},
    {keys: 'Esc', action: 'close details'},
  ],
  Component: InsightsTab,
};
