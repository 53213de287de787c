// Runs the file scans of a read. With the native scanner (./native-scan.ts), on libuv's thread
// pool. Without it, a large read runs on two cores: one worker thread, and this thread, which
// also merges every result (a third thread would cost another isolate's memory for little gain on
// two cores); small reads, and runs where the compiled worker is not available (tests run the
// TypeScript sources), scan in this thread only.
import {existsSync} from 'node:fs';
import {availableParallelism} from 'node:os';
import {fileURLToPath} from 'node:url';
import {Worker} from 'node:worker_threads';
import {scanFile, type ScanJob, type ScanResult} from './fs-read.js';
import {hasNativeScanner, scanFileNative} from './native-scan.js';

/** 'auto': native when built, else as below; 'never' / 'always': the JavaScript reader without / with its worker. */
export type WorkerUse = 'auto' | 'never' | 'always';

/** Below this many bytes a worker costs more to start than it saves. */
const WORKER_MIN_BYTES = 64 << 20;
/** Bytes handed to the worker at a time: small enough to balance, large enough to keep it busy. */
const BATCH_BYTES = 16 << 20;

const workerUrl = new URL('./read-worker.js', import.meta.url);

function canUseWorkers(): boolean {
  return workerUrl.protocol === 'file:' && existsSync(fileURLToPath(workerUrl));
}

/**
 * The native scanner reads files on libuv's thread pool, largest first, while this thread merges
 * each result as it arrives; a file it hands back is read here. One file in flight per pool
 * thread (4 unless UV_THREADPOOL_SIZE says otherwise), even on two cores: with only one per core,
 * a core waits each time its result waits for this thread (measured: 0.8-0.95 s against 1.0-1.25 s
 * on the 1 GiB benchmark).
 */
async function scanNative(queue: {job: ScanJob; size: number}[], onResult: (r: ScanResult) => void): Promise<void> {
  queue.sort((a, b) => b.size - a.size);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < queue.length) {
      const job = queue[next++]!.job;
      onResult((await scanFileNative(job)) ?? scanFile(job));
    }
  };
  await Promise.all(Array.from({length: Number(process.env.UV_THREADPOOL_SIZE) || 4}, lane));
}

const tick = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Scans every job and calls `onResult` for each file as it completes (in any order).
 * `sizes[i]` = bytes job i is expected to read. Large reads share one queue, largest files first,
 * between a worker thread (fed in batches as it asks) and this thread, which also merges every
 * result: both cores stay busy whatever the mix of file sizes.
 */
export async function scanAll(
  jobs: readonly ScanJob[],
  sizes: readonly number[],
  onResult: (r: ScanResult) => void,
  opts: {workers?: WorkerUse} = {},
): Promise<void> {
  const total = sizes.reduce((a, b) => a + b, 0);
  const queue = jobs.map((job, i) => ({job, size: sizes[i]!}));
  const use = opts.workers ?? 'auto';
  // 'never' and 'always' choose how the JavaScript reader runs (tests use them).
  if (use === 'auto' && hasNativeScanner()) {
    await scanNative(queue, onResult);
    return;
  }
  const worth = use === 'always' || (use === 'auto' && total >= WORKER_MIN_BYTES && availableParallelism() >= 2);
  if (!worth || jobs.length < 2 || !canUseWorkers()) {
    for (const {job} of queue) {
      onResult(scanFile(job));
      // Let timers (a progress bar) run between files.
      await tick();
    }
    return;
  }
  queue.sort((a, b) => b.size - a.size);
  let next = 0;
  /** Handed to the worker, no result yet: scanned here if the worker dies. */
  const pending = new Map<number, ScanJob>();
  const batch = (): ScanJob[] => {
    const out: ScanJob[] = [];
    for (let bytes = 0; next < queue.length && bytes < BATCH_BYTES; next++) {
      out.push(queue[next]!.job);
      pending.set(queue[next]!.job.file, queue[next]!.job);
      bytes += queue[next]!.size;
    }
    return out;
  };
  // A small young generation: the scan's garbage is short-lived, and peak memory matters.
  const worker = new Worker(workerUrl, {resourceLimits: {maxYoungGenerationSizeMb: 4}});
  const done = new Promise<void>((resolve) => {
    worker.on('message', (r: ScanResult | null) => {
      if (r === null) worker.postMessage(batch());
      else {
        pending.delete(r.file);
        onResult(r);
      }
    });
    // A worker that fails (out of memory, a bug) costs speed, never data.
    worker.on('error', () => resolve());
    worker.on('exit', () => resolve());
  });
  worker.postMessage(batch());
  try {
    while (next < queue.length) {
      onResult(scanFile(queue[next++]!.job));
      await tick();
    }
    await done;
    for (const job of pending.values()) onResult(scanFile(job));
  } finally {
    await worker.terminate();
  }
}
