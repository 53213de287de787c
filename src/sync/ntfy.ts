// The ntfy transport (aura-seed-spec §6.4, formats.md §4): publish one body, poll the cache.
// Errors are one line and never name the topic (it is derived from the secret).
import {request, type Dispatcher} from 'undici';
import {cleanText} from '../core/text.js';

export interface NtfyMessage {
  id: string;
  /** Unix seconds, as the broker stamped it. */
  time: number;
  message: string;
  /** The line was too long to read: `message` is empty, `id` is '' when the head didn't hold one. */
  oversized?: true;
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
  /** Poll responses are read up to this many bytes in all; the rest is left for the next poll. */
  maxReadBytes?: number;
}

/** Overall deadline of one publish or poll, as in the original app. */
export const REQUEST_TIMEOUT_MS = 20_000;
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

/**
 * Longest poll line taken as a message. A real one is under 5 KiB (ntfy caps a message at 4096
 * bytes); anything longer is skipped as `oversized` rather than buffered.
 */
const MAX_LINE_BYTES = 64 * 1024;
/** Enough of a skipped line to find its id and time (ntfy writes them first). */
const HEAD_BYTES = 256;

type PollLine = {text: string} | {oversizedHead: string};

/**
 * NDJSON lines of a poll response, reading at most `max` bytes in all. Lines over MAX_LINE_BYTES
 * are not kept, only their head: they are reported so the cursor can move past them (one huge
 * line at the head of the cache would otherwise be re-read, and cut, on every poll).
 * A complete-looking line cut by `max` is dropped: the cursor stops before it.
 */
async function readLines(body: AsyncIterable<Buffer> & {destroy(): unknown}, max: number): Promise<PollLine[]> {
  const out: PollLine[] = [];
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  /** Head of the over-long line being skipped, or null. */
  let skipping: string | null = null;
  let total = 0;
  const add = (part: Buffer) => {
    if (skipping !== null) return;
    pending.push(part);
    pendingBytes += part.length;
    if (pendingBytes > MAX_LINE_BYTES) {
      skipping = Buffer.concat(pending).subarray(0, HEAD_BYTES).toString('utf8');
      [pending, pendingBytes] = [[], 0];
    }
  };
  for await (const chunk of body) {
    const part = chunk.subarray(0, max - total);
    total += part.length;
    let from = 0;
    for (let nl = part.indexOf(10); nl !== -1; nl = part.indexOf(10, from)) {
      add(part.subarray(from, nl));
      out.push(skipping !== null ? {oversizedHead: skipping} : {text: Buffer.concat(pending).toString('utf8')});
      [pending, pendingBytes, skipping] = [[], 0, null];
      from = nl + 1;
    }
    add(part.subarray(from));
    if (total >= max) {
      body.destroy();
      break;
    }
  }
  // An over-long line is known to be one even when cut: report it so the cursor passes it.
  if (skipping !== null) out.push({oversizedHead: skipping});
  return out;
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

/** A message line skipped for its size: its id from the head when there is one ('' otherwise). */
function oversizedMessage(head: string): NtfyMessage {
  const id = /"id"\s*:\s*"([A-Za-z0-9]{1,32})"/.exec(head)?.[1] ?? '';
  const time = Number(/"time"\s*:\s*(\d{1,12})/.exec(head)?.[1] ?? 0);
  return {id, time, message: '', oversized: true};
}

export function ntfyClient(opts: NtfyOptions): BrokerClient {
  const base = opts.brokerUrl.replace(/\/+$/, '');
  const timeout = opts.timeoutMs ?? REQUEST_TIMEOUT_MS;
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
      return lines.map((l) => ('text' in l ? parseMessage(l.text) : oversizedMessage(l.oversizedHead))).filter((m): m is NtfyMessage => m !== null);
    },
  };
}
