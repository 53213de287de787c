// Models: per-model share of tokens, the "Tokens per day" column chart with a day cursor and
// its breakdown panel, and a cumulative trend line. Layout math lives in core/chart.ts.
import {memo, useMemo, useRef, useState} from 'react';
import {Box, Text, useInput, useStdin} from 'ink';
import asciichart from 'asciichart';
import {dailyUsage, filterDataset, modelUsage, type DayBucket, type ModelUsage} from '../../core/aggregate.js';
import {cumulative, dayBreakdown, fitModelName, layoutDayChart, periodDays, splitRow, underColumns} from '../../core/chart.js';
import {compact, thousands, usd} from '../../core/format.js';
import {localDay} from '../../core/time.js';
import {uiTokens} from '../../core/types.js';
import {Bar} from '../components/Bar.js';
import {Scroll} from '../components/Scroll.js';
import {Section} from '../components/Section.js';
import {Table, type Column} from '../components/Table.js';
import {useTheme} from '../theme.js';
import type {TabDefinition, TabProps} from './types.js';

const CHART_HEIGHT = 8;
const PANEL_WIDTH = 30;
/** Cells of the SHARE and TOKENS columns, the bar's padding and a spare cell, and the narrowest bar. */
const FIXED_COLUMNS = 28;
const MIN_BAR = 6;

interface ModelRow {
  model: string;
  share: number;
  tokens: number;
}

function modelRows(models: ModelUsage[]): ModelRow[] {
  const total = models.reduce((s, m) => s + uiTokens(m.tokens), 0);
  return models
    .map((m) => ({model: m.model, tokens: uiTokens(m.tokens), share: total > 0 ? uiTokens(m.tokens) / total : 0}))
    .filter((r) => r.tokens > 0)
    .sort((a, b) => b.tokens - a.tokens || a.model.localeCompare(b.model));
}

function Breakdown({date, bucket, width}: {date: string; bucket: DayBucket | undefined; width: number}) {
  const theme = useTheme();
  const b = dayBreakdown(date, bucket);
  const nameWidth = Math.max(8, width - 10);
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>
        {b.date} {b.weekday}
      </Text>
      <Text>
        <Text bold color={theme.accent}>{compact(b.tokens)}</Text> tokens
      </Text>
      <Text color={theme.claude}>{usd(b.costUSD)} <Text color={theme.muted}>estimated</Text></Text>
      {b.top.length === 0 ? <Text color={theme.muted}>no usage</Text> : null}
      {b.top.map((m) => (
        <Box key={m.model}>
          <Box width={nameWidth}>
            <Text wrap="truncate-end">{fitModelName(m.model, nameWidth - 1)}</Text>
          </Box>
          <Text>{compact(m.tokens).padStart(8)}</Text>
        </Box>
      ))}
      {b.more > 0 ? <Text color={theme.muted}>+{b.more} more</Text> : null}
    </Box>
  );
}

