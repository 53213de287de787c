// A small table from Box widths (ink-table cannot load under Ink 6). Cells truncate instead
// of wrapping, so a long model name never re-flows the layout. Text cells are cleaned of control
// and bidi characters: they hold model ids, paths and labels read from files and other processes.
import {Fragment, type ReactNode} from 'react';
import {Box, Text} from 'ink';
import {cleanText} from '../../core/text.js';
import {useTheme} from '../theme.js';

export interface Column<T> {
  key: string;
  title: string;
  /** Cells; omit on one column to let it take the remaining width. */
  width?: number;
  align?: 'left' | 'right';
  /** Text of the cell, or a node (e.g. a Bar) for richer cells. */
  cell: (row: T, index: number) => string | ReactNode;
  /** Colour of a text cell. */
  color?: (row: T) => string | undefined;
}

export interface TableProps<T> {
  columns: Column<T>[];
  rows: readonly T[];
  /** Index of the highlighted row (inverse), if any. */
  selected?: number;
  /** Shown in place of the rows when there are none. */
  empty?: string;
}

export function Table<T>({columns, rows, selected, empty}: TableProps<T>) {
  const theme = useTheme();
  const cellBox = (c: Column<T>, content: ReactNode, key: string) => (
    <Box key={key} width={c.width} flexGrow={c.width === undefined ? 1 : 0} flexShrink={c.width === undefined ? 1 : 0} justifyContent={c.align === 'right' ? 'flex-end' : 'flex-start'} paddingRight={1}>
      {content}
    </Box>
  );
  return (
    <Box flexDirection="column">
      <Box>{columns.map((c) => cellBox(c, <Text bold color={theme.muted} wrap="truncate-end">{cleanText(c.title)}</Text>, c.key))}</Box>
      {rows.length === 0 && empty ? <Text color={theme.muted}>{cleanText(empty)}</Text> : null}
      {rows.map((r, i) => (
        <Fragment key={i}>
          <Box>
            {columns.map((c) => {
              const v = c.cell(r, i);
              const content = typeof v === 'string' ? <Text wrap="truncate-end" inverse={i === selected} color={c.color?.(r)}>{cleanText(v)}</Text> : v;
              return cellBox(c, content, c.key);
            })}
          </Box>
        </Fragment>
      ))}
    </Box>
  );
}
