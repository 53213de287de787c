// Transcript timestamps, strictly. Date.parse is lenient ("1" is 2001-01-01, "2026-02-30" rolls
// over to March 2, RFC 2822 dates pass) and accepts years no calendar view can show (year 0,
// -271821): such a line would be counted on a made-up day. Claude Code writes ISO-8601 date-times
// in UTC; only those are taken.

/** Sane bounds: no Claude transcript predates 2000, and a year past 2100 is a broken clock. */
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

const daysIn = (y: number, m: number): number => (m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31);

/** The decimal number in s[from, from + len), or NaN when a character there is not a digit. */
function digits(s: string, from: number, len: number): number {
  let n = 0;
  for (let i = from; i < from + len; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return n;
}

/**
 * Epoch ms of `YYYY-MM-DDTHH:MM:SS`, optional fraction (1-9 digits, read to the millisecond),
 * then `Z` or `±HH:MM`, with a real calendar date in MIN_YEAR..MAX_YEAR; else NaN. Read by
 * hand: it runs once per usage line.
 */
export function parseTimestamp(s: string): number {
  if (s.length < 20 || s[4] !== '-' || s[7] !== '-' || s[10] !== 'T' || s[13] !== ':' || s[16] !== ':') return NaN;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  const sec = digits(s, 17, 2);
  // NaN fails every comparison: the checks are written so that it falls through to `return NaN`.
  if (!(y >= MIN_YEAR && y <= MAX_YEAR && mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(y, mo) && h <= 23 && mi <= 59 && sec <= 59)) return NaN;
  let p = 19;
  let ms = 0;
  if (s[p] === '.') {
    const from = ++p;
    while (p < s.length && p - from < 9 && s.charCodeAt(p) >= 48 && s.charCodeAt(p) <= 57) p++;
    if (p === from) return NaN;
    ms = digits(`${s.slice(from, Math.min(p, from + 3))}00`, 0, 3);
  }
  let offset = 0;
  if (s[p] === 'Z') p++;
  else if ((s[p] === '+' || s[p] === '-') && s[p + 3] === ':') {
    const oh = digits(s, p + 1, 2);
    const om = digits(s, p + 4, 2);
    if (!(oh <= 23 && om <= 59)) return NaN;
    offset = (s[p] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
    p += 6;
  } else return NaN;
  if (p !== s.length) return NaN;
  return Date.UTC(y, mo - 1, d, h, mi, sec, ms) - offset;
}
