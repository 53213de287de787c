import type {UsageRecord} from './types.js';

/** Input + output tokens of the records with from <= timestamp <= to (epoch ms). */
export function tokensBetween(records: readonly UsageRecord[], from: number, to: number): number {
  let sum = 0;
  for (const r of records) {
    if (r.timestamp >= from && r.timestamp <= to) sum += r.tokens.inputTokens + r.tokens.outputTokens;
  }
  return sum;
}
