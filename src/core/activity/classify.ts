// Which processes start a Claude Code session (aura-seed-spec 7, formats 5.2).
import {commandTokens, programName} from './command.js';
import type {ProcessInfo} from './types.js';

/** Flags of Claude Code's background helper processes: part of a session, never one of their own. */
const HELPER_FLAGS = new Set(['--bg-spare', '--bg-pty-host']);
const NODE_LIKE = /^(node|nodejs|bun)(\d+)?$/i;
const NPM_CLI = /[/\\]@anthropic-ai[/\\]claude-code[/\\]cli\.m?js$/i;

/** Exited but not yet reaped (Z) or dead (X): it uses no CPU or memory and cannot be signalled usefully. */
export const isZombie = (p: ProcessInfo): boolean => p.state === 'Z' || p.state === 'X';

export const isBackgroundHelper = (p: ProcessInfo): boolean => commandTokens(p.argv).some((t) => HELPER_FLAGS.has(t));

/** The Claude desktop app (an Electron bundle) is not Claude Code, though its name is `Claude`. */
export function isDesktopApp(p: ProcessInfo): boolean {
  const paths = [p.exe ?? '', p.argv[0] ?? ''];
  return paths.some((s) => /[/\\]Claude\.app[/\\]/i.test(s) || /[/\\]AnthropicClaude[/\\]/i.test(s));
}

/** aura itself (its own argv can mention a Claude dir): `aura …`, or `node [flags] …/aura …`. */
export function isAura(p: ProcessInfo): boolean {
  const [first, ...rest] = commandTokens(p.argv);
  const script = rest.find((t) => !t.startsWith('-'));
  return programName(p.name).toLowerCase() === 'aura' || [first, script].some((t) => t !== undefined && programName(t).toLowerCase() === 'aura');
}

/** `node [flags] …/@anthropic-ai/claude-code/cli.js`: an npm install before it renames itself. */
function isNodeCli(tokens: readonly string[]): boolean {
  const first = tokens[0];
  if (first === undefined || !NODE_LIKE.test(programName(first))) return false;
  const script = tokens.slice(1).find((t) => !t.startsWith('-'));
  return script !== undefined && NPM_CLI.test(script);
}

/**
 * A Claude Code session root: name or first command word is `claude` (any case, `.exe`
 * tolerated), or node running the npm package's cli.js. Native installs show a version as
 * their name but `claude` as argv[0]; npm installs show `node` as the executable but
 * `claude` as the whole command line.
 */
export function isClaudeRoot(p: ProcessInfo): boolean {
  // The positive tests first: they rule out almost every process cheaply.
  const first = p.argv[0]?.split(/\s/, 1)[0];
  const named = programName(p.name).toLowerCase() === 'claude' || (first !== undefined && programName(first).toLowerCase() === 'claude');
  if (!named && !isNodeCli(commandTokens(p.argv))) return false;
  return !isZombie(p) && !isBackgroundHelper(p) && !isDesktopApp(p) && !isAura(p);
}
