// Readable one-line labels for the processes of a session tree (aura-seed-spec 7): the
// program plus one hint, e.g. `node design-mcp-server`, `python studio_design_mcp`,
// `bash cargo`, `claude --resume`.
import {isClaudeRoot} from './classify.js';
import {basename, commandTokens, isVersionString, programName} from './command.js';
import {cleanText} from '../text.js';
import type {ProcessInfo} from './types.js';

/** Script names that say nothing: the package folder above them is the useful name. */
const GENERIC_SCRIPTS = new Set(['index.js', 'index.mjs', 'index.cjs', 'main.js', 'main.mjs', 'cli.js', 'cli.mjs', '__main__.py']);
/** Build-layout folders skipped when looking for that package folder. */
const LAYOUT_DIRS = new Set(['dist', 'build', 'src', 'lib', 'bin']);
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish']);
/** Package runners: the package they run is the hint. */
const LAUNCHERS = new Set(['npx', 'npm', 'pnpm', 'pnpx', 'yarn', 'bunx', 'uvx', 'uv', 'pipx']);
const LAUNCHER_VERBS = new Set(['exec', 'x', 'dlx', 'run', 'run-script', 'tool']);
/** Shell builtins that only set the stage for the real command. */
const SETUP_WORDS = new Set(['cd', 'source', '.', 'export', 'set', 'pushd', 'ulimit', 'umask']);

const isInterpreter = (program: string) => /^(node|python|pypy|bun|deno)/i.test(program);
const isScriptPath = (t: string) => /[/\\]/.test(t) || /\.(m?js|cjs|ts|py)$/.test(t);

/** The program: what argv[0] says (symlink names like `python`, `claude`), else the executable, else the kernel name. */
function programOf(p: ProcessInfo, tokens: readonly string[]): string {
  if (isClaudeRoot(p)) return 'claude';
  const first = tokens[0]?.replace(/^-/, ''); // a login shell's argv[0] is "-bash"
  if (first && !isVersionString(programName(first))) return programName(first);
  if (p.exe) return programName(p.exe.replace(/ \(deleted\)$/, ''));
  return p.name.replace(/\.exe$/i, ''); // kernel names hold slashes (kworker/0:1)
}

/** `…/server-filesystem/dist/index.js` -> `server-filesystem`, `…/@playwright/mcp/cli.js` -> `@playwright/mcp`; `…/server.js` -> `server.js`. */
function scriptHint(path: string): string {
  const name = basename(path);
  if (!GENERIC_SCRIPTS.has(name)) return name;
  const dirs = path.split(/[/\\]/).slice(0, -1);
  for (let i = dirs.length - 1; i >= 0; i--) {
    const d = dirs[i]!;
    if (d === '' || LAYOUT_DIRS.has(d)) continue;
    return dirs[i - 1]?.startsWith('@') ? `${dirs[i - 1]}/${d}` : d;
  }
  return name;
}

/** node/python: the script (or `-m` module) they run; node running npx/npm is named for the package instead. */
function interpreterLabel(program: string, args: readonly string[]): string {
  for (let i = 0; i < args.length; i++) {
    const t = args[i]!;
    if (t === '-m') return args[i + 1] === undefined ? program : `${program} ${args[i + 1]}`;
    if (t.startsWith('-')) continue;
    if (!isScriptPath(t)) return `${program} ${basename(t)}`;
    const hint = scriptHint(t);
    const runner = hint.replace(/(-cli)?\.[cm]?js$/, '');
    return LAUNCHERS.has(runner) ? launcherLabel(runner, args.slice(i + 1)) : `${program} ${hint}`;
  }
  return program;
}

function launcherLabel(runner: string, args: readonly string[]): string {
  const pkg = args.find((t) => !t.startsWith('-') && !LAUNCHER_VERBS.has(t));
  return pkg === undefined ? runner : `${runner} ${pkg}`;
}

/**
 * The command a shell runs with `-c`: the first word that is not setup (`cd x &&`,
 * `source snapshot.sh &&`, `FOO=1`). Claude Code wraps its Bash tool's commands as
 * `source <snapshot> && eval '<command>' …`, so an `eval '…'` is unwrapped first.
 */
function shellHint(argv: readonly string[]): string | undefined {
  const c = argv.findIndex((a, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(a));
  if (c < 0) return undefined;
  const script = argv.slice(c + 1).find((a) => !a.startsWith('-'));
  if (script === undefined) return undefined;
  const evaled = /\beval\s+(['"])(.*?)\1/s.exec(script);
  const command = evaled ? evaled[2]! : script;
  for (const segment of command.split(/&&|\|\||[;|\n]/)) {
    const words = segment.trim().split(/\s+/).filter((w) => w !== '' && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
    const word = words[0]?.replace(/^['"(]+|['")]+$/g, '');
    if (word === undefined || word === '' || SETUP_WORDS.has(word) || word === 'eval') continue;
    return programName(word);
  }
  return undefined;
}

/** The first argument: a flag verbatim (`--resume`), otherwise its basename. rustc (cargo's busiest child) is named for its crate. */
function firstArgHint(args: readonly string[]): string | undefined {
  const crate = args.indexOf('--crate-name');
  if (crate >= 0 && args[crate + 1] !== undefined) return args[crate + 1];
  const t = args.find((a) => a !== '-c');
  if (t === undefined) return undefined;
  return t.startsWith('-') ? t : basename(t);
}

/** The label, cleaned of control and bidi characters: argv is whatever any local user's process set. */
export const processLabel = (p: ProcessInfo): string => cleanText(rawLabel(p));

function rawLabel(p: ProcessInfo): string {
  const tokens = commandTokens(p.argv);
  const program = programOf(p, tokens);
  // claude run through an interpreter (`node …/cli.js`, `sh …/claude`): its arguments follow the script.
  const claudeAt = program === 'claude' ? tokens.findIndex((t) => /^claude$|cli\.m?js$/.test(programName(t).toLowerCase())) : -1;
  const args = tokens.slice(claudeAt > 0 ? claudeAt + 1 : 1);
  if (program !== 'claude' && isInterpreter(program)) return interpreterLabel(program, args);
  if (LAUNCHERS.has(program)) return launcherLabel(program, args);
  const hint = SHELLS.has(program) ? (shellHint(p.argv) ?? firstArgHint(args)) : firstArgHint(args);
  return hint === undefined || hint === '' ? program : `${program} ${hint}`;
}
