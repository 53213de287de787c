import {describe, expect, it} from 'vitest';
import {processLabel} from './labels.js';
import type {ProcessInfo} from './types.js';

const label = (argv: string[], over: Partial<ProcessInfo> = {}): string =>
  processLabel({pid: 2, ppid: 1, name: '', argv, exe: null, cwd: null, cpuTimeMs: 0, rssBytes: 0, startTime: 0, ...over});

describe('processLabel', () => {
  it('names a node MCP server by its package folder when the script is generic', () => {
    expect(label(['node', '/home/u/mcp/design-mcp-server/dist/index.js'])).toBe('node design-mcp-server');
    expect(label(['/usr/bin/node', '/x/node_modules/@modelcontextprotocol/server-filesystem/build/lib/cli.js', '/tmp'])).toBe('node @modelcontextprotocol/server-filesystem');
    expect(label(['node', '/home/u/.npm/_npx/9f2/node_modules/@playwright/mcp/cli.js'])).toBe('node @playwright/mcp');
  });

  it('keeps a specific script name', () => {
    expect(label(['node', '--max-old-space-size=4096', '/srv/tools/server.js'])).toBe('node server.js');
    expect(label(['python3', '-u', 'train.py'])).toBe('python3 train.py');
  });

  it('names a python module run with -m', () => {
    expect(label(['python', '-m', 'studio_design_mcp', '--port', '9'])).toBe('python studio_design_mcp');
  });

  it('names the command a shell runs, also inside Claude Code\'s eval wrapper', () => {
    expect(label(['bash', '-c', 'cargo build --release'])).toBe('bash cargo');
    expect(label(['/bin/bash', '-c', '-l', "source /home/u/.claude/shell-snapshots/snapshot-bash-1.sh && eval 'cd /w && CARGO_TERM_COLOR=always cargo test' < /dev/null && pwd -P >| /tmp/claude-1-cwd"])).toBe('bash cargo');
    expect(label(['-bash'])).toBe('bash');
    expect(label(['zsh', '-lc', '/usr/local/bin/pytest -x'])).toBe('zsh pytest');
  });

  it('labels claude itself with its first flag, whatever its executable', () => {
    expect(label(['claude', '--resume'], {name: '2.1.201', exe: '/home/u/.local/share/claude/versions/2.1.201'})).toBe('claude --resume');
    expect(label(['claude'], {name: 'node', exe: '/usr/bin/node'})).toBe('claude');
  });

  it('names package runners by the package they run', () => {
    expect(label(['npm exec @playwright/mcp@latest'])).toBe('npm @playwright/mcp@latest');
    expect(label(['node', '/usr/lib/node_modules/npm/bin/npx-cli.js', '-y', '@upstash/context7-mcp'])).toBe('npx @upstash/context7-mcp');
    expect(label(['uvx', 'studio-design-mcp'])).toBe('uvx studio-design-mcp');
  });

  it('keeps a first flag verbatim, else the basename of the first argument', () => {
    expect(label(['rg', '--json', 'foo'])).toBe('rg --json');
    expect(label(['/usr/bin/sleep', '30'])).toBe('sleep 30');
    expect(label(['cat', '/etc/hosts'])).toBe('cat hosts');
    expect(label(['/home/u/.rustup/toolchains/stable/bin/rustc', '--crate-name', 'aura_core', '--edition=2021'])).toBe('rustc aura_core');
  });

  it('falls back to the executable, then the kernel name', () => {
    expect(label([], {exe: '/usr/lib/firefox/firefox', name: 'Web Content'})).toBe('firefox');
    expect(label([], {name: 'kworker/0:1'})).toBe('kworker/0:1');
  });
});

describe('processLabel for claude behind an interpreter', () => {
  it('reads the arguments after the script', () => {
    expect(label(['node', '/usr/lib/node_modules/@anthropic-ai/claude-code/cli.js', '--resume'])).toBe('claude --resume');
    expect(label(['/bin/sh', '/home/u/bin/claude'], {name: 'claude'})).toBe('claude');
  });
});

describe('hostile command lines', () => {
  it('labels carry no control or bidi characters, whatever argv holds', () => {
    // `exec -a "claude $(printf '\\e]0;X\\a')x" sleep 120`: another user's process titled to inject escapes.
    expect(label(['claude \u001b]0;X\u0007x'], {name: 'sleep'})).toBe('claude \ufffd]0;X\ufffdx');
    expect(label(['node', '/srv/\u001b[2J\u202eevil.js'])).toBe('node \ufffd[2J\ufffdevil.js');
    expect(label(['bash', '-c', 'x\u001b[2J --flag'])).toBe('bash x\ufffd[2J');
    expect(label(['cargo', '--crate-name', 'a\u202eb'])).toBe('cargo a\ufffdb');
  });
});
