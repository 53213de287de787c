import {describe, expect, it} from 'vitest';
import {makeTheme} from './theme.js';

describe('makeTheme', () => {
  it('uses the palette by default', () => {
    const t = makeTheme('default', {});
    expect(t.mono).toBe(false);
    expect(t.accent).toBe('#8b5cf6');
    expect(t.bad).toBe('#ff6b6b');
  });
  it('drops every colour under NO_COLOR or the mono theme', () => {
    for (const t of [makeTheme('default', {NO_COLOR: '1'}), makeTheme('mono', {})]) {
      expect(t.mono).toBe(true);
      expect(Object.entries(t).filter(([k, v]) => k !== 'mono' && v !== undefined)).toEqual([]);
    }
  });
  it('ignores an empty NO_COLOR, as the convention says', () => {
    expect(makeTheme('default', {NO_COLOR: ''}).mono).toBe(false);
  });
});
