// A horizontal bar (eighth-cell resolution) with its empty track, e.g. a model's share.
import {Text} from 'ink';
import {hbar} from '../../core/chart.js';
import {useTheme} from '../theme.js';

export interface BarProps {
  /** 0..1 (clamped). */
  fraction: number;
  width: number;
  color?: string;
  /** Draw the unfilled part as a faint track. */
  track?: boolean;
}

export function Bar({fraction, width, color, track = true}: BarProps) {
  const theme = useTheme();
  const bar = hbar(fraction, width);
  const rest = Math.max(0, width - bar.length);
  return (
    <Text>
      <Text color={color ?? theme.accent}>{bar}</Text>
      {track && rest > 0 ? <Text color={theme.border} dimColor={theme.mono}>{theme.mono ? ' '.repeat(rest) : '░'.repeat(rest)}</Text> : null}
    </Text>
  );
}
