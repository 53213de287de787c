// A one-shot command about to read a large transcript history (the first run over gigabytes)
// hands itself over to a node started with a small young generation, which keeps that read's
// peak memory lower. Node takes the flag only at start, and a `bin` script cannot pass it
// portably (no `env -S` on BusyBox, no shell on Windows), so the command starts again with it;
// every other run, and the dashboard, never restarts.
import {constants} from 'node:os';

const FLAG = '--max-semi-space-size=4';
/** In the restarted command: the pid of the one that started it (which printed what it had to). */
const HANDED_OVER = 'AURA_HANDED_OVER';

const starter = (env: NodeJS.ProcessEnv): number | null => {
  const pid = Number(env[HANDED_OVER]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
};

/** This is a restarted command. */
export const handedOver = (env: NodeJS.ProcessEnv = process.env): boolean => starter(env) !== null;

/**
 * Runs this same command again in a node with a small young generation, stdio inherited, and
 * ends this process with its status. Resolves (doing nothing) when already in one, or when the
 * new process cannot start: the read then happens here.
 */
export async function restartWithSmallHeap(): Promise<void> {
  const parent = starter(process.env);
  if (parent !== null) {
    // Killed outright (SIGKILL), the first process cannot pass the signal on: its restart ends
    // when it notices (a reparented process has another parent).
    setInterval(() => process.ppid !== parent && process.exit(1), 500).unref();
    return;
  }
  const script = process.argv[1];
  if (script === undefined || process.execArgv.some((a) => a.startsWith('--max-semi-space-size'))) return;
  // Loaded here: every command reads whether it was handed over, few ever restart.
  const {spawn} = await import('node:child_process');
  // A debugger port would be taken twice.
  const flags = process.execArgv.filter((a) => !/^--(inspect|debug)/.test(a));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...flags, FLAG, script, ...process.argv.slice(2)], {stdio: 'inherit', env: {...process.env, [HANDED_OVER]: String(process.pid)}});
    // Ctrl-C reaches both processes (one process group): the new one decides, this one waits.
    const relay = (signal: NodeJS.Signals) => () => void child.kill(signal);
    const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const).map((s) => [s, relay(s)] as const);
    for (const [s, h] of handlers) process.on(s, h);
    child.once('error', () => {
      for (const [s, h] of handlers) process.off(s, h);
      resolve();
    });
    child.once('exit', (code, signal) => process.exit(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 1)));
  });
}
