// The one HTTP call to the account's usage endpoint (undici). Every failure comes back as a
// PollOutcome value; nothing throws, and the token never appears in a message.
import {request} from 'undici';
import type {PollOutcome} from '../core/quota/poll-policy.js';
import {safeExcerpt} from '../core/quota/untrusted.js';
import {ignoredText, MalformedUsageError, parseUsage} from '../core/quota/windows.js';

export const DEFAULT_USAGE_URL = 'https://api.anthropic.com/api/oauth/usage';
export const USAGE_API_TIMEOUT_MS = 10_000;
export const USER_AGENT = 'claude-code/2.1.0 (aura)';
/** The real reply is under 2 KiB; a larger body is not a usage reply and is not read further. */
export const MAX_USAGE_BODY_BYTES = 1 << 20;
/** How much of an unreadable body a note may quote. */
const EXCERPT_CHARS = 80;

class BodyTooLargeError extends Error {}

type Body = AsyncIterable<Buffer> & {destroy(): unknown; on(event: 'error', f: () => void): unknown};

/** Stops a download: undici emits 'error' on a destroyed body, which must not crash the process. */
function discard(body: Body): void {
  body.on('error', () => {});
  body.destroy();
}

/** The body as text, refusing (and aborting the download) past MAX_USAGE_BODY_BYTES. */
async function readCapped(body: Body): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > MAX_USAGE_BODY_BYTES) {
      discard(body);
      throw new BodyTooLargeError();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

/** `AURA_USAGE_URL` wins over `[quota] usage_url`. */
export const usageUrl = (configured: string, env: Record<string, string | undefined> = process.env): string =>
  env.AURA_USAGE_URL || configured || DEFAULT_USAGE_URL;

export interface FetchUsageOptions {
  url: string;
  token: string;
  /** Whole-request deadline; injectable so tests of a hanging server stay quick. */
  timeoutMs?: number;
}

export async function fetchUsage({url, token, timeoutMs = USAGE_API_TIMEOUT_MS}: FetchUsageOptions): Promise<PollOutcome> {
  let text: string;
  let status: number;
  let retryAfter: string | null = null;
  try {
    const res = await request(url, {
      method: 'GET',
      headers: {
        authorization: `Bearer ${token}`,
        'anthropic-beta': 'oauth-2025-04-20',
        accept: 'application/json',
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
      },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = res.statusCode;
    const ra = res.headers['retry-after'];
    retryAfter = Array.isArray(ra) ? (ra[0] ?? null) : (ra ?? null);
    if (status !== 200) {
      discard(res.body); // an error page is never shown: no need to download it
      text = '';
    } else text = await readCapped(res.body);
  } catch (err) {
    if (err instanceof BodyTooLargeError) return {kind: 'malformed', message: `response larger than ${MAX_USAGE_BODY_BYTES >> 20} MiB`};
    const e = err as {name?: string; code?: string; message?: string};
    if (e.name === 'TimeoutError' || e.code === 'UND_ERR_HEADERS_TIMEOUT' || e.code === 'UND_ERR_BODY_TIMEOUT') return {kind: 'timeout', afterMs: timeoutMs};
    return {kind: 'network', message: safeExcerpt(e.code ?? e.message ?? String(err), EXCERPT_CHARS, [token])};
  }
  if (status === 401) return {kind: 'unauthorized'};
  if (status === 429) return {kind: 'rate_limited', retryAfter};
  if (status !== 200) return {kind: 'http', status};
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // Never the raw body: it may echo the request's Authorization header or hold escape sequences.
    return {kind: 'malformed', message: `not JSON: ${safeExcerpt(text.slice(0, 4096), EXCERPT_CHARS, [token])}`};
  }
  try {
    const {windows, ignored} = parseUsage(data);
    return {kind: 'ok', windows, ...(ignored.length ? {note: ignoredText(ignored)} : {})};
  } catch (err) {
    return {kind: 'malformed', message: err instanceof MalformedUsageError ? safeExcerpt(err.message, 400, [token]) : 'unreadable reply'};
  }
}
