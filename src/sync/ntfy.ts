// The ntfy transport (aura-seed-spec §6.4, formats.md §4): publish one body, poll the cache.
// Errors are one line and never name the topic (it is derived from the secret).
import {request, type Dispatcher} from 'undici';
import {cleanText} from '../core/text.js';

export interface NtfyMessage {
  id: string;
  /** Unix seconds, as the broker stamped it. */
  time: number;
  message: string;
}

export class BrokerError extends Error {
  constructor(
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

export interface BrokerClient {
  publish(topic: string, body: string, signal?: AbortSignal): Promise<void>;
  /** `since`: a message id (exclusive), a duration such as "90s", "all", or a Unix time. */
  poll(topic: string, since: string, signal?: AbortSignal): Promise<NtfyMessage[]>;
}

export interface NtfyOptions {
  brokerUrl: string;
  /** Access token of a self-hosted ntfy with ACLs (sent as a bearer token). */
  token?: string | null;
  timeoutMs?: number;
  /** Poll responses are read up to this many bytes; the rest is left for the next poll. */
  maxReadBytes?: number;
}

const DEFAULT_TIMEOUT_MS = 20_000;
const DEFAULT_MAX_READ = 512 * 1024;

function describe(err: unknown): string {
  const e = err as {code?: string; name?: string; message?: string};
  if (e.name === 'AbortError') return 'request aborted';
  return cleanText(`cannot reach broker: ${e.code ?? e.message ?? String(err)}`);
}

/** Longest broker-provided text kept in an error (it ends up in logs, `aura fleet` and the tab). */
const MAX_DETAIL_CHARS = 120;

/**
 * "429 limit reached: too many requests" from ntfy's JSON error body when there is one. The body is
 * the broker's text: control and bidi characters are replaced before it reaches any terminal.
 */
async function httpError(statusCode: number, body: {text(): Promise<string>}): Promise<BrokerError> {
  let detail = '';
  try {
    const parsed = JSON.parse((await body.text()).slice(0, 2000)) as {error?: unknown};
    if (typeof parsed.error === 'string') detail = ` ${cleanText([...parsed.error].slice(0, MAX_DETAIL_CHARS).join(''))}`;
  } catch {
    // not JSON: the status alone says enough
  }
  return new BrokerError(`broker answered ${statusCode}${detail}`, statusCode);
}

/** Complete NDJSON lines of a poll response, reading at most `max` bytes. */
async function readLines(body: AsyncIterable<Buffer> & {destroy(): unknown}, max: number): Promise<string[]> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= max) {
      truncated = true;
      body.destroy();
      break;
    }
  }
  const text = Buffer.concat(chunks).subarray(0, max).toString('utf8');
  const lines = text.split('\n');
  // A cut response ends in a partial line: drop it, the cursor stops before it.
  if (truncated || !text.endsWith('\n')) lines.pop();
  return lines;
}

function parseMessage(line: string): NtfyMessage | null {
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof o !== 'object' || o === null) return null;
  const m = o as Record<string, unknown>;
  if (m.event !== 'message' || typeof m.id !== 'string' || typeof m.message !== 'string') return null;
  return {id: m.id, time: typeof m.time === 'number' ? m.time : 0, message: m.message};
}

export function ntfyClient(opts: NtfyOptions): BrokerClient {
  const base = opts.brokerUrl.replace(/\/+$/, '');
  const timeout = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const auth: Record<string, string> = opts.token ? {authorization: `Bearer ${opts.token}`} : {};

  /**
   * One request with an overall deadline: undici's body timeout restarts with every chunk, so a
   * broker dripping a byte every few seconds would otherwise hold the loop forever. Expiry is a
   * broker error like any other (the loop backs off and retries).
   */
  const call = async <T>(
    url: string,
    init: {method: 'GET' | 'POST'; headers: Record<string, string>; body?: string},
    signal: AbortSignal | undefined,
    read: (body: Dispatcher.ResponseData['body']) => Promise<T>,
  ): Promise<T> => {
    const deadline = AbortSignal.timeout(timeout);
    try {
      const res = await request(url, {
        ...init,
        headers: {...init.headers, ...auth},
        headersTimeout: timeout,
        bodyTimeout: timeout,
        signal: signal ? AbortSignal.any([signal, deadline]) : deadline,
      });
      if (res.statusCode !== 200) throw await httpError(res.statusCode, res.body);
      return await read(res.body);
    } catch (err) {
      if (err instanceof BrokerError) throw err;
      if (deadline.aborted && !signal?.aborted) throw new BrokerError(`broker did not answer within ${Math.ceil(timeout / 1000)}s`);
      throw new BrokerError(describe(err));
    }
  };

  return {
    async publish(topic, body, signal) {
      // Caching stays on (no "X-Cache: no"): peers read heartbeats back with poll=1, which only
      // returns cached messages.
      const init = {method: 'POST' as const, headers: {priority: 'min', 'content-type': 'text/plain'}, body};
      await call(`${base}/${topic}`, init, signal, (res) => res.dump());
    },
    async poll(topic, since, signal) {
      const url = `${base}/${topic}/json?poll=1&since=${encodeURIComponent(since)}`;
      const lines = await call(url, {method: 'GET', headers: {}}, signal, (res) => readLines(res, opts.maxReadBytes ?? DEFAULT_MAX_READ));
      return lines.map(parseMessage).filter((m): m is NtfyMessage => m !== null);
    },
  };
}
