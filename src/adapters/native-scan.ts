// The native transcript scanner (native/scan.c, loaded by ./native-binding.ts): reads a file on
// libuv's thread pool and answers exactly what scanFile (./fs-read.ts) would; a file it is not
// sure of (a rare shape, an escape where it reads, a read error) comes back null and is read in
// JavaScript. Not built (no compiler, another platform, a load error) or switched off with
// AURA_NATIVE=0, every file is read in JavaScript.
import {cleanOrNull} from '../core/reader/parse-line.js';
import {cleanText} from '../core/text.js';
import type {FileMeta} from '../core/reader/index-model.js';
import type {ScanJob, ScanResult} from './fs-read.js';
import {binding, type Parts} from './native-binding.js';

export {hasNativeScanner} from './native-binding.js';

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
  const scan = binding(env)?.scanFiles;
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
