// A fixed-height viewport over taller content: the shell's scroll offset (j/k/PgUp/PgDn/g/G)
// shifts the content up; whatever falls outside is clipped. The viewport reports how far its
// content can scroll, so the shell stops at the bottom and G knows where the bottom is.
import {createContext, useContext, useEffect, useRef, type ReactNode} from 'react';
import {Box, measureElement, type DOMElement} from 'ink';

/** Receives the largest useful offset (content height − viewport height). */
export const ScrollLimitContext = createContext<(max: number) => void>(() => {});

export interface ScrollProps {
  height: number;
  width: number;
  offset: number;
  children: ReactNode;
}

export function Scroll({height, width, offset, children}: ScrollProps) {
  const content = useRef<DOMElement>(null);
  const report = useContext(ScrollLimitContext);
  useEffect(() => {
    if (content.current) report(Math.max(0, measureElement(content.current).height - height));
  });
  return (
    <Box height={height} width={width} overflow="hidden" flexDirection="column">
      <Box ref={content} flexDirection="column" flexShrink={0} marginTop={-Math.max(0, offset)}>
        {children}
      </Box>
    </Box>
  );
}
