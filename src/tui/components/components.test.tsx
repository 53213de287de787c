import {stripVTControlCharacters} from 'node:util';
import type {ReactElement} from 'react';
import {describe, expect, it} from 'vitest';
import {renderToString, Text} from 'ink';
import {Bar} from './Bar.js';
import {Card} from './Card.js';
import {Chip} from './Chip.js';
import {Scroll} from './Scroll.js';
import {Section} from './Section.js';
import {Table, type Column} from './Table.js';

const draw = (node: ReactElement, columns = 60) => stripVTControlCharacters(renderToString(node, {columns}));

describe('Table', () => {
  const cols: Column<{name: string; n: number}>[] = [
    {key: 'name', title: 'NAME', width: 10, cell: (r) => r.name},
    {key: 'n', title: 'N', width: 8, align: 'right', cell: (r) => String(r.n)},
    {key: 'rest', title: 'REST', cell: () => 'x'},
  ];
  it('aligns columns, right-aligns numbers and truncates long cells', () => {
    const out = draw(<Table columns={cols} rows={[{name: 'short', n: 7}, {name: 'a-very-long-name', n: 1234}]} />, 40).split('\n');
    expect(out[0]).toMatch(/^NAME\s+N REST/);
    expect(out[1]).toBe('short           7 x'); // 10 + 8 (one of them padding) cells
    expect(out[2]).toMatch(/^a-very-l… +1234 x$/); // 9 cells of text + 1 of padding
  });
  it('says so when there are no rows', () => {
    expect(draw(<Table columns={cols} rows={[]} empty="Nothing here." />)).toContain('Nothing here.');
  });
});

describe('Bar, Chip, Card, Section', () => {
  it('draws a bar with its track to the full width', () => {
    expect(draw(<Bar fraction={0.5} width={8} />)).toBe('████░░░░');
    expect(draw(<Bar fraction={0.5} width={8} track={false} />)).toBe('████');
  });
  it('shows an active pill filled and an inactive one in brackets', () => {
    expect(draw(<Chip label="All time" active />)).toBe(' All time'); // the trailing pad is trimmed by renderToString
    expect(draw(<Chip label="Last 7 days" />)).toBe('[Last 7 days]');
  });
  it('frames a card with its label, value and detail', () => {
    const out = draw(<Card label="Sessions" value="42" detail="in 3 projects" width={20} />).split('\n');
    expect(out).toHaveLength(5);
    expect(out[1]).toContain('Sessions');
    expect(out[2]).toContain('42');
    expect(out[3]).toContain('in 3 projects');
  });
  it('rules a section heading across the width', () => {
    const out = draw(<Section title="Models" width={30} note="est." />);
    expect(out).toBe('── Models ──────────── est. ──');
    expect(out).toHaveLength(30);
  });
});

describe('Scroll', () => {
  it('shows the window of its content at the offset', () => {
    const lines = Array.from({length: 10}, (_, i) => <Text key={i}>line {i}</Text>);
    expect(draw(<Scroll height={3} width={20} offset={4}>{lines}</Scroll>).split('\n')).toEqual(['line 4', 'line 5', 'line 6']);
  });
});

describe('hostile text in widgets', () => {
  // A window-title OSC, a screen clear, a line break and a right-to-left override.
  const evil = '\u001b]0;PWNED\u0007\u001b[2J\n\u202e';
  const raw = (node: ReactElement) => renderToString(node, {columns: 80});
  const injected = (out: string) => ['\u001b]0;', '\u0007', '\u001b[2J', '\u202e', 'PWNED\n'].filter((s) => out.includes(s));

  it.each([
    ['Table cell and title', <Table columns={[{key: 'a', title: `T${evil}`, width: 30, cell: (r: string) => r}]} rows={[`m${evil}`]} />],
    ['Table empty text', <Table columns={[{key: 'a', title: 'A', cell: (r: string) => r}]} rows={[]} empty={`none${evil}`} />],
    ['Card label, value and detail', <Card label={`l${evil}`} value={`v${evil}`} detail={`d${evil}`} width={40} />],
    ['Chip label (inactive and active)', <>{[<Chip key="a" label={`c${evil}`} />, <Chip key="b" label={`c${evil}`} active />]}</>],
    ['Section title and note', <Section title={`s${evil}`} note={`n${evil}`} width={60} />],
  ])('%s: drawn with U+FFFD, no sequence reaches the terminal', (_, node) => {
    const out = raw(node);
    expect(injected(out)).toEqual([]);
    expect(stripVTControlCharacters(out)).toContain('\ufffd]0;PWNED\ufffd\ufffd[2J\ufffd\ufffd');
  });
});
