// A short status label (badge) or a selectable pill. Active pills are inverse, so they read
// without colour too. Labels are cleaned of control and bidi characters.
import {Text} from 'ink';
import {cleanText} from '../../core/text.js';
import {useTheme, type Theme} from '../theme.js';

export type Tone = 'accent' | 'good' | 'warn' | 'bad' | 'muted';

export interface ChipProps {
  label: string;
  tone?: Tone;
  /** Filled (inverse): the selected pill. */
  active?: boolean;
}

export const toneColor = (theme: Theme, tone: Tone): string | undefined => theme[tone];

export function Chip({label, tone = 'muted', active = false}: ChipProps) {
  const theme = useTheme();
  const color = toneColor(theme, active ? 'accent' : tone);
  return (
    <Text color={color} inverse={active} bold={active}>
      {active ? ` ${cleanText(label)} ` : `[${cleanText(label)}]`}
    </Text>
  );
}
