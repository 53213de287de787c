import {describe, expect, it} from 'vitest';
import {MalformedUsageError, parseResetTime, parseUsageBody} from './windows.js';

describe('parseResetTime', () => {
  it('reads RFC 3339 with microseconds and an offset', () => {
    expect(parseResetTime('2026-04-02T14:00:00.412381+00:00')).toBe(Date.UTC(2026, 3, 2, 14, 0, 0, 412));
    expect(parseResetTime('2026-04-02T11:00:00-03:00')).toBe(Date.UTC(2026, 3, 2, 14, 0, 0));
  });
  it('reads epoch seconds (number or digits) and epoch ms', () => {
    expect(parseResetTime(1775138400)).toBe(1775138400_000);
    expect(parseResetTime('1775138400')).toBe(1775138400_000);
    expect(parseResetTime(1775138400_000)).toBe(1775138400_000);
  });
  it('gives null for nonsense', () => {
    for (const v of [null, undefined, '', 'soon', -5, Number.NaN, {}]) expect(parseResetTime(v)).toBeNull();
  });
});

describe('parseUsageBody', () => {
  it('maps the root shape in order, skipping null windows, and marks the highest % binding', () => {
    const ws = parseUsageBody({
      seven_day_sonnet: {utilization: 9.0, resets_at: '2026-04-06T03:00:00.412419+00:00'},
      five_hour: {utilization: 37.0, resets_at: '2026-04-02T14:00:00.412381+00:00'},
      seven_day: {utilization: 22.0, resets_at: '2026-04-06T03:00:00.412402+00:00'},
      seven_day_opus: null,
      seven_day_oauth_apps: null,
      extra_usage: {is_enabled: false, utilization: 0},
    });
    expect(ws.map((w) => [w.id, w.label, w.usedPercent, w.lengthMinutes, w.binding])).toEqual([
      ['five_hour', 'Current session', 37, 300, true],
      ['seven_day', 'Current week (all models)', 22, 10080, false],
      ['seven_day_sonnet', 'Current week (Sonnet only)', 9, 10080, false],
    ]);
    expect(ws[0]!.resetsAt).toBe(Date.UTC(2026, 3, 2, 14, 0, 0, 412));
  });

  it('reads windows nested under rate_limits with used_percentage and epoch seconds (float noise rounded)', () => {
    const ws = parseUsageBody({rate_limits: {five_hour: {used_percentage: 28.000000000000004, resets_at: 1775138400}, seven_day: {used_percentage: 22.5, resets_at: 1775444400}}});
    expect(ws.map((w) => [w.id, w.usedPercent, w.resetsAt])).toEqual([
      ['five_hour', 28, 1775138400_000],
      ['seven_day', 22.5, 1775444400_000],
    ]);
  });

  it('takes limits[] when the legacy keys are null: unknown kinds ignored, scoped caps labelled, is_active binds', () => {
    const ws = parseUsageBody({
      five_hour: null,
      seven_day: null,
      limits: [
        {kind: 'session', group: 'session', percent: 64, resets_at: '2026-04-02T13:30:00.000412+00:00', is_active: false},
        {kind: 'weekly_all', group: 'weekly', percent: 31, resets_at: '2026-04-06T12:00:00+00:00', is_active: false},
        {kind: 'weekly_scoped', percent: 80, resets_at: '2026-04-06T12:00:00+00:00', scope: {model: {id: 'claude-fable-1', display_name: 'Fable'}}, is_active: true},
        {kind: 'monthly_mystery', percent: 99, resets_at: null, is_active: false},
      ],
    });
    expect(ws.map((w) => [w.id, w.label, w.usedPercent, w.lengthMinutes, w.binding])).toEqual([
      ['five_hour', 'Current session', 64, 300, false],
      ['seven_day', 'Current week (all models)', 31, 10080, false],
      ['limit:weekly_scoped:claude-fable-1', 'Current week (Fable only)', 80, 10080, true],
    ]);
  });

  it('does not duplicate a window the legacy keys already give; the legacy value wins, is_active still binds', () => {
    const ws = parseUsageBody({
      five_hour: {utilization: 50, resets_at: '2026-04-02T14:00:00Z'},
      seven_day: {utilization: 70, resets_at: '2026-04-06T12:00:00Z'},
      seven_day_opus: {utilization: 10, resets_at: '2026-04-06T12:00:00Z'},
      limits: [
        {kind: 'session', percent: 49, resets_at: '2026-04-02T14:00:00Z', is_active: true},
        {kind: 'weekly_all', percent: 69, resets_at: '2026-04-06T12:00:00Z', is_active: false},
        {kind: 'weekly_scoped', percent: 11, scope: {model: {id: 'claude-opus-4-6', display_name: 'Opus'}}, is_active: false},
      ],
    });
    expect(ws.map((w) => [w.id, w.usedPercent, w.binding])).toEqual([
      ['five_hour', 50, true],
      ['seven_day', 70, false],
      ['seven_day_opus', 10, false],
    ]);
  });

  it('rejects bodies with nothing recognisable, quoting at most 400 characters', () => {
    expect(() => parseUsageBody([1, 2])).toThrow(MalformedUsageError);
    expect(() => parseUsageBody('oops')).toThrow(/expected a JSON object, got string/);
    expect(() => parseUsageBody({five_hour: null, seven_day: {utilization: null}})).toThrow(/no quota window/);
    try {
      parseUsageBody({junk: 'x'.repeat(2000)});
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message.length).toBeLessThan(460);
      expect((err as Error).message.endsWith('…')).toBe(true);
    }
  });

  it('keeps a window whose reset is unknown', () => {
    const [w] = parseUsageBody({five_hour: {utilization: 12, resets_at: null}});
    expect(w).toMatchObject({id: 'five_hour', usedPercent: 12, resetsAt: null});
  });
});
