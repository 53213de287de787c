// Local-day math in an IANA time zone, DST-correct, via Intl (no dependency). In UTC (and its
// aliases) it is plain arithmetic: Intl's first use costs ~12 ms of a start, and servers,
// containers and CI machines run in UTC.

const dayFormatters = new Map<string, Intl.DateTimeFormat>();
const hourFormatters = new Map<string, Intl.DateTimeFormat>();

/** Zone names ICU resolves to UTC. */
const UTC_ZONES = new Set(['UTC', 'Etc/UTC', 'UCT', 'Etc/UCT', 'Universal', 'Etc/Universal', 'Zulu', 'Etc/Zulu', 'GMT', 'Etc/GMT', 'GMT0', 'Etc/GMT0', 'GMT+0', 'Etc/GMT+0', 'GMT-0', 'Etc/GMT-0', 'Greenwich', 'Etc/Greenwich']);

export const isUtcZone = (tz: string): boolean => UTC_ZONES.has(tz);

/** Instants whose UTC year has four digits, as Intl writes them (it writes year 999 as "999"). */
const FOUR_DIGIT_YEARS_FROM = Date.UTC(1000, 0, 1);
const FOUR_DIGIT_YEARS_TO = Date.UTC(10000, 0, 1);

/** The instant as UTC `YYYY-MM-DD HH:MM` (no zone: sliced as needed), or null outside years 1000..9999. */
function utcText(ms: number, tz: string): string | null {
  if (!UTC_ZONES.has(tz) || !(ms >= FOUR_DIGIT_YEARS_FROM && ms < FOUR_DIGIT_YEARS_TO)) return null;
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * The zone of this process: UTC when TZ or /etc/localtime names a UTC alias (as ICU looks: TZ
 * first, then the link; `readLink` reads it, see src/adapters/system-zone.ts), else what Intl
 * resolves.
 */
export function systemTimeZone(env: Record<string, string | undefined>, readLink: (path: string) => string | null): string {
  const tz = env.TZ;
  const named = tz !== undefined ? (tz.startsWith(':') ? tz.slice(1) : tz) : /zoneinfo\/(.+)$/.exec(readLink('/etc/localtime') ?? '')?.[1];
  // An empty TZ (or a bare ':') is UTC to the C library; Intl calls it Etc/Unknown, which no
  // formatter accepts.
  if (named !== undefined && (named === '' || UTC_ZONES.has(named))) return 'UTC';
  const resolved = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return resolved && resolved !== 'Etc/Unknown' ? resolved : 'UTC';
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
  return utcText(ms, tz)?.slice(0, 10) ?? dayFormatter(tz).format(ms);
}

/** Local hour 0..23 of an instant in `tz`. */
export function localHour(ms: number, tz: string): number {
  const utc = utcText(ms, tz);
  if (utc !== null) return Number(utc.slice(11, 13));
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
  const utc = utcText(ms, tz);
  if (utc !== null) return utc;
  let f = minuteFormatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23'});
    minuteFormatters.set(tz, f);
  }
  return f.format(ms).replace(', ', ' ');
}
