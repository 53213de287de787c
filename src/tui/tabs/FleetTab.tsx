// Fleet: every machine on this Claude account and its share of the 5-hour and weekly windows
// (aura-seed-spec §6.6). The numbers come from the fleet state file; see useFleet.
import {Box, Text} from 'ink';
import type {FleetRow} from '../../core/fleet/share.js';
import {accountText, ageText, FLEET_TEXT, rowLabel, shareText, type FleetView} from '../../core/fleet/view.js';
import {Bar} from '../components/Bar.js';
import {Scroll} from '../components/Scroll.js';
import {useFleet} from '../hooks/useFleet.js';
import {useTheme} from '../theme.js';
import type {TabDefinition, TabProps} from './types.js';

const AGE_WIDTH = 19; // " updated 59s ago" plus a gap of 3

function ShareBar({tag, share, width, dim}: {tag: string; share: number | null; width: number; dim: boolean}) {
  const theme = useTheme();
  return (
    <Text>
      <Text color={theme.muted}>{tag} </Text>
      <Bar fraction={share ?? 0} width={width} color={dim ? theme.muted : theme.accent} />
      <Text color={share === null ? theme.muted : undefined}>{` ${shareText(share).padStart(4)}`}</Text>
    </Text>
  );
}

function MachineRow({row, labelWidth, barWidth}: {row: FleetRow; labelWidth: number; barWidth: number}) {
  const theme = useTheme();
  const label = rowLabel(row);
  return (
    <Box>
      <Text color={row.stale ? theme.muted : theme.accent} dimColor={row.stale && theme.mono}>
        {row.stale ? '○ ' : '● '}
      </Text>
      <Box width={labelWidth}>
        <Text bold={row.isSelf} color={row.stale ? theme.muted : undefined} wrap="truncate-end">
          {label}
        </Text>
      </Box>
      <Box width={AGE_WIDTH}>
        <Text color={theme.muted}>{` ${ageText(row.ageSecs)}`}</Text>
      </Box>
      <ShareBar tag="5h" share={row.sessionShare} width={barWidth} dim={row.stale} />
      <Text>{'   '}</Text>
      <ShareBar tag="wk" share={row.weeklyShare} width={barWidth} dim={row.stale} />
    </Box>
  );
}

export function FleetBody({view, width, height, scroll}: {view: FleetView; width: number; height: number; scroll: number}) {
  const theme = useTheme();
  const longest = Math.max(8, ...view.rows.map((r) => rowLabel(r).length));
  const labelWidth = Math.min(longest + 1, Math.max(10, Math.floor(width / 3)));
  // dot 2 + label + age + two bars with "5h " / " 100%" each and a gap of 3
  const barWidth = Math.max(4, Math.min(24, Math.floor((width - 2 - labelWidth - AGE_WIDTH - 2 * 8 - 3) / 2)));
  return (
    <Scroll height={height} width={width} offset={scroll}>
      {view.status !== 'unpaired' ? (
        <Text bold color={theme.accent}>
          {accountText(view.account)}
        </Text>
      ) : null}
      {view.brokerUnreachable ? <Text color={theme.warn}>{FLEET_TEXT.unreachable}</Text> : null}
      {view.message ? <Text color={view.status === 'not_running' ? theme.warn : theme.muted}>{view.message}</Text> : null}
      {view.rows.length > 0 ? <Text> </Text> : null}
      {view.rows.map((r) => (
        <MachineRow key={r.machineId} row={r} labelWidth={labelWidth} barWidth={barWidth} />
      ))}
      {view.warnings.length > 0 ? <Text> </Text> : null}
      {view.warnings.map((w) => (
        <Text key={w} color={theme.warn}>
          {w}
        </Text>
      ))}
    </Scroll>
  );
}

function FleetTabView({width, height, config, dataset, demo, now, scroll}: TabProps) {
  const view = useFleet({enabled: config.fleet.enabled, demo, now, records: demo ? (dataset?.records ?? null) : undefined});
  return <FleetBody view={view} width={width} height={height} scroll={scroll} />;
}

export const fleetTab: TabDefinition = {
  id: 'fleet',
  title: 'Fleet',
  usesPeriod: false,
  hasCursor: false,
  hasSelection: false,
  enabled: (c) => c.fleet.enabled,
  keys: [],
  Component: FleetTabView,
};
