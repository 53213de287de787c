import {describe, expect, it} from 'vitest';
import {FALLBACK_LINE, localIsoDay, parseStatuslineInput, parseTodayTotals, statuslineText} from './statusline.js';

const NOW = Date.UTC(2026, 3, 2, 12, 0, 0);

describe('statusline line', () => {
  it('model, 5h % with time to reset, weekly %, today', () => {
    const input = parseStatuslineInput(
      JSON.stringify({
        model: {id: 'claude-opus-4-6', display_name: 'Opus 4.6'},
        rate_limits: {five_hour: {used_percentage: 37.4, resets_at: (NOW + 2 * 3_600_000 + 10 * 60_000) / 1000}, seven_day: {used_percentage: 22.5, resets_at: (NOW + 3 * 86_400_000) / 1000}},
      }),
    );
    expect(input?.rateLimits).toBeTruthy();
    expect(statuslineText(input, {date: '2026-04-02', tokens: 1_234_567, costUSD: 3.4}, NOW)).toBe('Opus 4.6 · 5h 37% ↻ 2h 10m · week 23% · today 1.2M tok $3.40');
    expect(statuslineText(input, {date: '2026-04-02', tokens: 950, costUSD: null}, NOW)).toBe('Opus 4.6 · 5h 37% ↻ 2h 10m · week 23% · today 950 tok');
  });
  it('without rate_limits: the model only, and nothing to record', () => {
    const input = parseStatuslineInput(JSON.stringify({model: {id: 'claude-sonnet-4-5'}, rate_limits: {five_hour: null}}));
    expect(input).toEqual({model: 'claude-sonnet-4-5', rateLimits: null, windows: []});
    expect(statuslineText(input, null, NOW)).toBe('claude-sonnet-4-5');
  });
  it('garbage gives the plain fallback', () => {
    for (const text of ['', 'not json', '[1,2]', 'null', '{"model": 5}']) {
      expect(statuslineText(parseStatuslineInput(text), null, NOW)).toBe(FALLBACK_LINE);
    }
  });
  it('bad input: "aura", then today\'s usage when some is counted; never "0 tok $0.00"', () => {
    const today = {date: '2026-04-02', tokens: 1_234_567, costUSD: 3.4};
    for (const text of ['', 'not json', '{}']) {
      expect(statuslineText(parseStatuslineInput(text), today, NOW)).toBe('aura · today 1.2M tok $3.40');
      expect(statuslineText(parseStatuslineInput(text), {...today, tokens: 0, costUSD: 0}, NOW)).toBe('aura');
    }
    const model = parseStatuslineInput(JSON.stringify({model: {display_name: 'Opus 4.6'}}));
    expect(statuslineText(model, {...today, tokens: 0, costUSD: 0}, NOW)).toBe('Opus 4.6');
  });
  it('today.json only when well formed and about today', () => {
    const today = localIsoDay(NOW);
    expect(parseTodayTotals(JSON.stringify({date: today, tokens: 10, costUSD: 1, updatedAt: NOW}), today)).toEqual({date: today, tokens: 10, costUSD: 1});
    expect(parseTodayTotals(JSON.stringify({date: '2026-04-01', tokens: 10, costUSD: 1}), today)).toBeNull();
    expect(parseTodayTotals('{', today)).toBeNull();
    expect(parseTodayTotals(JSON.stringify({date: today, tokens: 'x'}), today)).toBeNull();
  });
});
