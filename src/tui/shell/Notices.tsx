// Full-body notices: no data found, terminal too small, and the first-build progress line.
import {Box, Text} from 'ink';
import type {LoadProgress} from '../../core/usage.js';
import {memory} from '../../core/format.js';
import {Bar} from '../components/Bar.js';
import {useTheme} from '../theme.js';

export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;

export function TooSmall({columns, rows}: {columns: number; rows: number}) {
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text bold>Terminal too small</Text>
      <Text>
        aura needs {MIN_COLUMNS}×{MIN_ROWS}; this one is {columns}×{rows}.
      </Text>
      <Text>Enlarge the window, or press q to quit.</Text>
    </Box>
  );
}

export function NoData({roots, reason}: {roots: string[]; reason?: string}) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text bold>No Claude Code usage found.</Text>
      {reason ? <Text color={theme.warn}>{reason}</Text> : null}
      <Text> </Text>
      {roots.length > 0 ? <Text>Searched:</Text> : null}
      {roots.map((r) => (
        <Text key={r} color={theme.muted}>
          {'  '}
          {r}
        </Text>
      ))}
      <Text> </Text>
      <Text>Point aura at your transcripts with --claude-dir DIR, CLAUDE_CONFIG_DIR or [data] claude_dirs,</Text>
      <Text>
        or run <Text bold color={theme.accent}>aura --demo</Text> to explore every tab on generated data.
      </Text>
    </Box>
  );
}

export function ProgressLine({progress, width}: {progress: LoadProgress; width: number}) {
  const theme = useTheme();
  const fraction = progress.bytesTotal > 0 ? progress.bytesDone / progress.bytesTotal : progress.filesTotal > 0 ? progress.filesDone / progress.filesTotal : 0;
  const label = ` ${progress.filesDone}/${progress.filesTotal} files · ${memory(progress.bytesDone)} / ${memory(progress.bytesTotal)}`;
  const barWidth = Math.max(10, Math.min(40, width - label.length - 24));
  return (
    <Box width={width}>
      <Text color={theme.muted}>Reading transcripts </Text>
      <Bar fraction={fraction} width={barWidth} />
      <Text color={theme.muted}>{label}</Text>
    </Box>
  );
}
