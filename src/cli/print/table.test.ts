import {describe, expect, it} from 'vitest';
import {formatTable, type TextColumn} from './table.js';

interface Row {
  name: string;
  tokens: number;
  cost: string;
}

const columns: TextColumn<Row>[] = [
  {header: 'PROJECT', value: (r) => r.name},
  {header: 'TOKENS', value: (r) => r.tokens},
  {header: 'COST', value: (r) => r.cost, align: 'right'},
];

describe('formatTable', () => {
  it('aligns text left, numbers right with thousands separators, footer under a rule', () => {
    const out = formatTable(
      [
        {name: 'app', tokens: 1234567, cost: '$1.00'},
        {name: 'website', tokens: 12, cost: '$12.50'},
      ],
      columns,
      {footer: [{name: 'TOTAL', tokens: 1234579, cost: '$13.50'}]},
    );
    expect(out).toBe(
      [
        'PROJECT     TOKENS    COST',
        'app      1,234,567   $1.00',
        'website         12  $12.50',
        '──────────────────────────',
        'TOTAL    1,234,579  $13.50',
        '',
      ].join('\n'),
    );
  });

  it('measures wide characters in terminal cells and leaves no trailing blanks', () => {
    const out = formatTable([{name: '大明科技', tokens: 1, cost: ''}, {name: 'ab', tokens: 22, cost: ''}], columns);
    const lines = out.trimEnd().split('\n');
    expect(lines[1]).toBe('大明科技       1');
    expect(lines[2]).toBe('ab            22');
    for (const l of lines) expect(l).toBe(l.trimEnd());
  });

  it('prints just the header for no rows', () => {
    expect(formatTable([], columns)).toBe('PROJECT  TOKENS  COST\n');
  });

  it('neutralises control and bidi characters in cells and headers, keeping the alignment', () => {
    const evil = '\u001b]0;PWNED\u0007\u001b[2J\n\u202e';
    const out = formatTable([{name: evil, tokens: 1, cost: 'a\tb'}], [{header: `P${evil}`, value: (r: Row) => r.name}, ...columns.slice(1)]);
    expect(out).toBe(['P\ufffd]0;PWNED\ufffd\ufffd[2J\ufffd\ufffd  TOKENS  COST', '\ufffd]0;PWNED\ufffd\ufffd[2J\ufffd\ufffd        1   a\ufffdb', ''].join('\n'));
  });
});
