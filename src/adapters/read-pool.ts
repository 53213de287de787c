// Runs the file scans of a large read on two cores: one worker thread, and this thread, which also
// merges every result (a third thread would cost another isolate's memory for little gain on two
// cores). Small reads, and runs where the compiled worker is not available (tests run the
// TypeScript sources), scan in this thread only.
import {existsSync} from 'node:fs';
import {availableParallelism} from 'node:os';
import {fileURLToPath} from 'node:url';
import {Worker} from 'node:worker_threads';
import {scanFile, type ScanJob, type ScanResult} from './fs-read.js';

/** Below this many bytes a worker costs more to start than it saves. */
const WORKER_MIN_BYTES = 64 << 20;
/** This thread's share of the bytes: less than half, as it also merges. */
const MAIN_SHARE = 0.4;

const workerUrl = new URL('./read-worker.js', import.meta.url);

function canUseWorkers(): boolean {
  return workerUrl.protocol === 'file:' && existsSync(fileURLToPath(workerUrl));
}

/** Largest first into the bin least loaded for its weight: balanced by bytes. */
function partition(jobs: readonly ScanJob[], sizes: readonly number[], weights: readonly number[]): ScanJob[][] {
  const out: ScanJob[][] = weights.map(() => []);
  const load = weights.map(() => 0);
  const order = jobs.map((_, i) => i).sort((a, b) => sizes[b]! - sizes[a]!);
  for (const i of order) {
    let best = 0;
    for (let b = 1; b < weights.length; b++) if (load[b]! / weights[b]! < load[best]! / weights[best]!) best = b;
    out[best]!.push(jobs[i]!);
    load[best]! += sizes[i]!;
  }
  return out;
}

/** Scans in this thread, letting timers and worker messages through between files. */
async function scanHere(jobs: readonly ScanJob[], onResult: (r: ScanResult) => void): Promise<void> {
  for (const job of jobs) {
    onResult(scanFile(job));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/**
 * Scans every job and calls `onResult` for each file as it completes (in any order).
 * `sizes[i]` = bytes job i is expected to read.
 */
export async function scanAll(
  jobs: readonly ScanJob[],
  sizes: readonly number[],
  onResult: (r: ScanResult) => void,
  opts: {workers?: boolean} = {},
): Promise<void> {
  const total = sizes.reduce((a, b) => a + b, 0);
  if (opts.workers === false || total < WORKER_MIN_BYTES || jobs.length < 2 || availableParallelism() < 2 || !canUseWorkers()) {
    await scanHere(jobs, onResult);
    return;
  }
  const [theirs, ours] = partition(jobs, sizes, [1 - MAIN_SHARE, MAIN_SHARE]) as [ScanJob[], ScanJob[]];
  // A small young generation: the scan's garbage is short-lived, and peak memory matters.
  const worker = new Worker(workerUrl, {resourceLimits: {maxYoungGenerationSizeMb: 4}});
  const done = new Promise<void>((resolve, reject) => {
    worker.on('message', (r: ScanResult | null) => {
      if (r === null) resolve();
      else onResult(r);
    });
    worker.on('error', reject);
    worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`reader worker exited with ${code}`))));
  });
  worker.postMessage(theirs);
  try {
    await Promise.all([scanHere(ours, onResult), done]);
  } finally {
    await worker.terminate();
  }
}
