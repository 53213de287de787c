// A labelled value in a rounded box: the building block of the Summary grid. Texts are cleaned
// of control and bidi characters (values may quote transcript or peer data).
import {Box, Text} from 'ink';
import {cleanText} from '../../core/text.js';
import {useTheme} from '../theme.js';

export interface CardProps {
  label: string;
  value: string;
  /** A smaller line under the value. */
  detail?: string;
  width?: number;
  color?: string;
}

export function Card({label, value, detail, width, color}: CardProps) {
  const theme = useTheme();
  return (
    <Box borderStyle="round" borderColor={theme.border} flexDirection="column" paddingX={1} width={width} flexGrow={width === undefined ? 1 : 0}>
      <Text color={theme.muted} wrap="truncate-end">{cleanText(label)}</Text>
      <Text bold color={color} wrap="truncate-end">{cleanText(value)}</Text>
      {detail !== undefined ? <Text color={theme.muted} wrap="truncate-end">{cleanText(detail)}</Text> : null}
    </Box>
  );
}
