// Summary: the headline cards for the selected period (aura-seed-spec 9), plus estimated
// cost and cache totals. Values are shortened to fit a card (compact numbers, undated model
// ids), never cut.
import {memo, useMemo} from 'react';
import {Box, Text} from 'ink';
import {filterDataset, summaryStats, type SummaryStats} from '../../core/aggregate.js';
import {fitModelName, fitNumber} from '../../core/chart.js';
import {compact, duration, thousands, usd} from '../../core/format.js';
import {uiTokens} from '../../core/types.js';
import {Card} from '../components/Card.js';
import {Scroll} from '../components/Scroll.js';
import {useTheme} from '../theme.js';
import type {TabDefinition, TabProps} from './types.js';

const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;
const hour = (h: number | null) => (h === null ? '—' : `${String(h).padStart(2, '0')}:00`);

interface CardSpec {
  label: string;
  value: string;
  detail?: string;
  /** Shown in the Claude accent (money). */
  accent?: boolean;
}

/** Cells around a card's text: the border and one cell of padding on each side. */
const CARD_FRAME = 4;

/** The cards, in reading order, with values that fit `inner` cells. */
export function summaryCards(s: SummaryStats, inner = Infinity): CardSpec[] {
  const t = s.tokens;
  const inOut = `in ${thousands(t.inputTokens)} · out ${thousands(t.outputTokens)}`;
  return [
    {label: 'Favorite model', value: s.favoriteModel ? fitModelName(s.favoriteModel, inner) : '—'},
    {label: 'Total tokens', value: fitNumber(uiTokens(t), inner), detail: inOut.length <= inner ? inOut : `in ${compact(t.inputTokens)} · out ${compact(t.outputTokens)}`},
    {label: 'Sessions', value: fitNumber(s.sessions, inner)},
    {label: 'Longest session', value: s.sessions > 0 ? duration(s.longestSessionSecs) : '—'},
    {label: 'Active days', value: `${s.activeDays} / ${s.totalDays || s.activeDays}`},
    {label: 'Peak hour', value: hour(s.peakHour)},
    {label: 'Current streak', value: days(s.currentStreak)},
    {label: 'Longest streak', value: days(s.longestStreak)},
    {
      label: 'Estimated cost',
      accent: true,
      value: usd(s.costUSD),
      detail: s.unpricedModels.length > 0 ? `excl. ${s.unpricedModels.length} unpriced model${s.unpricedModels.length === 1 ? '' : 's'}` : 'at API list prices',
    },
    {label: 'Cache read', value: fitNumber(t.cacheReadTokens, inner)},
    {label: 'Cache write', value: fitNumber(t.cacheCreationTokens, inner)},
  ];
}

function SummaryTabView({width, height, period, dataset, tz, now, scroll}: TabProps) {
  const theme = useTheme();
  const stats = useMemo(() => {
    if (!dataset) return null;
    const at = now();
    return summaryStats(filterDataset(dataset, {period, tz, now: at}), tz, at);
  }, [dataset, period, tz, now]);
  if (!stats) return <Text color={theme.muted}>Loading…</Text>;
  const cols = width >= 110 ? 4 : width >= 72 ? 3 : 2;
  const cardWidth = Math.floor(width / cols);
  const cards = summaryCards(stats, cardWidth - CARD_FRAME);
  const rows: CardSpec[][] = [];
  for (let i = 0; i < cards.length; i += cols) rows.push(cards.slice(i, i + cols));
  return (
    <Scroll height={height} width={width} offset={scroll}>
      {rows.map((row, i) => (
        <Box key={i}>
          {row.map((c) => (
            <Card key={c.label} label={c.label} value={c.value} detail={c.detail ?? ' '} width={cardWidth} color={c.accent ? theme.claude : undefined} />
          ))}
        </Box>
      ))}
      {stats.sessions === 0 ? <Text color={theme.muted}>No usage in this period. Press p to change the period.</Text> : null}
    </Scroll>
  );
}

export const SummaryTab = memo(SummaryTabView);

export const summaryTab: TabDefinition = {
  id: 'summary',
  title: 'Summary',
  usesPeriod: true,
  hasCursor: false,
  hasSelection: false,
  enabled: () => true,
  keys: [],
  Component: SummaryTab,
};
