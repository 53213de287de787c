// The Forecast tab's picture of one window: used % from the window's start to now, then the
// projection to the reset. Only two points of the real curve are known (0 at the start, the
// reading now), so the shape in between is this machine's own token curve scaled to end at
// the reading — a straight line when no local tokens fell in the window.
import type {UsageRecord} from '../types.js';
import type {WindowForecast} from './forecast.js';

export interface UsageCurve {
  /** One value per column, used % (finite, ≥ 0). */
  series: number[];
  /** Column of "now". */
  nowColumn: number;
  /** True when the shape before now follows local tokens, false for the straight line. */
  fromTokens: boolean;
  max: number;
}

export function usageCurve(f: WindowForecast, records: readonly UsageRecord[], columns: number): UsageCurve | null {
  const n = Math.floor(columns);
  if (!(n >= 4) || !Number.isFinite(f.usedPercent)) return null;
  const colMs = f.lengthMs / (n - 1);
  const nowColumn = Math.min(n - 1, Math.max(0, Math.round(f.elapsedFraction * (n - 1))));
  const nowMs = f.startedAt + f.elapsedFraction * f.lengthMs;
  const perColumn = new Array<number>(n).fill(0);
  let total = 0;
  for (const r of records) {
    if (r.timestamp < f.startedAt || r.timestamp > nowMs) continue;
    const col = Math.min(nowColumn, Math.max(0, Math.ceil((r.timestamp - f.startedAt) / colMs)));
    const t = r.tokens.inputTokens + r.tokens.outputTokens;
    perColumn[col]! += t;
    total += t;
  }
  const used = Math.max(0, f.usedPercent);
  const series: number[] = [];
  let acc = 0;
  for (let i = 0; i <= nowColumn; i++) {
    acc += perColumn[i]!;
    series.push(total > 0 ? (used * acc) / total : nowColumn === 0 ? used : (used * i) / nowColumn);
  }
  const projected = f.projectedPercent ?? used;
  const span = n - 1 - nowColumn;
  for (let i = 1; i <= span; i++) series.push(used + ((projected - used) * i) / span);
  const clean = series.map((v) => (Number.isFinite(v) ? Math.max(0, v) : 0));
  return {series: clean, nowColumn, fromTokens: total > 0, max: Math.max(100, ...clean)};
}

/** Cell widths of the forecast bar: solid = used now, then the projected rest, both capped at 100 %. */
export function forecastBarCells(usedPercent: number, projectedPercent: number | null, width: number): {solid: number; projected: number; rest: number} {
  const w = Math.max(0, Math.floor(width));
  const cells = (p: number) => Math.round((Math.min(100, Math.max(0, p)) / 100) * w);
  const solid = cells(usedPercent);
  const projected = projectedPercent === null ? 0 : Math.max(0, cells(projectedPercent) - solid);
  return {solid, projected, rest: Math.max(0, w - solid - projected)};
}
