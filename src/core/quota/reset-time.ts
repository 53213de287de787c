// "Resets <time>" formatting (aura-seed-spec 3.4), in the dashboard's time zone.
// Within 24 h: "4pm (-03:00)" / "16:00 (-03:00)"; further away: "May 22, 4pm".
type Env = Record<string, string | undefined>;

/** The POSIX locale that decides 12- or 24-hour clocks: LC_ALL, then LC_TIME, then LANG. */
export function posixLocale(env: Env = process.env): string {
  return env.LC_ALL || env.LC_TIME || env.LANG || '';
}

/**
 * True when the locale writes times with an AM/PM marker. "en_US.UTF-8" → "en-US"; C, POSIX,
 * empty or unknown locales use the 24-hour clock.
 */
export function uses12HourClock(locale: string): boolean {
  const tag = locale.split(/[.@]/)[0]!.replace('_', '-');
  if (tag === '' || tag === 'C' || tag === 'POSIX') return false;
  try {
    const cycle = new Intl.DateTimeFormat(tag, {hour: 'numeric'}).resolvedOptions().hourCycle;
    return cycle === 'h11' || cycle === 'h12';
  } catch {
    return false;
  }
}

const partsCache = new Map<string, Intl.DateTimeFormat>();
function parts(ms: number, tz: string): Record<string, string> {
  let f = partsCache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    });
    partsCache.set(tz, f);
  }
  const out: Record<string, string> = {};
  for (const p of f.formatToParts(ms)) out[p.type] = p.value;
  return out;
}

/** "6:50pm", "4pm" (12-hour) or "18:50", "04:00" (24-hour) of an instant in `tz`. */
export function clockTime(ms: number, tz: string, twelveHour: boolean): string {
  const p = parts(ms, tz);
  const h = Number(p.hour) % 24;
  const m = p.minute!;
  if (!twelveHour) return `${String(h).padStart(2, '0')}:${m}`;
  const suffix = h < 12 ? 'am' : 'pm';
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return m === '00' ? `${h12}${suffix}` : `${h12}:${m}${suffix}`;
}

/** UTC offset of `tz` at an instant: "-03:00", "+05:30", "+00:00". */
export function utcOffset(ms: number, tz: string): string {
  const name = parts(ms, tz).timeZoneName ?? 'GMT';
  const m = /GMT([+-]\d{2}):?(\d{2})?/.exec(name);
  return m ? `${m[1]}:${m[2] ?? '00'}` : '+00:00';
}

/** The spec's format_reset: time plus offset within a day of now, else "Mon D, time". */
export function formatReset(resetMs: number, nowMs: number, tz: string, twelveHour: boolean): string {
  const time = clockTime(resetMs, tz, twelveHour);
  if (Math.abs(resetMs - nowMs) < 86_400_000) return `${time} (${utcOffset(resetMs, tz)})`;
  const p = parts(resetMs, tz);
  return `${p.month} ${p.day}, ${time}`;
}

/** "2h 10m", "3d 4h", "45m", "now": how far away a reset is, for compact lines. */
export function untilText(targetMs: number, nowMs: number): string {
  const mins = Math.round((targetMs - nowMs) / 60_000);
  if (mins <= 0) return 'now';
  const d = Math.floor(mins / 1440);
  const h = Math.floor((mins % 1440) / 60);
  const m = mins % 60;
  if (d > 0) return h > 0 ? `${d}d ${h}h` : `${d}d`;
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`;
  return `${m}m`;
}

/** "12s", "4m", "2h 5m", "3d": the age of a reading. */
export function ageText(ageMs: number): string {
  const s = Math.max(0, Math.floor(ageMs / 1000));
  if (s < 60) return `${s}s`;
  return untilText(s * 1000, 0);
}
