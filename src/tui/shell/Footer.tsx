// Bottom line: key hints for the current tab, last refresh time, warnings count.
import {Box, Text} from 'ink';
import {useTheme} from '../theme.js';

export interface FooterProps {
  width: number;
  hints: {keys: string; action: string}[];
  refreshedAt: string | null;
  warnings: number;
}

export function Footer({width, hints, refreshedAt, warnings}: FooterProps) {
  const theme = useTheme();
  return (
    <Box width={width}>
      <Box flexGrow={1} flexShrink={1}>
        <Text wrap="truncate-end">
          {hints.map((h, i) => (
            <Text key={h.keys}>
              {i > 0 ? '  ' : ''}
              <Text bold>{h.keys}</Text>
              <Text color={theme.muted}> {h.action}</Text>
            </Text>
          ))}
        </Text>
      </Box>
      <Box flexShrink={0} marginLeft={1}>
        {warnings > 0 ? (
          <Text color={theme.warn} bold>
            ⚠ {warnings} (w){'  '}
          </Text>
        ) : null}
        <Text color={theme.muted}>{refreshedAt ? `updated ${refreshedAt}` : 'reading…'}</Text>
      </Box>
    </Box>
  );
}
