// Runs the file scans on up to two worker threads (the reading and line scanning of a cold start
// is CPU-bound; the main thread merges results meanwhile), or in this thread for small reads and
// where the compiled worker is not available (tests run the TypeScript sources).
import {existsSync} from 'node:fs';
import {availableParallelism} from 'node:os';
import {fileURLToPath} from 'node:url';
import {Worker} from 'node:worker_threads';
import {scanFile, type ScanJob, type ScanResult} from './fs-read.js';

/** Below this many bytes a worker costs more to start than it saves. */
const WORKER_MIN_BYTES = 64 << 20;
const MAX_WORKERS = 2;

const workerUrl = new URL('./read-worker.js', import.meta.url);

function canUseWorkers(): boolean {
  return workerUrl.protocol === 'file:' && existsSync(fileURLToPath(workerUrl));
}

/** Largest first into the least loaded bin: balanced by bytes. */
function partition(jobs: readonly ScanJob[], sizes: readonly number[], bins: number): ScanJob[][] {
  const out: ScanJob[][] = Array.from({length: bins}, () => []);
  const load = new Array<number>(bins).fill(0);
  const order = jobs.map((_, i) => i).sort((a, b) => sizes[b]! - sizes[a]!);
  for (const i of order) {
    let best = 0;
    for (let b = 1; b < bins; b++) if (load[b]! < load[best]!) best = b;
    out[best]!.push(jobs[i]!);
    load[best]! += sizes[i]!;
  }
  return out;
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
  const n = Math.min(MAX_WORKERS, availableParallelism(), jobs.length);
  if (opts.workers === false || total < WORKER_MIN_BYTES || n < 1 || !canUseWorkers()) {
    for (const job of jobs) {
      onResult(scanFile(job));
      // Let timers (a progress bar) run between files.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return;
  }
  const bins = partition(jobs, sizes, n).filter((b) => b.length > 0);
  await Promise.all(
    bins.map(
      (bin) =>
        new Promise<void>((resolve, reject) => {
          // A small young generation: the scan's garbage is short-lived, and peak memory matters.
          const w = new Worker(workerUrl, {resourceLimits: {maxYoungGenerationSizeMb: 4}});
          w.on('message', (r: ScanResult | null) => {
            if (r === null) {
              void w.terminate();
              resolve();
            } else onResult(r);
          });
          w.on('error', reject);
          w.postMessage(bin);
        }),
    ),
  );
}
