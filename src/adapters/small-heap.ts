// A one-shot command about to read a large transcript history (the first run over gigabytes)
// hands itself over to a node started with a small young generation, which keeps that read's
// peak memory ~25 MB lower for the same speed. Node takes the flag only at start, and a `bin`
// script cannot pass it portably (no `env -S` on BusyBox, no shell on Windows), so the command
// starts again with it; every other run, and the dashboard, never restarts.
import {spawn} from 'node:child_process';
import {constants} from 'node:os';

const FLAG = '--max-semi-space-size=4';
/** Set for the restarted command: what the first one already printed is not printed again. */
export const HANDED_OVER = 'AURA_HANDED_OVER';

export const handedOver = (env: NodeJS.ProcessEnv = process.env): boolean => env[HANDED_OVER] === '1';

/**
 * Runs this same command again in a node with a small young generation, stdio inherited, and
 * ends this process with its status. Resolves (doing nothing) when already in one, or when the
 * new process cannot start: the read then happens here.
 */
export function restartWithSmallHeap(): Promise<void> {
  const script = process.argv[1];
  if (handedOver() || script === undefined || process.execArgv.some((a) => a.startsWith('--max-semi-space-size'))) return Promise.resolve();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, FLAG, script, ...process.argv.slice(2)], {stdio: 'inherit', env: {...process.env, [HANDED_OVER]: '1'}});
    // Ctrl-C reaches both processes (one process group): the new one decides, this one waits.
    const relay = (signal: NodeJS.Signals) => () => void child.kill(signal);
    const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((s) => [s, relay(s)] as const);
    for (const [s, h] of handlers) process.on(s, h);
    child.once('error', () => {
      for (const [s, h] of handlers) process.off(s, h);
      resolve();
    });
    child.once('exit', (code, signal) => process.exit(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 1)));
  });
}
