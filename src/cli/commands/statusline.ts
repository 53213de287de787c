// `aura statusline`: Claude Code's statusLine command. Reads the session JSON on stdin, prints
// one compact line and records the `rate_limits` it saw for the other aura processes.
// It runs on every prompt redraw: only small modules are imported (no ink, react or undici),
// and it never fails loudly — any problem gives a plain line and exit code 0.
import {join} from 'node:path';
import {readRegularFile} from '../../adapters/safe-read.js';
import {writeStatuslineRecord} from '../../adapters/statusline-record.js';
import {cacheDir} from '../../core/paths.js';
import {FALLBACK_LINE, localIsoDay, parseStatuslineInput, parseTodayTotals, statuslineText, type TodayTotals} from '../../core/quota/statusline.js';

/** Stdin is normally closed at once; don't hang a prompt if it isn't. */
const STDIN_DEADLINE_MS = 1500;
/** Claude Code's JSON is a few KiB; more (say `< /dev/zero`) is not that JSON, and is not buffered. */
export const MAX_STDIN_BYTES = 1 << 20;
/** today.json holds three fields. */
const MAX_TODAY_BYTES = 64 * 1024;

/** Stdin as text, or null when it went past MAX_STDIN_BYTES. Stops reading at the deadline or the cap. */
function readStdin(): Promise<string | null> {
  if (process.stdin.isTTY) return Promise.resolve('');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (tooLarge = false) => {
      clearTimeout(timer);
      // Not just pause(): a writer that never closes (`sleep 30 | aura statusline`) would keep the process alive.
      process.stdin.destroy();
      resolve(tooLarge ? null : Buffer.concat(chunks, size).toString('utf8'));
    };
    const timer = setTimeout(done, STDIN_DEADLINE_MS);
    process.stdin.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_STDIN_BYTES) done(true);
      else chunks.push(c);
    });
    process.stdin.on('end', () => done());
    process.stdin.on('error', () => done());
  });
}

function readToday(now: number): TodayTotals | null {
  try {
    return parseTodayTotals(readRegularFile(join(cacheDir(), 'today.json'), {maxBytes: MAX_TODAY_BYTES}), localIsoDay(now));
  } catch {
    return null;
  }
}

export async function run(_argv: string[]): Promise<number> {
  let line = FALLBACK_LINE;
  try {
    const now = Date.now();
    const text = await readStdin();
    const input = text === null ? null : parseStatuslineInput(text, now);
    if (input?.rateLimits) {
      try {
        writeStatuslineRecord(input.rateLimits, now);
      } catch {
        // A read-only state dir must not break the prompt.
      }
    }
    line = statuslineText(input, readToday(now), now);
  } catch {
    line = FALLBACK_LINE;
  }
  process.stdout.write(`${line}\n`);
  return 0;
}
