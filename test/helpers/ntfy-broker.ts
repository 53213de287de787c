// A loopback ntfy-compatible broker for tests: publish (POST/PUT /{topic}), one-shot JSON poll
// (GET /{topic}/json?poll=1&since=…) with since = message id / duration / all / latest / none /
// Unix time, a per-topic cache, ntfy's 4096-byte message limit (attachments disabled → 400), an
// optional bearer token, and switches to answer 429 or to drop every connection.
import {randomBytes} from 'node:crypto';
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';

export interface StoredMessage {
  id: string;
  time: number;
  expires: number;
  event: 'message';
  topic: string;
  message: string;
}

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
}

export type BrokerMode = 'ok' | '429' | 'down';

const MESSAGE_LIMIT = 4096;
const CACHE_SECS = 12 * 3600;
const TOPIC = /^[-_A-Za-z0-9]{1,64}$/;
const ID_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

const newId = (): string => [...randomBytes(12)].map((b) => ID_CHARS[b % ID_CHARS.length]).join('');

function fail(res: ServerResponse, http: number, code: number, error: string): void {
  res.writeHead(http, {'content-type': 'application/json'});
  res.end(`${JSON.stringify({code, http, error, link: 'https://ntfy.sh/docs/'})}\n`);
}

export class NtfyBroker {
  mode: BrokerMode = 'ok';
  /** The `error` text of the 429 answer (a hostile broker can put anything there). */
  limitError = 'limit reached: too many requests';
  readonly requests: SeenRequest[] = [];
  private readonly topics = new Map<string, StoredMessage[]>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly token: string | null,
  ) {}

  static async start(opts: {token?: string} = {}): Promise<NtfyBroker> {
    let broker: NtfyBroker | null = null;
    const server = createServer((req, res) => broker!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const {port} = server.address() as AddressInfo;
    broker = new NtfyBroker(server, `http://127.0.0.1:${port}`, opts.token ?? null);
    return broker;
  }

  /** Cached messages of a topic, oldest first. */
  messages(topic: string): StoredMessage[] {
    return [...(this.topics.get(topic) ?? [])];
  }

  topicNames(): string[] {
    return [...this.topics.keys()];
  }

  /** Store a message as if published at `time` (Unix seconds): old messages for replay tests. */
  store(topic: string, message: string, time = Math.floor(Date.now() / 1000)): StoredMessage {
    const m: StoredMessage = {id: newId(), time, expires: time + CACHE_SECS, event: 'message', topic, message};
    const list = this.topics.get(topic) ?? [];
    list.push(m);
    list.sort((a, b) => a.time - b.time);
    this.topics.set(topic, list);
    return m;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url);
    this.requests.push({method: req.method ?? '', path: url.pathname + url.search, headers: req.headers});
    if (this.mode === 'down') {
      req.socket.destroy();
      return;
    }
    if (this.mode === '429') return fail(res, 429, 42901, this.limitError);
    if (this.token !== null && req.headers.authorization !== `Bearer ${this.token}`) {
      return fail(res, req.headers.authorization ? 403 : 401, req.headers.authorization ? 40301 : 40101, 'unauthorized');
    }
    const parts = url.pathname.split('/').filter(Boolean);
    const topic = parts[0] ?? '';
    if (!TOPIC.test(topic)) return fail(res, 400, 40009, 'invalid topic');
    if ((req.method === 'POST' || req.method === 'PUT') && parts.length === 1) return this.publish(topic, req, res);
    if (req.method === 'GET' && parts[1] === 'json' && parts.length === 2) return this.poll(topic, url, res);
    return fail(res, 404, 40401, 'page not found');
  }

  private publish(topic: string, req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      let text: string;
      try {
        text = new TextDecoder('utf-8', {fatal: true}).decode(body);
      } catch {
        text = '';
      }
      // ntfy turns a larger or non-UTF-8 body into an attachment; with attachments off it refuses.
      if (body.length > MESSAGE_LIMIT || (body.length > 0 && text === '')) return fail(res, 400, 40014, 'invalid request: attachments not allowed');
      // "X-Cache: no": delivered to live subscribers only, so a poll never returns it.
      const noCache = /^(no|0|false)$/i.test(String(req.headers['x-cache'] ?? req.headers.cache ?? ''));
      const m: StoredMessage = noCache
        ? {id: newId(), time: Math.floor(Date.now() / 1000), expires: 0, event: 'message', topic, message: text}
        : this.store(topic, text);
      res.writeHead(200, {'content-type': 'application/json'});
      res.end(`${JSON.stringify(m)}\n`);
    });
  }

  private poll(topic: string, url: URL, res: ServerResponse): void {
    if (url.searchParams.get('poll') !== '1') return fail(res, 400, 40001, 'this test broker only answers poll=1');
    const since = url.searchParams.get('since') ?? 'all';
    const all = this.topics.get(topic) ?? [];
    const now = Math.floor(Date.now() / 1000);
    let out: StoredMessage[];
    const duration = /^(\d+)(s|m|h|d)$/.exec(since);
    if (since === 'all') out = all;
    else if (since === 'none') out = [];
    else if (since === 'latest') out = all.slice(-1);
    else if (duration) {
      const secs = Number(duration[1]) * {s: 1, m: 60, h: 3600, d: 86400}[duration[2] as 's' | 'm' | 'h' | 'd'];
      out = all.filter((m) => m.time >= now - secs);
    } else if (/^\d+$/.test(since)) out = all.filter((m) => m.time >= Number(since));
    else if (/^[A-Za-z0-9]{1,32}$/.test(since)) {
      const at = all.findIndex((m) => m.id === since);
      out = at === -1 ? all : all.slice(at + 1); // an id no longer cached falls back to all
    } else return fail(res, 400, 40008, 'invalid since parameter');
    res.writeHead(200, {'content-type': 'application/x-ndjson; charset=utf-8'});
    res.end(out.map((m) => `${JSON.stringify(m)}\n`).join(''));
  }
}
