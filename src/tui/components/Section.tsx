// A section heading: "── Title ─────" across the given width, with optional right-hand text
// (both cleaned of control and bidi characters).
import {Box, Text} from 'ink';
import {cleanText} from '../../core/text.js';
import {useTheme} from '../theme.js';

export interface SectionProps {
  title: string;
  width: number;
  /** Dim text at the end of the rule (e.g. "estimated"). */
  note?: string;
}

export function Section({title, width, note}: SectionProps) {
  const theme = useTheme();
  const head = `── ${cleanText(title)} `;
  const tail = note ? ` ${cleanText(note)} ──` : '';
  const fill = Math.max(0, width - head.length - tail.length);
  return (
    <Box>
      <Text color={theme.accent} bold>{head}</Text>
      <Text color={theme.border}>{'─'.repeat(fill)}</Text>
      {tail ? <Text color={theme.muted}>{tail}</Text> : null}
    </Box>
  );
}
