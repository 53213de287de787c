import {describe, expect, it} from 'vitest';
import {cleanText, hasUnsafeText} from './text.js';

describe('cleanText', () => {
  it('replaces escape sequences, newlines and bidi overrides', () => {
    expect(cleanText('opus\u001b]0;PWNED\u0007')).toBe('opus\ufffd]0;PWNED\ufffd');
    expect(cleanText('a\nb\r\tc')).toBe('a\ufffdb\ufffd\ufffdc');
    expect(cleanText('x\u202ey\u0085z')).toBe('x\ufffdy\ufffdz');
  });
  it('keeps ordinary text, CJK and emoji untouched, call after call', () => {
    for (let i = 0; i < 3; i++) {
      expect(cleanText('Мой Проект 大明科技 🚀 claude-opus-4-6')).toBe('Мой Проект 大明科技 🚀 claude-opus-4-6');
      expect(hasUnsafeText('plain')).toBe(false);
      expect(hasUnsafeText('bad\u001b[2J')).toBe(true);
    }
  });
});
