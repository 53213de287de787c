import {describe, expect, it} from 'vitest';
import {ageText, clockTime, formatReset, posixLocale, untilText, uses12HourClock, utcOffset} from './reset-time.js';

const NOW = Date.UTC(2026, 4, 20, 12, 0, 0); // 2026-05-20 12:00 UTC

describe('locale clock', () => {
  it('takes LC_ALL, then LC_TIME, then LANG', () => {
    expect(posixLocale({LC_ALL: 'de_DE.UTF-8', LC_TIME: 'en_US.UTF-8', LANG: 'fr_FR'})).toBe('de_DE.UTF-8');
    expect(posixLocale({LC_TIME: 'en_US.UTF-8', LANG: 'fr_FR'})).toBe('en_US.UTF-8');
    expect(posixLocale({LANG: 'fr_FR'})).toBe('fr_FR');
    expect(posixLocale({})).toBe('');
  });
  it('uses 12-hour times only where the locale has an AM/PM marker', () => {
    expect(uses12HourClock('en_US.UTF-8')).toBe(true);
    expect(uses12HourClock('en_GB.UTF-8')).toBe(false);
    expect(uses12HourClock('de_DE@euro')).toBe(false);
    expect(uses12HourClock('C.UTF-8')).toBe(false);
    expect(uses12HourClock('POSIX')).toBe(false);
    expect(uses12HourClock('')).toBe(false);
    expect(uses12HourClock('zz_not a locale')).toBe(false);
  });
});

describe('formatReset', () => {
  it('omits :00 minutes on 12-hour clocks and keeps them on 24-hour ones', () => {
    expect(clockTime(Date.UTC(2026, 4, 20, 16, 0), 'UTC', true)).toBe('4pm');
    expect(clockTime(Date.UTC(2026, 4, 20, 18, 50), 'UTC', true)).toBe('6:50pm');
    expect(clockTime(Date.UTC(2026, 4, 20, 0, 5), 'UTC', true)).toBe('12:05am');
    expect(clockTime(Date.UTC(2026, 4, 20, 12, 0), 'UTC', true)).toBe('12pm');
    expect(clockTime(Date.UTC(2026, 4, 20, 4, 0), 'UTC', false)).toBe('04:00');
    expect(clockTime(Date.UTC(2026, 4, 20, 0, 0), 'UTC', false)).toBe('00:00');
  });
  it('within 24 hours: time plus the zone offset at that instant', () => {
    expect(formatReset(Date.UTC(2026, 4, 20, 21, 50), NOW, 'America/Sao_Paulo', true)).toBe('6:50pm (-03:00)');
    expect(formatReset(Date.UTC(2026, 4, 20, 16, 0), NOW, 'UTC', false)).toBe('16:00 (+00:00)');
    expect(formatReset(Date.UTC(2026, 4, 20, 16, 0), NOW, 'Asia/Kolkata', false)).toBe('21:30 (+05:30)');
  });
  it('further away: month, day and time in the zone', () => {
    expect(formatReset(Date.UTC(2026, 4, 22, 16, 0), NOW, 'UTC', true)).toBe('May 22, 4pm');
    expect(formatReset(Date.UTC(2026, 4, 23, 2, 30), NOW, 'America/Sao_Paulo', false)).toBe('May 22, 23:30');
  });
  it('offsets follow daylight saving', () => {
    expect(utcOffset(Date.UTC(2026, 0, 15), 'Europe/Paris')).toBe('+01:00');
    expect(utcOffset(Date.UTC(2026, 6, 15), 'Europe/Paris')).toBe('+02:00');
  });
});

describe('relative times', () => {
  it('untilText and ageText', () => {
    expect(untilText(NOW + (2 * 60 + 10) * 60_000, NOW)).toBe('2h 10m');
    expect(untilText(NOW + (3 * 24 + 4) * 3_600_000, NOW)).toBe('3d 4h');
    expect(untilText(NOW + 45 * 60_000, NOW)).toBe('45m');
    expect(untilText(NOW - 1000, NOW)).toBe('now');
    expect(ageText(12_000)).toBe('12s');
    expect(ageText(14 * 60_000)).toBe('14m');
  });
});
