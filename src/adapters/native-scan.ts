// The native transcript scanner (native/scan.c, built by `npm ci` when a C compiler is present):
// reads a file on libuv's thread pool and answers exactly what scanFile (./fs-read.ts) would; a
// file it is not sure of (a rare shape, an escape where it reads, a read error) comes back null
// and is read in JavaScript. Not built (no compiler, another platform, a load error) or switched
// off with AURA_NATIVE=0, every file is read in JavaScript.
import {existsSync} from 'node:fs';
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';
import {cleanOrNull} from '../core/reader/parse-line.js';
import {cleanText} from '../core/text.js';
import type {FileMeta} from '../core/reader/index-model.js';
import type {ScanJob, ScanResult} from './fs-read.js';

type Parts = [head: Float64Array, nums: Float64Array, text: Buffer, ids: Uint32Array, names: Uint32Array];
type NativeScanFiles = (jobs: [path: string, offset: number, pendingNewline: boolean, needs: number][]) => Promise<(Parts | null)[] | null>;

// From src/adapters (tests) or dist/src/adapters (the build): the package root is two or three up.
const candidates = ['../../build/Release/aura_scan.node', '../../../build/Release/aura_scan.node'].map((p) => fileURLToPath(new URL(p, import.meta.url)));

let loaded: NativeScanFiles | null | undefined;

function binding(env: NodeJS.ProcessEnv): NativeScanFiles | null {
  if (env.AURA_NATIVE === '0') return null;
  if (loaded === undefined) {
    loaded = null;
    const path = candidates.find((p) => existsSync(p));
    if (path) {
      try {
        loaded = (createRequire(import.meta.url)(path) as {scanFiles: NativeScanFiles}).scanFiles;
      } catch {
        // Built for another node or platform: the JavaScript reader gives the same answers.
      }
    }
  }
  return loaded;
}

/** The native scanner is built here and not switched off. */
export const hasNativeScanner = (env: NodeJS.ProcessEnv = process.env): boolean => binding(env) !== null;

/** A quoted JSON string (escaped) or plain UTF-8 bytes of `text`, cleaned for display. */
function decoded(text: Buffer, from: number, to: number, escaped: boolean): string | null {
  if (from < 0) return null;
  const s = text.toString('utf8', from, to);
  return cleanOrNull(escaped ? (JSON.parse(s) as string) : s);
}

/**
 * scanFile of each job in native code, one after another on one thread of the pool; null for a
 * file that must be read in JavaScript. Each job's meta is updated as scanFile would.
 */
export async function scanFilesNative(jobs: readonly ScanJob[], env: NodeJS.ProcessEnv = process.env): Promise<(ScanResult | null)[]> {
  const scan = binding(env);
  const all = scan ? await scan(jobs.map((j) => [j.path, j.offset, j.pendingNewline, needsOf(j.meta)])) : null;
  return jobs.map((job, k) => (all?.[k] ? resultOf(job, all[k]) : null));
}

/** One file; null when it must be read in JavaScript. */
export const scanFileNative = async (job: ScanJob, env: NodeJS.ProcessEnv = process.env): Promise<ScanResult | null> => (await scanFilesNative([job], env))[0]!;

/** What the file's meta does not know yet: bit 1 cwd, 2 sessionId, 4 first timestamp, 8 ultracode. */
const needsOf = (meta: FileMeta): number => (meta.cwd === null ? 1 : 0) | (meta.sessionId === null ? 2 : 0) | (Number.isNaN(meta.firstTs) ? 4 : 0) | (meta.ultracode ? 0 : 8);

function resultOf(job: ScanJob, parts: Parts): ScanResult {
  const meta = job.meta;
  const [head, nums, text, idSpans, nameSpans] = parts;
  if (meta.cwd === null) meta.cwd = decoded(text, head[8]!, head[9]!, head[10] === 1);
  if (meta.sessionId === null) meta.sessionId = decoded(text, head[11]!, head[12]!, head[13] === 1);
  if (Number.isNaN(meta.firstTs)) meta.firstTs = head[5]!;
  if (!Number.isNaN(head[6]!)) meta.lastTs = head[6]!;
  if (head[4] === 1) meta.ultracode = true;
  meta.skippedLines += head[3]!;
  // Names as the JavaScript reader keeps them: cleaned for display, names[0] = '' (none).
  const names: string[] = [];
  for (let k = 0; k < nameSpans.length; k += 2) names.push(k === 0 ? '' : cleanText(text.toString('utf8', nameSpans[k], nameSpans[k + 1])));
  return {
    file: job.file,
    offset: head[0]!,
    pendingNewline: head[1] === 1,
    bytesRead: head[2]!,
    meta,
    copies: {nums, ids: [], names, idSpans, idText: text},
    copyCount: head[7]!,
  };
}
