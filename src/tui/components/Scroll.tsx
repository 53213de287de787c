// A fixed-height viewport over taller content: the shell's scroll offset (j/k/PgUp/PgDn/g/G)
// shifts the content up; whatever falls outside is clipped.
import type {ReactNode} from 'react';
import {Box} from 'ink';

export interface ScrollProps {
  height: number;
  width: number;
  offset: number;
  children: ReactNode;
}

export function Scroll({height, width, offset, children}: ScrollProps) {
  return (
    <Box height={height} width={width} overflow="hidden" flexDirection="column">
      <Box flexDirection="column" flexShrink={0} marginTop={-Math.max(0, offset)}>
        {children}
      </Box>
    </Box>
  );
}
