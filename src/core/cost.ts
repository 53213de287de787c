// Estimated cost of usage records from the embedded price table (./prices.ts).
// An unknown model is never a silent $0: its records cost null and reports list it as unpriced.
import {fingerprint, PRICES_SOURCE, resolvePrice, type Rates} from './prices.js';
import type {TokenCounts, UsageRecord} from './types.js';

export {resolvePrice} from './prices.js';

const PER_TOKEN = 1e-6;

/** Cost in USD of token counts at the given rates. */
export function tokensCost(t: TokenCounts, r: Rates): number {
  return countsCost(t.inputTokens, t.outputTokens, t.cacheCreationTokens, t.cacheCreation1hTokens, t.cacheReadTokens, r);
}

/** tokensCost over the counts themselves (the reader prices stored columns with it). */
function countsCost(input: number, output: number, writes: number, writes1h: number, reads: number, r: Rates): number {
  // Writes without a TTL split are all 5-minute (the reader sets 5m = all then); clamp so an
  // inconsistent split can never price more writes than were made.
  const write1h = Math.min(Math.max(writes1h, 0), writes);
  const write5m = writes - write1h;
  return (input * r.input + output * r.output + write5m * r.cacheWrite5m + write1h * r.cacheWrite1h + reads * r.cacheRead) * PER_TOKEN;
}

/**
 * Estimated USD cost of one response's counts for a model, or null when the model has no known
 * price (see recordCost).
 */
export function responseCost(model: string, speed: string | null, input: number, output: number, writes: number, writes1h: number, reads: number): number | null {
  const resolved = resolvePrice(model);
  if (!resolved) return null;
  const {price} = resolved;
  const prompt = input + writes + reads;
  const long = price.longContext && prompt > price.longContext.thresholdTokens ? price.longContext.rates : null;
  const multiplier = speed === 'fast' ? (price.fastMultiplier ?? 1) : 1;
  return countsCost(input, output, writes, writes1h, reads, long ?? price) * multiplier;
}

/**
 * Estimated USD cost of one deduplicated response, or null when its model has no known price.
 * Long-context: Sonnet 4 / 4.5 requests whose prompt exceeds 200K are billed entirely at the
 * premium rates. Fast mode multiplies the whole cost by the model's factor (6x Opus 4.6/4.7,
 * 2x Opus 4.8; models without a known factor are priced at the standard rate).
 */
export function recordCost(record: UsageRecord): number | null {
  // Records read from the index carry their cost, priced once when the dataset was made.
  if (record.costUSD !== undefined) return record.costUSD;
  const t = record.tokens;
  return responseCost(record.model, record.speed, t.inputTokens, t.outputTokens, t.cacheCreationTokens, t.cacheCreation1hTokens, t.cacheReadTokens);
}

/**
 * Estimated money the prompt cache saved on `cacheReadTokens` of one model: what those tokens
 * would have cost as plain input minus what they cost as cache reads, at the model's standard
 * rates (long-context and fast-mode premiums ignored, so this errs low). Null when unpriced.
 */
export function cacheReadSavings(model: string, cacheReadTokens: number): number | null {
  const resolved = resolvePrice(model);
  if (!resolved) return null;
  return cacheReadTokens * (resolved.price.input - resolved.price.cacheRead) * PER_TOKEN;
}

/**
 * A fingerprint of the prices and of the code that applies them: costs stored with the usage
 * index are trusted only when it matches (an aura that prices differently prices them again).
 */
export const PRICING_FINGERPRINT = fingerprint([PRICES_SOURCE, countsCost, responseCost].map(String).join('\n'));
