// Number and duration formatting shared by the TUI and the text reports (aura-seed-spec 10.4, 8).

/** 1234567 -> "1,234,567". */
export function thousands(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 18_200_000 -> "18.2M", 9_100 -> "9.1K", 950 -> "950", 2.4e9 -> "2.4B". */
export function compact(n: number): string {
  const abs = Math.abs(n);
  const units: [number, string][] = [[1e9, 'B'], [1e6, 'M'], [1e3, 'K']];
  for (const [size, unit] of units) {
    if (abs >= size) {
      const v = n / size;
      // 999_950 rounds to "1000.0K": promote to the next unit instead.
      if (Math.abs(v) >= 999.95 && unit !== 'B') continue;
      return `${v.toFixed(1)}${unit}`;
    }
  }
  return Math.round(n).toString();
}

/** Seconds -> "3h 12m" / "4m 5s" / "9s". */
export function duration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s % 60}s`;
  return `${s}s`;
}

/** USD with cents, "$12.34"; below a cent "<$0.01" (but exactly 0 is "$0.00"). */
export function usd(n: number): string {
  if (n > 0 && n < 0.005) return '<$0.01';
  return `$${n.toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
}

/** Binary memory units as in the Activity tab: "1.2 GB", "340 MB", "12 KB", "512 B". */
export function memory(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(0)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${Math.round(bytes)} B`;
}

/** Strip a leading "claude-" from a model id for compact display. */
export const shortModel = (model: string): string => model.replace(/^claude-/, '');
