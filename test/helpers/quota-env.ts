// A sandbox for quota component tests: temp XDG dirs in process.env (the tabs use the real
// service, which reads them), a temp Claude dir with fake credentials, and a loopback endpoint.
import {createHash} from 'node:crypto';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {ReactElement} from 'react';
import {afterAll, afterEach, beforeAll} from 'vitest';
import {defaultConfig, type AuraConfig} from '../../src/core/config/schema.js';
import {renderTui} from './tui.js';
import {rootBody, startUsageApiServer, type UsageApiServer} from './usage-api-server.js';

export interface QuotaSandbox {
  server: UsageApiServer;
  claudeDir: string;
  /** A config whose usage_url points at the loopback endpoint. */
  config: (over?: Partial<AuraConfig['pacing']>) => AuraConfig;
  /** Forgets the shared cache and statusline record between tests. */
  reset(): void;
  /** Throws when the credentials file changed. */
  checkCredentials(): void;
  close(): Promise<void>;
}

export async function quotaSandbox(now: number): Promise<QuotaSandbox> {
  const dir = mkdtempSync(join(tmpdir(), 'aura-quota-tab-'));
  for (const k of ['AURA_USAGE_URL', 'CLAUDE_CODE_OAUTH_TOKEN', 'CLAUDE_CONFIG_DIR']) delete process.env[k];
  process.env.XDG_CACHE_HOME = join(dir, 'cache');
  process.env.XDG_STATE_HOME = join(dir, 'state');
  const claudeDir = join(dir, 'claude');
  mkdirSync(claudeDir, {recursive: true});
  const cred = join(claudeDir, '.credentials.json');
  writeFileSync(cred, JSON.stringify({claudeAiOauth: {accessToken: 'sk-ant-oat01-tab-test', expiresAt: now + 8 * 3_600_000, subscriptionType: 'max'}}), {mode: 0o600});
  const hash = createHash('sha256').update(readFileSync(cred)).digest('hex');
  const server = await startUsageApiServer({kind: 'json', body: rootBody(now)});
  return {
    server,
    claudeDir,
    config(over = {}) {
      const c = defaultConfig();
      c.quota.usage_url = server.url;
      c.pacing = {...c.pacing, ...over};
      return c;
    },
    reset() {
      rmSync(join(dir, 'cache'), {recursive: true, force: true, maxRetries: 10, retryDelay: 100});
      rmSync(join(dir, 'state'), {recursive: true, force: true, maxRetries: 10, retryDelay: 100});
    },
    checkCredentials() {
      if (createHash('sha256').update(readFileSync(cred)).digest('hex') !== hash) throw new Error('credentials file changed');
    },
    async close() {
      await server.close();
      rmSync(dir, {recursive: true, force: true, maxRetries: 10, retryDelay: 100});
    },
  };
}

/** Polls until `ok` holds (or gives up after `ms`), for frames that update after a request. */
export async function until(ok: () => boolean, ms = 4000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}

/**
 * Per-file harness for a quota tab: the sandbox around the whole file, a settable clock, and a
 * mount that waits for some text; after each test the tab is unmounted, the credentials checked
 * byte for byte, the cache and statusline record forgotten and the endpoint reset to 200.
 */
export function quotaTabHarness(t0: number) {
  let box: QuotaSandbox | undefined;
  let app: Awaited<ReturnType<typeof renderTui>> | undefined;
  const h = {
    clock: t0,
    /** Stable identity: the tab's hook restarts its timer when `now` changes. */
    now: () => h.clock,
    get box(): QuotaSandbox {
      return box!;
    },
    async mount(node: ReactElement, wait?: string, size?: {columns: number; rows: number}): Promise<string> {
      app?.unmount();
      app = await renderTui(node, size);
      if (wait) await until(() => app!.frame().includes(wait));
      return app.frame();
    },
    frame: (): string => app?.frame() ?? '',
    unmount(): void {
      app?.unmount();
      app = undefined;
    },
  };
  beforeAll(async () => {
    box = await quotaSandbox(t0);
  });
  afterAll(() => box?.close());
  afterEach(() => {
    h.unmount();
    box!.checkCredentials();
    box!.reset();
    h.clock = t0;
    box!.server.set({kind: 'json', body: rootBody(t0)});
  });
  return h;
}
