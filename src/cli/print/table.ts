// Aligned plain-text tables for headless output (`aura report`, and any command printing rows).
// Widths are terminal cells (string-width), so CJK project names and emoji line up.
import stringWidth from 'string-width';
import {thousands} from '../../core/format.js';
import {cleanText} from '../../core/text.js';

export interface TextColumn<R> {
  header: string;
  /** Cell content. Numbers print with thousands separators and align right. */
  value: (row: R) => string | number;
  /** Default: right when the column holds numbers, else left. */
  align?: 'left' | 'right';
}

export interface TableOptions<R> {
  /** Rows printed below a rule, e.g. a totals row. */
  footer?: readonly R[];
}

const GAP = '  ';

const pad = (text: string, width: number, align: 'left' | 'right'): string => {
  const fill = ' '.repeat(Math.max(0, width - stringWidth(text)));
  return align === 'right' ? fill + text : text + fill;
};

/**
 * Rows as an aligned table: a header line, the rows, and (when given) a rule and footer rows.
 * Columns are separated by two spaces; lines carry no trailing blanks; the result ends in "\n".
 */
export function formatTable<R>(rows: readonly R[], columns: readonly TextColumn<R>[], opts: TableOptions<R> = {}): string {
  const footer = opts.footer ?? [];
  const all = [...rows, ...footer];
  const raw = all.map((r) => columns.map((c) => c.value(r)));
  const aligns = columns.map((c, i) => c.align ?? (raw.some((cells) => typeof cells[i] === 'number') ? 'right' : 'left'));
  // Cells carry model ids, paths and session names from transcripts: no escapes or newlines reach the terminal.
  const text = raw.map((cells) => cells.map((v) => (typeof v === 'number' ? thousands(v) : cleanText(v))));
  const headers = columns.map((c) => cleanText(c.header));
  const widths = columns.map((_, i) => Math.max(stringWidth(headers[i]!), ...text.map((cells) => stringWidth(cells[i]!))));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => pad(cell, widths[i]!, aligns[i]!))
      .join(GAP)
      .trimEnd();
  const out = [line(headers), ...text.slice(0, rows.length).map(line)];
  if (footer.length) {
    out.push('─'.repeat(widths.reduce((a, w) => a + w, 0) + GAP.length * (columns.length - 1)));
    out.push(...text.slice(rows.length).map(line));
  }
  return `${out.join('\n')}\n`;
}
