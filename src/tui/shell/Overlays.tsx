// Overlays drawn in place of the tab body (Ink has no z-order): help from the keymap table,
// and the warnings list.
import {Box, Text} from 'ink';
import {KEYMAP} from '../keymap.js';
import type {KeyHint} from '../tabs/types.js';
import {Section} from '../components/Section.js';
import {useTheme} from '../theme.js';

export function HelpOverlay({width, tabTitle, tabKeys}: {width: number; tabTitle: string; tabKeys: KeyHint[]}) {
  const theme = useTheme();
  const groups = ['Tabs', 'View', 'App'] as const;
  const row = (keys: string, label: string) => (
    <Box key={`${keys}-${label}`}>
      <Box width={14}>
        <Text bold>{keys}</Text>
      </Box>
      <Text>{label}</Text>
    </Box>
  );
  return (
    <Box flexDirection="column" width={width}>
      <Section title="Keys" width={width} />
      <Box flexDirection={width >= 100 ? 'row' : 'column'}>
        {groups.map((g) => (
          <Box key={g} flexDirection="column" marginRight={4} marginBottom={1}>
            <Text color={theme.accent} bold>{g}</Text>
            {KEYMAP.filter((b) => b.group === g).map((b) => row(b.keys, b.label))}
          </Box>
        ))}
        {tabKeys.length > 0 ? (
          <Box flexDirection="column">
            <Text color={theme.accent} bold>{tabTitle}</Text>
            {tabKeys.map((k) => row(k.keys, k.action))}
          </Box>
        ) : null}
      </Box>
      <Text color={theme.muted}>Esc, ? or q closes this help.</Text>
    </Box>
  );
}

export function WarningsOverlay({width, items}: {width: number; items: string[]}) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" width={width}>
      <Section title="Warnings" width={width} />
      {items.length === 0 ? <Text color={theme.muted}>Nothing to report.</Text> : null}
      {items.map((w, i) => (
        <Text key={i} wrap="wrap">
          <Text color={theme.warn}>• </Text>
          {w}
        </Text>
      ))}
      <Text color={theme.muted}>Esc or q closes this list.</Text>
    </Box>
  );
}
