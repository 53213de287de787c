// A labelled value in a rounded box: the building block of the Summary grid.
import {Box, Text} from 'ink';
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
      <Text color={theme.muted} wrap="truncate-end">{label}</Text>
      <Text bold color={color} wrap="truncate-end">{value}</Text>
      {detail !== undefined ? <Text color={theme.muted} wrap="truncate-end">{detail}</Text> : null}
    </Box>
  );
}
