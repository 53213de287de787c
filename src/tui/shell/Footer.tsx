// Bottom line: key hints for the current tab, last refresh time, warnings count. Hints that
// do not fit are dropped whole by priority (help and quit always stay), never cut mid-word.
import {Box, Text} from 'ink';
import stringWidth from 'string-width';
import {fitHints, type FooterHint} from '../keymap.js';
import {useTheme} from '../theme.js';

export interface FooterProps {
  width: number;
  hints: FooterHint[];
  refreshedAt: string | null;
  warnings: number;
}

export function Footer({width, hints, refreshedAt, warnings}: FooterProps) {
  const theme = useTheme();
  const alert = warnings > 0 ? `⚠ ${warnings} (w)  ` : '';
  const status = refreshedAt ? `updated ${refreshedAt}` : 'reading…';
  // The status box has a one-cell left margin.
  const shown = fitHints(hints, width - stringWidth(alert + status) - 1);
  return (
    <Box width={width}>
      <Box flexGrow={1} flexShrink={1}>
        <Text wrap="truncate-end">
          {shown.map((h, i) => (
            <Text key={h.keys}>
              {i > 0 ? '  ' : ''}
              <Text bold>{h.keys}</Text>
              <Text color={theme.muted}> {h.action}</Text>
            </Text>
          ))}
        </Text>
      </Box>
      <Box flexShrink={0} marginLeft={1}>
        {alert ? (
          <Text color={theme.warn} bold>
            {alert}
          </Text>
        ) : null}
        <Text color={theme.muted}>{status}</Text>
      </Box>
    </Box>
  );
}
