#!/usr/bin/env node
// `aura report daily --json` against `ccusage daily --json --offline` (20.0.24) on a generated
// 1 GiB corpus (BENCH_REPORT_SIZE; cached in .bench/), alternating runs, medians of BENCH_ROUNDS:
// - cold (empty aura cache): wall time ≤ 0.5 × ccusage's, peak RSS ≤ 150 MB
// - warm (nothing changed): wall ≤ 0.25 s
// - one line appended: only that line is read (bytes read from the index), and its wall time
// Peak RSS comes from GNU time (/usr/bin/time -f %M) when present, else from polling /proc.
import {spawn, spawnSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {ccusageBin} from '../lib/ccusage.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const sizeArg = process.env.BENCH_REPORT_SIZE ?? '1GiB';
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const seed = 1;
const corpus = join(root, '.bench', `corpus-${sizeArg}-s${seed}`);
const stamp = `${corpus}.json`;
const dist = (p) => pathToFileURL(join(root, 'dist', p)).href;

// 1. The corpus, generated once per generator version (the stamp says it is complete, and by what).
const generator = createHash('sha256').update(readFileSync(join(root, 'dist/fixtures/generate.js'))).digest('hex').slice(0, 12);
const fresh = existsSync(stamp) && JSON.parse(readFileSync(stamp, 'utf8')).generator === generator;
if (!fresh) {
  rmSync(corpus, {recursive: true, force: true});
  const t = Date.now();
  const r = spawnSync(process.execPath, [join(root, 'dist/fixtures/cli.js'), corpus, '--seed', String(seed), '--size', sizeArg, '--now', '2026-11-30T18:00:00Z'], {encoding: 'utf8'});
  if (r.status !== 0) throw new Error(`corpus generation failed: ${r.stderr}`);
  writeFileSync(stamp, JSON.stringify({...JSON.parse(r.stdout), generator}));
  console.log(`generated ${corpus} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}
const info = JSON.parse(readFileSync(stamp, 'utf8'));
console.log(`corpus: ${(info.bytes / 2 ** 30).toFixed(2)} GiB, ${info.files} files (seed ${seed})`);

const gnuTime = existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-f', '%M', 'true'], {encoding: 'utf8'}).status === 0;
const tmp = mkdtempSync(join(tmpdir(), 'aura-bench-report-'));
// Whatever fails below, the temporary cache and home go.
process.on('exit', () => rmSync(tmp, {recursive: true, force: true}));
const home = join(tmp, 'home');
const cache = join(tmp, 'cache');

/** Runs a command to completion: wall ms and peak RSS MB. */
async function measure(cmd, args, env) {
  const out = join(tmp, 'time.out');
  const argv = gnuTime ? ['/usr/bin/time', '-f', '%M', '-o', out, cmd, ...args] : [cmd, ...args];
  const t = process.hrtime.bigint();
  let peakKb = 0;
  const child = spawn(argv[0], argv.slice(1), {env: {...process.env, HOME: home, ...env}, stdio: ['ignore', 'ignore', 'pipe']});
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const poll = gnuTime
    ? null
    : setInterval(() => {
        try {
          const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
          if (m) peakKb = Math.max(peakKb, Number(m[1]));
        } catch {
          // exited
        }
      }, 10);
  const code = await new Promise((resolve) => child.on('close', resolve));
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (poll) clearInterval(poll);
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr}`);
  if (gnuTime) peakKb = Number(readFileSync(out, 'utf8').trim().split('\n').pop());
  return {ms, mb: peakKb / 1024};
}

// Both run as programs, the way a user runs them (bin/aura starts node with its own flags).
const aura = (env = {}) => measure(join(root, 'bin/aura'), ['report', 'daily', '--json', '--claude-dir', corpus], {XDG_CACHE_HOME: cache, ...env});
const ccusage = () => measure(ccusageBin(), ['daily', '--json', '--offline'], {CLAUDE_CONFIG_DIR: corpus});
const median = (xs, f) => [...xs].map(f).sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const verdict = (ok) => (ok ? 'met' : 'NOT met');

// 2. Cold, side by side (page cache warmed by one untimed run of each).
await ccusage();
rmSync(cache, {recursive: true, force: true});
await aura();
const cold = [];
const peer = [];
for (let i = 0; i < rounds; i++) {
  peer.push(await ccusage());
  rmSync(cache, {recursive: true, force: true});
  cold.push(await aura());
}
const coldMs = median(cold, (r) => r.ms);
const coldMb = median(cold, (r) => r.mb);
const peerMs = median(peer, (r) => r.ms);
const peerMb = median(peer, (r) => r.mb);
const ratio = coldMs / peerMs;
console.log(`cold   aura ${fmt(coldMs)}, ${coldMb.toFixed(0)} MB peak · ccusage ${fmt(peerMs)}, ${peerMb.toFixed(0)} MB peak`);
console.log(`       wall ratio ${ratio.toFixed(2)} (target ≤ 0.50, ${verdict(ratio <= 0.5)}) · peak RSS ${coldMb.toFixed(0)} MB (target ≤ 150, ${verdict(coldMb <= 150)})`);

// 2b. The JavaScript reader alone (AURA_NATIVE=0: where the native scanner is not built), for reference.
const js = [];
for (let i = 0; i < rounds; i++) {
  rmSync(cache, {recursive: true, force: true});
  js.push(await aura({AURA_NATIVE: '0'}));
}
console.log(`cold   aura without the native scanner ${fmt(median(js, (r) => r.ms))}, ${median(js, (r) => r.mb).toFixed(0)} MB peak (ratio ${(median(js, (r) => r.ms) / peerMs).toFixed(2)})`);

// 3. Warm: nothing changed since the cold run left its index.
const warm = [];
for (let i = 0; i < Math.max(rounds, 5); i++) warm.push(await aura());
const warmMs = median(warm, (r) => r.ms);
console.log(`warm   aura ${fmt(warmMs)}, ${median(warm, (r) => r.mb).toFixed(0)} MB peak (target ≤ 250 ms, ${verdict(warmMs <= 250)})`);

// 4. One line appended to the newest session: bytes read (library, on a copy of the index), then
//    the command's wall time. The corpus file is cut back afterwards so the cache stays valid.
const projects = join(corpus, 'projects');
const newest = readdirSync(projects, {recursive: true, encoding: 'utf8'})
  .filter((p) => p.endsWith('.jsonl') && !p.includes('subagents'))
  .map((p) => join(projects, p))
  .sort((a, b) => statSync(b).size - statSync(a).size)[0];
const size = statSync(newest).size;
const line = `${JSON.stringify({parentUuid: null, isSidechain: false, userType: 'external', cwd: '/home/dev/bench', sessionId: 'bench', version: '2.1.90', message: {model: 'claude-opus-4-6', id: 'msg_bench_append', type: 'message', role: 'assistant', content: [{type: 'text', text: 'ok'}], stop_reason: 'end_turn', stop_sequence: null, usage: {input_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1}}, requestId: 'req_bench_append', type: 'assistant', uuid: '00000000-0000-4000-8000-00000000beef', timestamp: new Date().toISOString()})}\n`;
try {
  appendFileSync(newest, line);
  const copy = join(tmp, 'cache-copy');
  cpSync(cache, copy, {recursive: true});
  const {UsageIndex, resolveClaudeRoots} = await import(dist('src/core/usage.js'));
  const idx = await UsageIndex.open({roots: resolveClaudeRoots([corpus], {HOME: home}), cacheDir: join(copy, 'aura')});
  await idx.refresh();
  const appended = await aura();
  const only = idx.lastBytesRead === Buffer.byteLength(line);
  console.log(`append aura ${fmt(appended.ms)}; bytes read ${idx.lastBytesRead} for a ${Buffer.byteLength(line)}-byte line (only that line: ${verdict(only)})`);
} finally {
  truncateSync(newest, size);
}
