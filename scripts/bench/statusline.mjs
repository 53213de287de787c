#!/usr/bin/env node
// `aura statusline` start-to-exit time against a bare `node -e 0` on the same machine
// (target: ratio ≤ 1.5). Runs alternate so background load hits both sides alike; medians.
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const rounds = Number(process.env.BENCH_ROUNDS ?? 25);
const home = mkdtempSync(join(tmpdir(), 'aura-bench-statusline-'));
const env = {...process.env, HOME: home, XDG_STATE_HOME: join(home, 'state'), XDG_CACHE_HOME: join(home, 'cache'), XDG_CONFIG_HOME: join(home, 'config')};
const now = Math.floor(Date.now() / 1000);
const input = JSON.stringify({
  session_id: '5b7e0c1a-2f43-4d8e-9a61-3c0f7d2e8b14',
  model: {id: 'claude-opus-4-6', display_name: 'Opus 4.6'},
  cost: {total_cost_usd: 1.83},
  rate_limits: {five_hour: {used_percentage: 37, resets_at: now + 7200}, seven_day: {used_percentage: 22.5, resets_at: now + 3 * 86400}},
});

function time(args) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, {input, env, cwd: root, encoding: 'utf8'});
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const bare = [];
const statusline = [];
time(['bin/aura', 'statusline']); // warm the file cache
for (let i = 0; i < rounds; i++) {
  bare.push(time(['-e', '0']));
  statusline.push(time(['bin/aura', 'statusline']));
}
rmSync(home, {recursive: true, force: true});
const b = median(bare);
const s = median(statusline);
const ratio = s / b;
console.log(`statusline: aura statusline ${s.toFixed(1)} ms vs node -e 0 ${b.toFixed(1)} ms (median of ${rounds}) → ratio ${ratio.toFixed(2)} (target ≤ 1.50${ratio <= 1.5 ? ', met' : ', NOT met'})`);
