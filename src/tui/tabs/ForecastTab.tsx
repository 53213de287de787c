// Forecast: each window projected to its reset (aura-seed-spec 3.5), a chart of the binding
// window, the session budget (spec 4) and the calibration line.
import {memo, useMemo} from 'react';
import {Box, Text} from 'ink';
import asciichart from 'asciichart';
import {FORECAST_STATUS_LABELS, forecastWindows, NO_FORECAST_TEXT, type ForecastStatus, type WindowForecast} from '../../core/quota/forecast.js';
import {forecastBarCells, usageCurve} from '../../core/quota/forecast-chart.js';
import {BUDGET_STATUS_LABELS, computePacing, type BudgetStatus, type PacingResult} from '../../core/quota/pacing.js';
import {budgetFigures, budgetHeadline, calibrationText, forecastSubline, forecastText, type Clock} from '../../core/quota/present.js';
import type {UsageRecord} from '../../core/types.js';
import {Bar} from '../components/Bar.js';
import {Chip, type Tone} from '../components/Chip.js';
import {Scroll} from '../components/Scroll.js';
import {Section} from '../components/Section.js';
import {TWELVE_HOUR, useQuota} from '../hooks/useQuota.js';
import {useTheme} from '../theme.js';
import type {TabDefinition, TabProps} from './types.js';

const CHART_HEIGHT = 6;
const FORECAST_TONES: Record<ForecastStatus, Tone> = {ok: 'accent', watch: 'warn', overshoot: 'bad', insufficient: 'muted'};
const BUDGET_TONES: Record<BudgetStatus, Tone> = {ok: 'accent', watch: 'warn', over: 'bad', insufficient: 'muted'};

function ForecastRow({f, clock, width}: {f: WindowForecast; clock: Clock; width: number}) {
  const theme = useTheme();
  const barWidth = Math.max(10, Math.min(60, width - 20));
  const cells = forecastBarCells(f.usedPercent, f.projectedPercent, barWidth);
  const tone = theme[FORECAST_TONES[f.status]];
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Box>
        <Text bold>{f.label}</Text>
        <Text>{'  '}</Text>
        <Chip label={FORECAST_STATUS_LABELS[f.status]} tone={FORECAST_TONES[f.status]} />
      </Box>
      {f.status !== 'insufficient' ? (
        <Text>
          <Text color={tone}>{'█'.repeat(cells.solid)}</Text>
          <Text color={tone} dimColor>{'▒'.repeat(cells.projected)}</Text>
          <Text color={theme.border}>{'░'.repeat(cells.rest)}</Text>
          {f.projectedPercent !== null && f.projectedPercent > 100 ? <Text color={theme.bad}> ↗</Text> : null}
          <Text>{`  ${forecastText(f)}`}</Text>
        </Text>
      ) : null}
      <Text color={theme.muted}>{forecastSubline(f, clock)}</Text>
    </Box>
  );
}

function UsageChart({f, records, width}: {f: WindowForecast; records: readonly UsageRecord[]; width: number}) {
  const theme = useTheme();
  const curve = useMemo(() => usageCurve(f, records, Math.min(72, width - 12)), [f, records, width]);
  if (!curve || f.status === 'insufficient') return null;
  const plot = asciichart.plot(curve.series, {height: CHART_HEIGHT, min: 0, max: curve.max, format: (v: number) => `${v.toFixed(0).padStart(4)}%`});
  const axisPad = ' '.repeat(7);
  const marker = `${axisPad}${' '.repeat(curve.nowColumn)}▲ now`;
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Text>{plot}</Text>
      <Text color={theme.muted}>{marker}</Text>
      <Text color={theme.muted}>
        {curve.fromTokens ? 'Before now: your local token curve, scaled to the reading. ' : 'Before now: a straight line (no local tokens in this window). '}
        After now: the current pace.
      </Text>
    </Box>
  );
}

function BudgetCard({p, width}: {p: PacingResult; width: number}) {
  const theme = useTheme();
  const b = p.budget;
  const head = budgetHeadline(b);
  const barWidth = Math.max(10, Math.min(40, width - 20));
  const color = b.status === 'over' ? theme.bad : b.status === 'watch' ? theme.warn : theme.accent;
  const fill = b.recommendedPercent && b.sessionUsedPercent !== null ? Math.min(1, Math.max(0, b.sessionUsedPercent / b.recommendedPercent)) : b.status === 'over' ? 1 : 0;
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Box>
        <Text bold>Session budget</Text>
        <Text>{'  '}</Text>
        <Chip label={BUDGET_STATUS_LABELS[b.status]} tone={BUDGET_TONES[b.status]} />
      </Box>
      {head ? (
        <>
          <Text>{head}</Text>
          <Text>
            <Bar fraction={fill} width={barWidth} color={color} />
            {b.status === 'over' ? <Text color={theme.bad}> ↗</Text> : null}
            <Text>{`  ${budgetFigures(b)}`}</Text>
          </Text>
        </>
      ) : null}
      <Text color={theme.muted}>{b.note}</Text>
      <Text color={theme.muted}>{calibrationText(p)}</Text>
    </Box>
  );
}

function ForecastTabView({width, height, dataset, config, now, claudeDirs, demo, scroll, tz, keysActive}: TabProps) {
  const theme = useTheme();
  const {snapshot, at, heading} = useQuota({config, claudeDirs, dataset, demo, now, tz, keysActive});
  const records = dataset?.records ?? null;
  const forecasts = useMemo(() => (snapshot ? forecastWindows(snapshot.windows, at) : []), [snapshot, at]);
  const {history_days, active_session_min_tokens} = config.pacing;
  const pacing = useMemo(
    () => (snapshot && config.pacing.enabled ? computePacing(snapshot, records, at, tz, {historyDays: history_days, minTokens: active_session_min_tokens}) : null),
    [snapshot, records, at, tz, config.pacing.enabled, history_days, active_session_min_tokens],
  );
  if (!snapshot) return <Text color={theme.muted}>{demo ? 'Loading demo data…' : 'Reading quota…'}</Text>;
  const clock: Clock = {now: at, tz, twelveHour: TWELVE_HOUR};
  const charted = forecasts.find((f) => snapshot.windows.find((w) => w.id === f.id)?.binding) ?? forecasts[0];
  return (
    <Scroll height={height} width={width} offset={scroll}>
      <Section title="Forecast" width={width} note={heading} />
      {snapshot.note && !demo ? <Text color={snapshot.stale ? theme.warn : theme.muted}>{snapshot.note}</Text> : null}
      <Text> </Text>
      {forecasts.length === 0 ? <Text color={theme.muted}>{NO_FORECAST_TEXT}</Text> : null}
      {forecasts.map((f) => (
        <ForecastRow key={f.id} f={f} clock={clock} width={width} />
      ))}
      {charted ? (
        <>
          <Section title={`Used % over ${charted.label.toLowerCase()}`} width={width} />
          <UsageChart f={charted} records={records ?? []} width={width} />
        </>
      ) : null}
      {pacing ? (
        <>
          <Section title="Pacing" width={width} />
          <BudgetCard p={pacing} width={width} />
        </>
      ) : null}
    </Scroll>
  );
}

export const ForecastTab = memo(ForecastTabView);

export const forecastTab: TabDefinition = {
  id: 'forecast',
  title: 'Forecast',
  usesPeriod: false,
  hasCursor: false,
  hasSelection: false,
  enabled: (c) => c.quota.enabled,
  keys: [],
  Component: ForecastTab,
};
