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
import {hasNativeScanner, scanFilesNative} from './native-scan.js';

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
 * Batches in flight at once for the native scanner: one per thread of libuv's pool (4 unless
 * UV_THREADPOOL_SIZE says otherwise), even on two cores: with only one per core, a core waits each
 * time its result waits for this thread. At most 32: each holds a read buffer.
 */
function nativeLanes(env: NodeJS.ProcessEnv): number {
  const n = Number(env.UV_THREADPOOL_SIZE);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, 32) : 4;
}

/** Files handed to a pool thread at once: a wake-up per file cost more than reading a small one. */
const NATIVE_BATCH_BYTES = 4 << 20;
const NATIVE_BATCH_FILES = 64;

/** The native scanner reads batches of files on libuv's thread pool; a file it hands back is read here. */
async function scanNative(jobs: readonly ScanJob[], sizes: readonly number[], onResult: (r: ScanResult) => void): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < jobs.length) {
      const from = next;
      for (let bytes = 0; next < jobs.length && next - from < NATIVE_BATCH_FILES && bytes < NATIVE_BATCH_BYTES; next++) bytes += sizes[next]!;
      const batch = jobs.slice(from, next);
      const results = await scanFilesNative(batch);
      batch.forEach((job, k) => onResult(results[k] ?? scanFile(job)));
    }
  };
  await Promise.all(Array.from({length: nativeLanes(process.env)}, lane));
}

/**
 * `deliver` called in job order, whatever order the results come in. Merging depends on order
 * (of two copies with equal totals the later read wins; rows with equal times keep their order),
 * so every thread layout must give the answer of reading the files one after another.
 */
function inJobOrder(jobs: readonly ScanJob[], deliver: (r: ScanResult) => void): (r: ScanResult) => void {
  const position = new Map(jobs.map((job, i) => [job.file, i]));
  const held: (ScanResult | undefined)[] = [];
  let next = 0;
  return (r) => {
    held[position.get(r.file)!] = r;
    for (let ready = held[next]; ready !== undefined; ready = held[next]) {
      held[next++] = undefined;
      deliver(ready);
    }
  };
}

const tick = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Scans every job and calls `onResult` for each file, in job order (see inJobOrder).
 * `sizes[i]` = bytes job i is expected to read. Without the native scanner, large reads share one
 * queue between a worker thread (fed in batches as it asks) and this thread, which also merges
 * every result.
 */
export async function scanAll(
  jobs: readonly ScanJob[],
  sizes: readonly number[],
  onResult: (r: ScanResult) => void,
  opts: {workers?: WorkerUse} = {},
): Promise<void> {
  const total = sizes.reduce((a, b) => a + b, 0);
  const use = opts.workers ?? 'auto';
  // 'never' and 'always' choose how the JavaScript reader runs (tests use them).
  if (use === 'auto' && hasNativeScanner()) {
    await scanNative(jobs, sizes, inJobOrder(jobs, onResult));
    return;
  }
  const worth = use === 'always' || (use === 'auto' && total >= WORKER_MIN_BYTES && availableParallelism() >= 2);
  if (!worth || jobs.length < 2 || !canUseWorkers()) {
    for (const job of jobs) {
      onResult(scanFile(job));
      // Let timers (a progress bar) run between files.
      await tick();
    }
    return;
  }
  const queue = jobs.map((job, i) => ({job, size: sizes[i]!}));
  const ordered = inJobOrder(jobs, onResult);
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
        ordered(r);
      }
    });
    // A worker that fails (out of memory, a bug) costs speed, never data.
    worker.on('error', () => resolve());
    worker.on('exit', () => resolve());
  });
  worker.postMessage(batch());
  try {
    while (next < queue.length) {
      ordered(scanFile(queue[next++]!.job));
      await tick();
    }
    await done;
    for (const job of pending.values()) ordered(scanFile(job));
  } finally {
    await worker.terminate();
  }
}