function ModelsTabView({width, height, period, dataset, tz, now, scroll, keysActive}: TabProps) {
  const theme = useTheme();
  const {isRawModeSupported} = useStdin();
  // Cursor as "days back from the newest day", so new days keep the same day selected; null
  // until the first key: the newest day with usage (today for anyone using Claude today).
  const [back, setBack] = useState<number | null>(null);
  const windowRef = useRef(0);

  const data = useMemo(() => {
    if (!dataset) return null;
    const at = now();
    const filtered = filterDataset(dataset, {period, tz, now: at});
    const buckets = dailyUsage(filtered.records, tz);
    const byDate = new Map(buckets.map((b) => [b.date, b]));
    const dates = periodDays(period, buckets[0]?.date, localDay(at, tz));
    return {rows: modelRows(modelUsage(filtered.records)), byDate, dates, values: dates.map((d) => (byDate.has(d) ? uiTokens(byDate.get(d)!.tokens) : 0))};
  }, [dataset, period, tz, now]);

  const total = data?.dates.length ?? 0;
  const last = Math.max(0, total - 1);
  const lastActive = data ? data.values.findLastIndex((v) => v > 0) : -1;
  const index = back === null ? (lastActive >= 0 ? lastActive : last) : last - Math.min(back, last);
  const pos = useRef({last, index});
  pos.current = {last, index};
  // Functional updates from the latest position: several arrows typed within one frame all count.
  useInput(
    (_input, key) => {
      const {last: end, index: at} = pos.current;
      const from = (b: number | null) => (b === null ? end - at : Math.min(b, end));
      if (key.leftArrow) setBack((b) => Math.min(end, from(b) + 1));
      else if (key.rightArrow) setBack((b) => Math.max(0, from(b) - 1));
      else if (key.home) setBack(end);
      else if (key.end) setBack(0);
    },
    {isActive: keysActive && isRawModeSupported === true && total > 0},
  );

  if (!data) return <Text color={theme.muted}>Loading…</Text>;

  const maxLabel = compact(data.values.reduce((m, v) => Math.max(m, v), 0));
  const running = cumulative(data.values);
  // One gutter for both charts, wide enough for either's labels, so their columns line up.
  const gutter = Math.max(6, maxLabel.length, compact(running[running.length - 1] ?? 0).length) + 2;
  // The breakdown sits right of the chart so the selected day is always in view.
  const chartWidth = Math.max(10, width - gutter - PANEL_WIDTH - 2);
  const layout = layoutDayChart({values: data.values, dates: data.dates, width: chartWidth, height: CHART_HEIGHT, cursor: index, prevStart: windowRef.current});
  windowRef.current = layout.start;
  const cursorCol = index - layout.start;
  const axis = (r: number) => (r === 0 ? maxLabel : r === CHART_HEIGHT - 1 ? '0' : '').padStart(gutter - 2) + (r === 0 || r === CHART_HEIGHT - 1 ? ' ┤' : ' │');

  // The model name has priority over the share bar: the bar gets what the longest name leaves.
  const longest = data.rows.reduce((m, r) => Math.max(m, r.model.length), 0);
  const modelWidth = Math.max(16, Math.min(longest + 1, width - FIXED_COLUMNS - MIN_BAR));
  const columns: Column<ModelRow>[] = [
    {key: 'model', title: 'MODEL', width: modelWidth, cell: (r) => fitModelName(r.model, modelWidth - 1)},
    {key: 'share', title: 'SHARE', width: 8, align: 'right', cell: (r) => `${(r.share * 100).toFixed(1)}%`},
    {key: 'tokens', title: 'TOKENS', width: 16, align: 'right', cell: (r) => thousands(r.tokens)},
    {key: 'bar', title: '', cell: (r) => <Bar fraction={r.share} width={Math.max(MIN_BAR, width - modelWidth - FIXED_COLUMNS)} />},
  ];

  // The running total under the same day columns as the bars (asciichart puts its axis after a
  // label of gutter - 2 cells and a space, as the bar chart does).
  const trend = underColumns(running, layout);
  const canPlot = trend.length >= 2 && trend.every(Number.isFinite) && trend[trend.length - 1]! > 0;
  const chartRows = layout.rows.map((cells, r) => {
    const [before, at, after] = splitRow(cells, layout, cursorCol);
    return (
      <Text key={r}>
        <Text color={theme.muted}>{axis(r)}</Text>
        <Text color={theme.accent}>{before}</Text>
        <Text color={theme.accent} inverse>{at}</Text>
        <Text color={theme.accent}>{after}</Text>
      </Text>
    );
  });
  const selected = data.dates[index];
  const breakdown = selected ? <Breakdown date={selected} bucket={data.byDate.get(selected)} width={PANEL_WIDTH} /> : null;

  return (
    <Scroll height={height} width={width} offset={scroll}>
      <Section title="Models" width={width} />
      <Table columns={columns} rows={data.rows} empty="No usage in this period." />
      <Text> </Text>
      <Section title="Tokens per day" width={width} note={total > layout.count ? `${layout.start + 1}–${layout.start + layout.count} of ${total} days` : undefined} />
      {total === 0 ? (
        <Text color={theme.muted}>No days to show.</Text>
      ) : (
        <Box>
          <Box flexDirection="column">
            {chartRows}
            <Text color={theme.muted}>
              {' '.repeat(gutter)}
              {layout.ticks}
            </Text>
          </Box>
          <Box marginLeft={2}>
            {breakdown}
          </Box>
        </Box>
      )}
      {canPlot ? (
        <>
          <Text> </Text>
          <Section title="Cumulative tokens" width={width} />
          <Text color={theme.accent}>{asciichart.plot(trend, {height: 4, format: (x: number) => compact(x).padStart(gutter - 2)})}</Text>
          <Text color={theme.muted}>
            {' '.repeat(gutter)}
            {layout.ticks}
          </Text>
        </>
      ) : null}
    </Scroll>
  );
}

export const ModelsTab = memo(ModelsTabView);

export const modelsTab: TabDefinition = {
  id: 'models',
  title: 'Models',
  usesPeriod: true,
  hasCursor: true,
  hasSelection: false,
  enabled: () => true,
  keys: [{keys: '← → Home End', action: 'select day'}],
  Component: ModelsTab,
};
