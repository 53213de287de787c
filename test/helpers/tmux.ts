// A real terminal for end-to-end tests: one tmux server per test file (its own socket), one
// session in it, keys in and the screen out.
import {execFileSync, spawnSync} from 'node:child_process';
import {readdirSync, readFileSync} from 'node:fs';

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class TmuxSession {
  constructor(
    private readonly socket: string,
    private readonly name: string,
  ) {}

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], {encoding: 'utf8'});
  }

  /** A detached session running `command` with exactly `env` (nothing inherited, so no CI). */
  start(command: string[], env: Record<string, string>, size = {columns: 120, rows: 40}): void {
    // No shell history: bash would write it into the temp home while the test removes it.
    const vars = {HISTFILE: '/dev/null', ...env};
    this.tmux('-f', '/dev/null', 'new-session', '-d', '-s', this.name, '-x', String(size.columns), '-y', String(size.rows), 'env', '-i', ...Object.entries(vars).map(([k, v]) => `${k}=${v}`), ...command);
  }

  /** The visible screen, without colours. */
  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', this.name);
  }

  /** tmux key names ("Left", "Enter") or text, one after the other. */
  async keys(...keys: string[]): Promise<void> {
    for (const k of keys) {
      this.tmux('send-keys', '-t', this.name, k);
      await sleep(120);
    }
  }

  /** Types `text` as it is (no key names). */
  text(text: string): void {
    this.tmux('send-keys', '-t', this.name, '-l', text);
  }

  /** Types a shell command line and presses Enter. */
  line(text: string): void {
    this.tmux('send-keys', '-t', this.name, text, 'Enter');
  }

  async until(what: string, ok: (screen: string) => boolean, timeoutMs = 10_000): Promise<string> {
    const end = Date.now() + timeoutMs;
    let s = '';
    while (Date.now() < end) {
      s = this.screen();
      if (ok(s)) return s;
      await sleep(100);
    }
    throw new Error(`timed out waiting for ${what}; screen:\n${s}`);
  }

  /** Pids of the processes the session's shell started (Linux /proc). */
  children(): number[] {
    const shell = Number(this.tmux('display', '-p', '-t', this.name, '#{pane_pid}').trim());
    const out: number[] = [];
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === shell) out.push(Number(d));
      } catch {
        // exited meanwhile
      }
    }
    return out;
  }

  kill(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
  }
}
