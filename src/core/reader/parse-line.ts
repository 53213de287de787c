// One transcript line (already JSON.parse'd) → the usage it reports, if any.
// Counted lines: `assistant` lines with message.usage, and `progress` lines whose data.message
// embeds a sub-agent's assistant record (Claude Code 2.1.3x mirrors sub-agent usage that way).
import {cleanText} from '../text.js';
import type {TokenCounts} from '../types.js';
import {parseTimestamp} from './timestamp.js';

export interface Occurrence {
  messageId: string | null;
  requestId: string | null;
  /** Epoch ms. */
  timestamp: number;
  model: string;
  isSidechain: boolean;
  speed: string | null;
  /** The line's own sessionId field (used for flat legacy subagent files). */
  sessionId: string | null;
  tokens: TokenCounts;
}

/** A line that holds no usage (user, system, synthetic error, ...): valid, just not counted. */
export const NO_USAGE = 0;
/** A line whose usage cannot be trusted (bad types, no or a non-ISO timestamp): skipped and counted. */
export const MALFORMED = 1;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
/** Text to be shown, with control and bidi characters neutralised (null stays null). */
export const cleanOrNull = (s: string | null): string | null => (s === null ? null : cleanText(s));

/** No single response comes near this; larger counts are garbage, not usage. */
const MAX_COUNT = 0x7fffffff;

/**
 * A token count: absent = 0; anything but an integer in 0..2^31-1 makes the line malformed.
 * (Kept as a small integer, which V8 stores inline: ~10^5-10^6 records stay compact.)
 */
function count(v: unknown): number {
  if (v === undefined || v === null) return 0;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_COUNT) return NaN;
  return v | 0;
}

export function usageOf(line: unknown): Occurrence | typeof NO_USAGE | typeof MALFORMED {
  if (!isObj(line)) return MALFORMED;
  let rec: Obj;
  let sidechain: boolean;
  if (line.type === 'assistant') {
    rec = line;
    sidechain = line.isSidechain === true;
  } else if (line.type === 'progress') {
    const data = line.data;
    if (!isObj(data) || !isObj(data.message)) return NO_USAGE;
    rec = data.message;
    if (!isObj(rec.message) || !isObj(rec.message.usage)) return NO_USAGE;
    // The embedded record is the sub-agent's own response: a sidechain response.
    sidechain = true;
    if (rec.timestamp === undefined) rec = {...rec, timestamp: line.timestamp};
  } else {
    return NO_USAGE;
  }
  const message = rec.message;
  if (!isObj(message)) return line.type === 'assistant' ? MALFORMED : NO_USAGE;
  const usage = message.usage;
  if (usage === undefined) return NO_USAGE;
  if (!isObj(usage)) return MALFORMED;
  const model = str(message.model);
  // Synthetic lines (API errors, local notices) carry zero usage and are not a model.
  if (model === '<synthetic>' || rec.isApiErrorMessage === true) return NO_USAGE;
  const timestamp = typeof rec.timestamp === 'string' ? parseTimestamp(rec.timestamp) : NaN;
  if (Number.isNaN(timestamp)) return MALFORMED;
  const input = count(usage.input_tokens);
  const output = count(usage.output_tokens);
  const cacheRead = count(usage.cache_read_input_tokens);
  let cacheCreation = count(usage.cache_creation_input_tokens);
  let c5m = cacheCreation;
  let c1h = 0;
  const split = usage.cache_creation;
  if (isObj(split)) {
    const a = count(split.ephemeral_5m_input_tokens);
    const b = count(split.ephemeral_1h_input_tokens);
    if (Number.isNaN(a) || Number.isNaN(b)) return MALFORMED;
    // When the split is present it is the truth (the flat field equals 5m + 1h).
    if (a + b > 0 || cacheCreation === 0) {
      c5m = a;
      c1h = b;
      if (usage.cache_creation_input_tokens === undefined) cacheCreation = a + b;
    }
  }
  if (Number.isNaN(input + output + cacheRead + cacheCreation)) return MALFORMED;
  const id = message.id;
  const requestId = rec.requestId;
  if ((id !== undefined && typeof id !== 'string') || (requestId !== undefined && requestId !== null && typeof requestId !== 'string')) {
    return MALFORMED;
  }
  const speed = usage.speed;
  return {
    messageId: str(id),
    requestId: str(requestId),
    timestamp,
    // Shown on screen: control and bidi characters are neutralised here, at ingestion. The ids
    // (message, request) are keys only and stay as written.
    model: model === null ? 'unknown' : cleanText(model),
    isSidechain: sidechain,
    speed: typeof speed === 'string' ? cleanText(speed) : null,
    sessionId: cleanOrNull(str(rec.sessionId) ?? str(line.sessionId)),
    tokens: {
      inputTokens: input,
      outputTokens: output,
      cacheCreationTokens: cacheCreation,
      cacheReadTokens: cacheRead,
      cacheCreation5mTokens: c5m,
      cacheCreation1hTokens: c1h,
    },
  };
}
