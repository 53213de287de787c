// Overlays drawn in place of the tab body (Ink has no z-order): help from the keymap table
// (the bindings that apply on the current tab, plus its own keys), and the warnings list.
import {Box, Text} from 'ink';
import {helpBindings, type KeyContext} from '../keymap.js';
import type {KeyHint} from '../tabs/types.js';
import {Section} from '../components/Section.js';
import {useTheme} from '../theme.js';

export function HelpOverlay({width, tabTitle, tabKeys, context}: {width: number; tabTitle: string; tabKeys: KeyHint[]; context: KeyContext}) {
  const theme = useTheme();
  const colWidth = Math.floor(width / 2);
  const group = (title: string, rows: {keys: string; label: string}[]) => (
    <Box key={title} flexDirection="column" marginBottom={1} width={colWidth}>
      <Text color={theme.accent} bold>{title}</Text>
      {rows.map((r) => (
        <Box key={`${r.keys}-${r.label}`}>
          <Box width={14} flexShrink={0}>
            <Text bold>{r.keys}</Text>
          </Box>
          <Text wrap="truncate-end">{r.label}</Text>
        </Box>
      ))}
    </Box>
  );
  const bindings = helpBindings(context);
  const of = (g: 'Tabs' | 'View' | 'App') => bindings.filter((b) => b.group === g);
  return (
    <Box flexDirection="column" width={width}>
      <Section title="Keys" width={width} />
      <Box>
        <Box flexDirection="column">
          {group('Tabs', of('Tabs'))}
          {group('View', of('View'))}
        </Box>
        <Box flexDirection="column">
          {group('App', of('App'))}
          {tabKeys.length > 0 ? group(tabTitle, tabKeys.map((k) => ({keys: k.keys, label: k.action}))) : null}
        </Box>
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
