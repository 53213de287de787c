// A real HTTP server on 127.0.0.1 that speaks the usage endpoint, with switchable behaviours
// and a request counter, so the client, the cache and the back-off are tested over a socket.
import {createServer, type IncomingHttpHeaders, type Server} from 'node:http';
import type {Socket} from 'node:net';

export type Behaviour =
  | {kind: 'json'; status?: number; body: unknown; headers?: Record<string, string>}
  | {kind: 'text'; status: number; text: string; headers?: Record<string, string>}
  /** Accepts the request and never answers. */
  | {kind: 'hang'}
  /** A 200 HTML page quoting the request's headers, Authorization included (a misbehaving proxy). */
  | {kind: 'echo'}
  /** A 200 body of `bytes` bytes of `fill`, written in 64 KiB chunks. */
  | {kind: 'stream'; bytes: number; fill?: string};

export interface UsageApiServer {
  url: string;
  /** Requests received so far. */
  readonly count: number;
  /** Headers of the last request. */
  readonly lastHeaders: IncomingHttpHeaders | null;
  set(b: Behaviour): void;
  close(): Promise<void>;
}

export async function startUsageApiServer(initial: Behaviour): Promise<UsageApiServer> {
  let behaviour = initial;
  let count = 0;
  let lastHeaders: IncomingHttpHeaders | null = null;
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    count++;
    lastHeaders = req.headers;
    const b = behaviour;
    if (b.kind === 'hang') return; // the socket is destroyed on close()
    if (b.kind === 'echo') {
      res.writeHead(200, {'content-type': 'text/html'});
      const {authorization, ...rest} = req.headers;
      const lines = [`authorization: ${String(authorization)}`, ...Object.entries(rest).map(([k, v]) => `${k}: ${String(v)}`)];
      res.end(`<html><pre>${lines.join('\n')}</pre></html>`);
      return;
    }
    if (b.kind === 'stream') {
      res.writeHead(200, {'content-type': 'application/json'});
      const chunk = Buffer.alloc(64 * 1024, b.fill ?? 'a');
      let left = b.bytes;
      // Respects back-pressure, and stops when the client hangs up.
      const pump = (): void => {
        while (left > 0 && !res.destroyed) {
          const part = left >= chunk.length ? chunk : chunk.subarray(0, left);
          left -= part.length;
          if (!res.write(part)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
      return;
    }
    const status = b.status ?? 200;
    const text = b.kind === 'json' ? JSON.stringify(b.body) : b.text;
    res.writeHead(status, {'content-type': 'application/json', ...b.headers});
    res.end(text);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as {port: number};
  return {
    url: `http://127.0.0.1:${port}/api/oauth/usage`,
    get count() {
      return count;
    },
    get lastHeaders() {
      return lastHeaders;
    },
    set(b) {
      behaviour = b;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** RFC 3339 with microseconds and an offset, as the live API writes it. */
const iso = (ms: number) => new Date(ms).toISOString().replace(/Z$/, '412+00:00');

/** The root shape with microsecond ISO resets (five_hour 37 %, seven_day 22 %, sonnet 9 %). */
export function rootBody(now: number): Record<string, unknown> {
  return {
    five_hour: {utilization: 37.0, resets_at: iso(now + 2 * 3_600_000)},
    seven_day: {utilization: 22.0, resets_at: iso(now + 3 * 86_400_000)},
    seven_day_oauth_apps: null,
    seven_day_opus: null,
    seven_day_sonnet: {utilization: 9.0, resets_at: iso(now + 3 * 86_400_000)},
    iguana_necktie: null,
    extra_usage: {is_enabled: false, monthly_limit: null, used_credits: null, utilization: null},
  };
}

/** The nested shape: windows under `rate_limits`, `used_percentage`, epoch-second resets. */
export function nestedBody(now: number): Record<string, unknown> {
  return {
    rate_limits: {
      five_hour: {used_percentage: 55.5, resets_at: Math.floor((now + 3_600_000) / 1000)},
      seven_day: {used_percentage: 40, resets_at: Math.floor((now + 2 * 86_400_000) / 1000)},
    },
  };
}

/** Only `limits[]` (legacy keys null), with a model-scoped cap, an unknown kind and the active flag. */
export function limitsBody(now: number): Record<string, unknown> {
  return {
    five_hour: null,
    seven_day: null,
    seven_day_opus: null,
    seven_day_sonnet: null,
    limits: [
      {kind: 'session', group: 'session', percent: 64, severity: 'normal', resets_at: iso(now + 90 * 60_000), scope: null, is_active: false},
      {kind: 'weekly_all', group: 'weekly', percent: 31, severity: 'normal', resets_at: iso(now + 4 * 86_400_000), scope: null, is_active: false},
      {kind: 'weekly_scoped', group: 'weekly', percent: 80, severity: 'warning', resets_at: iso(now + 4 * 86_400_000), scope: {model: {id: 'claude-fable-1', display_name: 'Fable'}, surface: null}, is_active: true},
      {kind: 'monthly_mystery', group: 'monthly', percent: 99, severity: 'normal', resets_at: iso(now + 20 * 86_400_000), scope: null, is_active: false},
    ],
  };
}
