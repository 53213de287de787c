// An isolated aura home for fleet tests: its own HOME (so XDG dirs), a file secret store, a small
// transcript corpus with known tokens, a fresh statusline record for the account's windows, and
// a config pointing the fleet at a loopback broker with a fast test cadence.
import {spawnSync} from 'node:child_process';
import {mkdirSync, writeFileSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {writeStatuslineRecord} from '../../src/adapters/statusline-record.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin/aura');
export const HOUR = 3600_000;

export interface Usage {
  at: number;
  input: number;
  output: number;
}

export interface FleetHome {
  name: string;
  dir: string;
  env: Record<string, string>;
}

function transcript(home: string, entries: Usage[]): void {
  const dir = join(home, '.claude/projects/-work-demo');
  mkdirSync(dir, {recursive: true});
  const lines = entries.map((e, i) =>
    JSON.stringify({
      type: 'assistant',
      sessionId: 'sess-1',
      cwd: '/work/demo',
      isSidechain: false,
      timestamp: new Date(e.at).toISOString(),
      requestId: `req_${i}`,
      // cache tokens are not "tokens" for the fleet: only input + output count
      message: {id: `msg_${i}`, model: 'claude-sonnet-4-5', role: 'assistant', usage: {input_tokens: e.input, output_tokens: e.output, cache_read_input_tokens: 5000, cache_creation_input_tokens: 100}},
    }),
  );
  writeFileSync(join(dir, 'sess-1.jsonl'), `${lines.join('\n')}\n`);
}

/** 5-hour window at 40 % resetting in 2 h, weekly at 55.4 % resetting in 3 days (as of `now`). */
export function makeFleetHome(base: string, name: string, brokerUrl: string, usage: Usage[], now: number, extraToml = ''): FleetHome {
  const dir = join(base, name);
  mkdirSync(join(dir, '.config/aura'), {recursive: true});
  writeFileSync(join(dir, '.config/aura/config.toml'), `[fleet]\nbroker_url = "${brokerUrl}"\nmachine_label = "${name}"\n${extraToml}`);
  transcript(dir, usage);
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    USER: name,
    LANG: 'C.UTF-8',
    AURA_SECRET_BACKEND: 'file',
    AURA_FLEET_HEARTBEAT_SECS: '1',
    AURA_FLEET_MIN_HEARTBEAT_SECS: '1',
    AURA_FLEET_STALE_SECS: '4',
  };
  writeStatuslineRecord(
    {five_hour: {used_percentage: 40, resets_at: Math.floor((now + 2 * HOUR) / 1000)}, seven_day: {used_percentage: 55.4, resets_at: Math.floor((now + 72 * HOUR) / 1000)}},
    now,
    env,
  );
  return {name, dir, env};
}

/** Run the built CLI in a home, synchronously. */
export const aura = (home: FleetHome, args: string[], input?: string) =>
  spawnSync(process.execPath, [BIN, ...args], {env: home.env, input, encoding: 'utf8', timeout: 30_000});
