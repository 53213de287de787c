// Transcript timestamps, strictly. Date.parse is lenient ("1" is 2001-01-01, "2026-02-30" rolls
// over to March 2, RFC 2822 dates pass) and accepts years no calendar view can show (year 0,
// -271821): such a line would be counted on a made-up day. Claude Code writes ISO-8601 date-times
// in UTC; only those are taken.

/** `YYYY-MM-DDTHH:MM:SS`, optional fraction, then `Z` or `±HH:MM`. */
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-](\d{2}):(\d{2}))$/;

/** Sane bounds: no Claude transcript predates 2000, and a year past 2100 is a broken clock. */
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

const daysIn = (y: number, m: number): number => (m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31);

/** Epoch ms of an ISO-8601 date-time with a real calendar date in MIN_YEAR..MAX_YEAR, else NaN. */
export function parseTimestamp(s: string): number {
  const m = ISO.exec(s);
  if (m === null) return NaN;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const h = Number(m[4]);
  const mi = Number(m[5]);
  const sec = Number(m[6]);
  if (y < MIN_YEAR || y > MAX_YEAR || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || sec > 59) return NaN;
  let offset = 0;
  if (m[8] !== 'Z') {
    const oh = Number(m[9]);
    const om = Number(m[10]);
    if (oh > 23 || om > 59) return NaN;
    offset = (m[8]![0] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  const ms = m[7] === undefined ? 0 : Number(`${m[7]}00`.slice(0, 3));
  return Date.UTC(y, mo - 1, d, h, mi, sec, ms) - offset;
}
