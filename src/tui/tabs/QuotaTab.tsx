// Quota: each rate-limit window of the account with its bar, "NN% used" and reset time,
// where the reading came from and how old it is (aura-seed-spec 3.4).
import {memo} from 'react';
import {Box, Text} from 'ink';
import {resetText, usedText, type Clock} from '../../core/quota/present.js';
import type {QuotaSnapshot, QuotaWindow} from '../../core/quota/types.js';
import {Bar} from '../components/Bar.js';
import {Chip} from '../components/Chip.js';
import {Scroll} from '../components/Scroll.js';
import {Section} from '../components/Section.js';
import {TWELVE_HOUR, useQuota} from '../hooks/useQuota.js';
import {useTheme} from '../theme.js';
import type {TabDefinition, TabProps} from './types.js';

function WindowCard({w, clock, width}: {w: QuotaWindow; clock: Clock; width: number}) {
  const theme = useTheme();
  const barWidth = Math.max(10, Math.min(60, width - 16));
  const pct = w.usedPercent;
  const color = pct === null ? theme.accent : pct >= 100 ? theme.bad : pct >= 90 ? theme.warn : theme.accent;
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Box>
        <Text bold>{w.label}</Text>
        {w.binding ? (
          <Text>
            {'  '}
            <Chip label="binding" tone="warn" />
          </Text>
        ) : null}
      </Box>
      <Box>
        {pct !== null ? (
          <Text>
            <Bar fraction={pct / 100} width={barWidth} color={color} />
            {'  '}
          </Text>
        ) : null}
        <Text>{usedText(w)}</Text>
      </Box>
      <Text color={theme.muted}>{resetText(w, clock)}</Text>
    </Box>
  );
}

/** Title and body of the warning shown when the windows are not a live reading. */
export function quotaWarning(s: QuotaSnapshot, demo: boolean): {title: string; body: string; tone: 'warn' | 'bad' | 'muted'} | null {
  if (demo) return {title: 'demo', body: 'Demo windows over the demo data; not your account.', tone: 'muted'};
  if (s.source === 'estimate') return {title: 'Local estimate', body: s.note ?? 'Subscription limits unknown — showing local token counts.', tone: 'warn'};
  if (s.source === 'unavailable') return {title: 'Quota unavailable', body: s.note ?? 'Quota data is not available right now.', tone: 'bad'};
  if (s.stale) return {title: 'stale', body: s.note ?? 'showing the last good reading', tone: 'warn'};
  if (s.note) return {title: 'note', body: s.note, tone: 'muted'};
  return null;
}

function QuotaTabView({width, height, dataset, config, now, claudeDirs, demo, scroll, tz, keysActive}: TabProps) {
  const theme = useTheme();
  const {snapshot, at, heading} = useQuota({config, claudeDirs, dataset, demo, now, tz, keysActive});
  if (!snapshot) return <Text color={theme.muted}>{demo ? 'Loading demo data…' : 'Reading quota…'}</Text>;
  const clock: Clock = {now: at, tz, twelveHour: TWELVE_HOUR};
  const warning = quotaWarning(snapshot, demo);
  return (
    <Scroll height={height} width={width} offset={scroll}>
      <Section title="Quota" width={width} note={heading} />
      {snapshot.subscriptionType ? <Text color={theme.muted}>Subscription: {snapshot.subscriptionType}</Text> : null}
      {warning ? (
        <Box>
          <Box flexShrink={0} marginRight={1}>
            <Chip label={warning.title} tone={warning.tone} />
          </Box>
          <Text color={theme.muted}>{warning.body}</Text>
        </Box>
      ) : null}
      <Text> </Text>
      {snapshot.windows.length === 0 ? <Text color={theme.muted}>No quota data available.</Text> : null}
      {snapshot.windows.map((w) => (
        <WindowCard key={w.id} w={w} clock={clock} width={width} />
      ))}
    </Scroll>
  );
}

export const QuotaTab = memo(QuotaTabView);

export const quotaTab: TabDefinition = {
  id: 'quota',
  title: 'Quota',
  usesPeriod: false,
  hasCursor: false,
  hasSelection: false,
  enabled: (c) => c.quota.enabled,
  keys: [],
  Component: QuotaTab,
};
