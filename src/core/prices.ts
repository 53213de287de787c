// The embedded price table (USD per million tokens) and model-id resolution.
// Sources: Anthropic's pricing page and LiteLLM's model_prices_and_context_window.json
// (extract of 2026-07-13); the rows marked "lower confidence" come from late-2026 reports only.

export interface Rates {
  input: number;
  output: number;
  /** Cache write, 5-minute TTL (1.25 x input on every known model). */
  cacheWrite5m: number;
  /** Cache write, 1-hour TTL (2 x input). */
  cacheWrite1h: number;
  cacheRead: number;
}

export interface ModelPrice extends Rates {
  /**
   * Long-context premium: when a request's prompt (input + cache writes + cache reads) exceeds
   * `thresholdTokens`, the WHOLE request (output included) is billed at `rates`. This is Anthropic's
   * published rule; ccusage instead splits each field at the threshold, which under-prices.
   */
  longContext?: {thresholdTokens: number; rates: Rates};
  /** Fast mode (`usage.speed == "fast"`): the whole cost is multiplied by this (absent = 1). */
  fastMultiplier?: number;
}

export interface ResolvedPrice {
  /** Canonical key of the table row used. */
  id: string;
  price: ModelPrice;
  /** How the id was matched: as logged, after removing prefixes/suffixes/dates, or by family. */
  via: 'exact' | 'normalized' | 'family';
}

const rates = (input: number, output: number, cacheRead = input / 10): Rates => ({
  input,
  output,
  cacheWrite5m: input * 1.25,
  cacheWrite1h: input * 2,
  cacheRead,
});

const OPUS_4 = rates(15, 75);
const OPUS_45 = rates(5, 25);
const SONNET = rates(3, 15);
const SONNET_LONG: ModelPrice['longContext'] = {thresholdTokens: 200_000, rates: rates(6, 22.5)};

/** Keyed by the model id without date suffix. */
export const PRICE_TABLE: Readonly<Record<string, ModelPrice>> = {
  'claude-opus-4': OPUS_4,
  'claude-opus-4-1': OPUS_4,
  'claude-opus-4-5': OPUS_45,
  // Fast-mode factors as in ccusage's overrides (formats.md 2.2).
  'claude-opus-4-6': {...OPUS_45, fastMultiplier: 6},
  'claude-opus-4-7': {...OPUS_45, fastMultiplier: 6},
  'claude-opus-4-8': {...OPUS_45, fastMultiplier: 2},
  'claude-sonnet-4': {...SONNET, longContext: SONNET_LONG},
  'claude-sonnet-4-5': {...SONNET, longContext: SONNET_LONG},
  // Flat across 1M since the 1M GA (2026-03-13): no long-context premium.
  'claude-sonnet-4-6': SONNET,
  'claude-haiku-4-5': rates(1, 5),
  'claude-3-5-haiku': rates(0.8, 4),
  'claude-3-7-sonnet': SONNET,
  'claude-3-5-sonnet': SONNET,
  // Lower confidence (late-2026 reports).
  'claude-opus-5': OPUS_45,
  'claude-sonnet-5': rates(2, 10),
  'claude-fable-5': rates(10, 50),
  'claude-fable-5-1': rates(10, 50, 0.25),
};

// Provider decorations around an Anthropic id: "[1m]" (statusline), "anthropic/" (LiteLLM, gateways),
// "us.anthropic." (Bedrock cross-region), "@20251101" (Vertex), "-v1:0" (Bedrock).
const PREFIX = /^(?:(?:us|eu|apac|global)\.)?(?:anthropic[./])?/;
const SUFFIXES: readonly RegExp[] = [/\[1m\]$/, /-v\d+(?::\d+)?$/, /@\d{8}$/];
const DATE = /-\d{8}$/;

function normalize(model: string): string {
  let id = model.trim().toLowerCase();
  for (let changed = true; changed; ) {
    changed = false;
    for (const re of SUFFIXES) {
      const next = id.replace(re, '');
      if (next !== id) {
        id = next;
        changed = true;
      }
    }
  }
  return id.replace(PREFIX, '');
}

// Family fallback: "<family>-<major>[-<minor>]" anywhere in the id, minor being a version (1-2 digits),
// not a date. A newer minor is priced as the newest known row of the same family and major at or
// below it (opus-4-9 -> opus-4-8 = Opus 4.5 pricing; haiku-4-7 -> haiku-4-5); no cross-major guesses.
const FAMILY = /(opus|sonnet|haiku|fable)-(\d{1,2})(?:-(\d{1,2}))?(?!\d)/;

interface FamilyRow {
  family: string;
  major: number;
  minor: number;
  id: string;
}

// Lookups go through a Map: model ids come from transcripts, and a plain object would answer
// "constructor" or "__proto__" with an Object.prototype member instead of "no price".
const PRICES: ReadonlyMap<string, ModelPrice> = new Map(Object.entries(PRICE_TABLE));

const FAMILY_ROWS: FamilyRow[] = [...PRICES.keys()].flatMap((id) => {
  const m = /^claude-(opus|sonnet|haiku|fable)-(\d+)(?:-(\d+))?$/.exec(id);
  return m ? [{family: m[1]!, major: Number(m[2]), minor: Number(m[3] ?? 0), id}] : [];
});

function familyMatch(id: string): string | null {
  const m = FAMILY.exec(id);
  if (!m) return null;
  const family = m[1]!;
  const major = Number(m[2]);
  const minor = Number(m[3] ?? 0);
  let best: FamilyRow | null = null;
  for (const row of FAMILY_ROWS) {
    if (row.family !== family || row.major !== major || row.minor > minor) continue;
    if (!best || row.minor > best.minor) best = row;
  }
  return best?.id ?? null;
}

const cache = new Map<string, ResolvedPrice | null>();

/** Price row for a model id as logged, or null when the model is unknown (then it is "unpriced"). */
export function resolvePrice(model: string): ResolvedPrice | null {
  const hit = cache.get(model);
  if (hit !== undefined) return hit;
  let out: ResolvedPrice | null = null;
  const exact = PRICES.get(model);
  if (exact) {
    out = {id: model, price: exact, via: 'exact'};
  } else {
    const id = normalize(model);
    const undated = id.replace(DATE, '');
    const direct = PRICES.has(id) ? id : PRICES.has(undated) ? undated : null;
    if (direct) out = {id: direct, price: PRICES.get(direct)!, via: 'normalized'};
    else {
      const fam = familyMatch(undated);
      if (fam) out = {id: fam, price: PRICES.get(fam)!, via: 'family'};
    }
  }
  cache.set(model, out);
  return out;
}

/** FNV-1a of a text, in hex: a fingerprint, not a checksum. */
export function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16);
}

/** The table and the code that matches model ids to it (see PRICING_FINGERPRINT in ./cost.ts). */
export const PRICES_SOURCE = [JSON.stringify(PRICE_TABLE), PREFIX.source, ...SUFFIXES.map((re) => re.source), DATE.source, FAMILY.source, normalize, familyMatch, resolvePrice].map(String).join('\n');
