// Local-day math in an IANA time zone, DST-correct, via Intl (no dependency).

const dayFormatters = new Map<string, Intl.DateTimeFormat>();
const hourFormatters = new Map<string, Intl.DateTimeFormat>();

export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Throws RangeError for an unknown zone; callers turn that into a one-line error. */
export function assertTimeZone(tz: string): string {
  new Intl.DateTimeFormat('en-US', {timeZone: tz});
  return tz;
}

function dayFormatter(tz: string): Intl.DateTimeFormat {
  let f = dayFormatters.get(tz);
  if (!f) {
    // en-CA formats as YYYY-MM-DD.
    f = new Intl.DateTimeFormat('en-CA', {timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit'});
    dayFormatters.set(tz, f);
  }
  return f;
}

/** Local calendar date `YYYY-MM-DD` of an instant in `tz`. */
export function localDay(ms: number, tz: string): string {
  return dayFormatter(tz).format(ms);
}

/** Local hour 0..23 of an instant in `tz`. */
export function localHour(ms: number, tz: string): number {
  let f = hourFormatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {timeZone: tz, hour: 'numeric', hourCycle: 'h23'});
    hourFormatters.set(tz, f);
  }
  return Number(f.format(ms)) % 24;
}

/** `YYYY-MM-DD` shifted by whole calendar days (zone-free date arithmetic). */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Whole days from a to b (b - a) for `YYYY-MM-DD` dates. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

export const isIsoDay = (s: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

/** Weekday name (Mon..Sun) of a `YYYY-MM-DD` date. */
export function weekday(day: string): string {
  return ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][new Date(`${day}T00:00:00Z`).getUTCDay()]!;
}

const minuteFormatters = new Map<string, Intl.DateTimeFormat>();

/** Local `YYYY-MM-DD HH:MM` (24-hour) of an instant in `tz`. */
export function localDateTime(ms: number, tz: string): string {
  let f = minuteFormatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23'});
    minuteFormatters.set(tz, f);
  }
  return f.format(ms).replace(', ', ' ');
}
