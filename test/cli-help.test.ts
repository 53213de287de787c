// `aura --help` lists every command and option the README documents: each `aura …` row of the
// README's command tables must find its words and options in the usage lines of that command.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {USAGE} from '../src/cli/main.js';

const README = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');

/** The first cell of every table row that documents an `aura` command. */
const documented = [...README.matchAll(/^\| `(aura[^`]*)`/gm)].map((m) => m[1]!.replace(/\\\|/g, '|'));

/** Usage lines of one command (`aura pair …`), continuation lines included. */
function usageOf(command: string): string {
  const lines = USAGE.split('\n');
  const out: string[] = [];
  let inside = false;
  for (const line of lines) {
    const t = line.trim();
    if (t.startsWith('aura ')) inside = t.split(/\s+/)[1] === command;
    if (inside) out.push(t);
  }
  return out.join('\n');
}

describe('aura --help', () => {
  it('finds the README command rows to check', () => {
    expect(documented.some((row) => row.startsWith('aura pair token'))).toBe(true);
    expect(documented.length).toBeGreaterThan(15);
  });

  it.each(documented)('lists `%s`', (row) => {
    const [, command, ...rest] = row.split(/[\s[\]|]+/).filter(Boolean);
    const usage = usageOf(command!);
    expect(usage, `no usage line for aura ${command}`).not.toBe('');
    for (const word of rest) expect(usage, `aura ${command}: "${word}" missing`).toMatch(new RegExp(`(^|[\\s[|])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=$|[\\s\\]|])`, 'm'));
  });

  it('names the pairing commands the README documents', () => {
    expect(USAGE).toContain('aura pair token');
    expect(USAGE).toContain('aura pair new [--rotate]');
  });
});
