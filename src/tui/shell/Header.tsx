// Top of the screen: name, roots read, the demo label, period pills (tabs that use a period),
// then the numbered tab bar.
import {Box, Text} from 'ink';
import {PERIODS, PERIOD_LABELS, type Period} from '../../core/types.js';
import {Chip} from '../components/Chip.js';
import {useTheme} from '../theme.js';

export interface HeaderProps {
  width: number;
  roots: string[];
  demo: boolean;
  period: Period | null;
  tabs: {title: string}[];
  active: number;
  home?: string;
}

const tilde = (p: string, home: string | undefined) => (home && p.startsWith(`${home}/`) ? `~${p.slice(home.length)}` : p);

export function Header({width, roots, demo, period, tabs, active, home}: HeaderProps) {
  const theme = useTheme();
  const rootText = roots.length === 0 ? 'no Claude roots' : roots.map((r) => tilde(r, home)).join(', ');
  return (
    <Box flexDirection="column" width={width}>
      <Box width={width}>
        <Box flexGrow={1} flexShrink={1}>
          <Text wrap="truncate-end">
            <Text bold color={theme.accent}>aura</Text>
            {demo ? <Text color={theme.warn} bold> demo data</Text> : null}
            <Text color={theme.muted}> · {demo ? 'generated corpus' : rootText}</Text>
          </Text>
        </Box>
        {period ? (
          <Box flexShrink={0} marginLeft={1}>
            {PERIODS.map((p) => (
              <Box key={p} marginLeft={1}>
                <Chip label={PERIOD_LABELS[p]} active={p === period} />
              </Box>
            ))}
          </Box>
        ) : null}
      </Box>
      <Box width={width}>
        {tabs.map((t, i) => (
          <Box key={t.title} marginRight={1}>
            <Text inverse={i === active} bold={i === active} color={i === active ? theme.accent : undefined}>
              {` ${i + 1} ${t.title} `}
            </Text>
          </Box>
        ))}
      </Box>
    </Box>
  );
}
