// Rate-limit windows of the account, whatever their source.

export type QuotaSource = 'statusline' | 'api' | 'estimate' | 'unavailable';

export interface QuotaWindow {
  /** Stable id: "five_hour", "seven_day", "seven_day_opus", "seven_day_sonnet", or "limit:<kind>:<scope>". */
  id: string;
  label: string;
  /** 0..100, null for a local estimate. */
  usedPercent: number | null;
  /** Epoch ms of the next reset, when known. */
  resetsAt: number | null;
  /** 300 for the 5-hour window, 10080 for weekly; null when unknown. */
  lengthMinutes: number | null;
  /** The window that currently binds (is_active, else the highest %). */
  binding: boolean;
  /** Local tokens (input + output) for a local estimate; null otherwise. */
  usedTokens: number | null;
}

export interface QuotaSnapshot {
  windows: QuotaWindow[];
  source: QuotaSource;
  /** Epoch ms when the reading was taken (not when it was shown). */
  fetchedAt: number;
  /** True when a newer poll failed and this is the last good reading. */
  stale: boolean;
  /** One-line note: "rate limited, retrying in 5m", "sign in with claude to refresh", ... */
  note: string | null;
  subscriptionType: string | null;
  /**
   * Epoch ms from which the usage API may be asked again (refresh interval, 429 back-off);
   * null when it may be asked now; absent when no request is planned (statusline, no token).
   */
  nextPollAt?: number | null;
}

/** The 5-hour window of a snapshot, if any. */
export const sessionWindow = (s: QuotaSnapshot | null): QuotaWindow | undefined => s?.windows.find((w) => w.id === 'five_hour');
/** The all-models weekly window of a snapshot, if any. */
export const weeklyWindow = (s: QuotaSnapshot | null): QuotaWindow | undefined => s?.windows.find((w) => w.id === 'seven_day');
