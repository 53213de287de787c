// UTC days and hours by arithmetic must be exactly what Intl gives, for every UTC alias and any
// instant (outside years 1000..9999 Intl answers); the system zone is UTC without Intl only when
// TZ or /etc/localtime names a UTC alias.
import {execFileSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {isUtcZone, localDateTime, localDay, localHour, systemTimeZone} from './time.js';

/** The built adapter (npm test builds before the suite runs). */
const adapter = fileURLToPath(new URL('../../dist/src/adapters/system-zone.js', import.meta.url));

const ALIASES = ['UTC', 'Etc/UTC', 'UCT', 'Etc/UCT', 'Universal', 'Etc/Universal', 'Zulu', 'Etc/Zulu', 'GMT', 'Etc/GMT', 'GMT0', 'Etc/GMT0', 'GMT+0', 'Etc/GMT+0', 'GMT-0', 'Etc/GMT-0', 'Greenwich', 'Etc/Greenwich'];

const intlDay = (ms: number, tz: string): string => new Intl.DateTimeFormat('en-CA', {timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit'}).format(ms);
const intlHour = (ms: number, tz: string): number => Number(new Intl.DateTimeFormat('en-US', {timeZone: tz, hour: 'numeric', hourCycle: 'h23'}).format(ms)) % 24;
const intlDateTime = (ms: number, tz: string): string =>
  new Intl.DateTimeFormat('en-CA', {timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23'}).format(ms).replace(', ', ' ');

describe('UTC without Intl', () => {
  it('every alias is one ICU resolves to UTC', () => {
    for (const tz of ALIASES) {
      expect(isUtcZone(tz)).toBe(true);
      expect(new Intl.DateTimeFormat('en-US', {timeZone: tz}).resolvedOptions().timeZone).toBe('UTC');
    }
    expect(isUtcZone('Europe/London')).toBe(false);
    expect(isUtcZone('utc')).toBe(false);
  });

  it('days, hours and minutes match Intl for any instant', () => {
    const instant = fc.oneof(fc.integer({min: Date.UTC(1990, 0, 1), max: Date.UTC(2110, 0, 1)}), fc.integer({min: -8.64e15, max: 8.64e15}), fc.constantFrom(Date.UTC(1000, 0, 1), Date.UTC(1000, 0, 1) - 1, Date.UTC(10000, 0, 1), Date.UTC(10000, 0, 1) - 1));
    fc.assert(
      fc.property(instant, fc.constantFrom(...ALIASES), (ms, tz) => {
        expect(localDay(ms, tz)).toBe(intlDay(ms, tz));
        expect(localHour(ms, tz)).toBe(intlHour(ms, tz));
        expect(localDateTime(ms, tz)).toBe(intlDateTime(ms, tz));
      }),
      {numRuns: 2000},
    );
  });
});

describe('systemTimeZone', () => {
  const link = (target: string | null) => (p: string) => (p === '/etc/localtime' ? target : null);

  it('UTC from TZ or from the /etc/localtime link, as ICU reads them', () => {
    expect(systemTimeZone({TZ: 'Etc/UTC'}, link(null))).toBe('UTC');
    expect(systemTimeZone({TZ: ':Zulu'}, link(null))).toBe('UTC');
    // Empty: UTC to the C library (Intl would say Etc/Unknown, which no formatter takes).
    expect(systemTimeZone({TZ: ''}, link(null))).toBe('UTC');
    expect(systemTimeZone({TZ: ':'}, link(null))).toBe('UTC');
    expect(systemTimeZone({}, link('/usr/share/zoneinfo/Etc/UTC'))).toBe('UTC');
    expect(systemTimeZone({}, link('../usr/share/zoneinfo/UCT'))).toBe('UTC');
  });

  it('anything else is what Intl resolves, in a real process (TZ first: a UTC link does not override it)', () => {
    const zone = (tz: string): string =>
      execFileSync(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(adapter)}); console.log(m.systemTimeZone())`], {env: {...process.env, TZ: tz}, encoding: 'utf8'}).trim();
    // ICU's canonical name, not the one TZ gave: Intl decided.
    expect(zone('Asia/Kolkata')).toBe('Asia/Calcutta');
    expect(zone('Europe/Paris')).toBe('Europe/Paris');
    expect(zone('Etc/UTC')).toBe('UTC');
    expect(zone('Nowhere/City')).toBe('UTC');
  });
});
