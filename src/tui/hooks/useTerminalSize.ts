// Terminal size as React state: re-renders on resize. Reads Ink's stdout so tests can drive it.
import {useEffect, useState} from 'react';
import {useStdout} from 'ink';

export interface TerminalSize {
  columns: number;
  rows: number;
}

// rows is undefined when stdout is not a terminal (and under ink-testing-library).
const read = (out: NodeJS.WriteStream): TerminalSize => ({columns: out.columns || 80, rows: out.rows || 24});

export function useTerminalSize(): TerminalSize {
  const {stdout} = useStdout();
  const [size, setSize] = useState(() => read(stdout));
  useEffect(() => {
    const onResize = () => setSize(read(stdout));
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
