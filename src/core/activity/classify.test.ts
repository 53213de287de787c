import {describe, expect, it} from 'vitest';
import {isAura, isBackgroundHelper, isClaudeRoot, isDesktopApp, isZombie} from './classify.js';
import type {ProcessInfo} from './types.js';

const proc = (over: Partial<ProcessInfo>): ProcessInfo => ({
  pid: 100, ppid: 1, name: '', argv: [], exe: null, cwd: null, cpuTimeMs: 0, rssBytes: 0, startTime: 0, ...over,
});

describe('isClaudeRoot', () => {
  it('finds an npm install: the command line is just `claude`, the executable is node', () => {
    const p = proc({name: 'node', argv: ['claude'], exe: '/usr/bin/node'});
    expect(isClaudeRoot(p)).toBe(true);
  });

  it('finds an npm install before it renames itself: node …/@anthropic-ai/claude-code/cli.js', () => {
    const argv = ['node', '--no-warnings', '/usr/lib/node_modules/@anthropic-ai/claude-code/cli.js', '--resume'];
    expect(isClaudeRoot(proc({name: 'node', argv}))).toBe(true);
    // The same path as a mere argument of another program is not a session.
    expect(isClaudeRoot(proc({name: 'grep', argv: ['grep', '-r', 'x', '/usr/lib/node_modules/@anthropic-ai/claude-code/cli.js']}))).toBe(false);
    expect(isClaudeRoot(proc({name: 'node', argv: ['node', '/usr/lib/node_modules/@anthropic-ai/claude-code/other.js']}))).toBe(false);
  });

  it('finds a native install whose name is its version string', () => {
    const p = proc({name: '2.1.201', argv: ['/home/u/.local/bin/claude', '--dangerously-skip-permissions'], exe: '/home/u/.local/share/claude/versions/2.1.201'});
    expect(isClaudeRoot(p)).toBe(true);
  });

  it('matches the name in any case and tolerates .exe', () => {
    expect(isClaudeRoot(proc({name: 'CLAUDE.EXE', argv: []}))).toBe(true);
    expect(isClaudeRoot(proc({name: 'x', argv: ['C:\\tools\\claude.exe', '-p', 'hi']}))).toBe(true);
    expect(isClaudeRoot(proc({name: 'claude', argv: ['claude']}))).toBe(true);
  });

  it('ignores programs that merely mention claude', () => {
    expect(isClaudeRoot(proc({name: 'vim', argv: ['vim', 'claude']}))).toBe(false);
    expect(isClaudeRoot(proc({name: 'claude-helper', argv: ['claude-helper']}))).toBe(false);
    expect(isClaudeRoot(proc({name: 'bash', argv: ['bash', '-c', 'claude --version']}))).toBe(false);
  });

  it('excludes the desktop app', () => {
    const p = proc({name: 'Claude', argv: ['/Applications/Claude.app/Contents/MacOS/Claude'], exe: '/Applications/Claude.app/Contents/MacOS/Claude'});
    expect(isDesktopApp(p)).toBe(true);
    expect(isClaudeRoot(p)).toBe(false);
    const win = proc({name: 'claude.exe', argv: ['C:\\Users\\x\\AppData\\Local\\AnthropicClaude\\app-1.0\\claude.exe']});
    expect(isClaudeRoot(win)).toBe(false);
  });

  it('excludes aura itself, even when its arguments name a Claude dir', () => {
    const p = proc({name: 'node', argv: ['node', '/opt/aura/bin/aura', 'activity', '--claude-dir', '/home/u/.claude']});
    expect(isAura(p)).toBe(true);
    expect(isClaudeRoot(p)).toBe(false);
    // As bin/aura runs itself: node with a heap flag before the script.
    expect(isAura(proc({name: 'node', argv: ['node', '--max-semi-space-size=4', '/usr/local/bin/aura', 'activity']}))).toBe(true);
    expect(isClaudeRoot(proc({name: 'aura', argv: ['aura']}))).toBe(false);
  });

  it('excludes the background helpers', () => {
    for (const flag of ['--bg-spare', '--bg-pty-host']) {
      const p = proc({name: 'claude', argv: ['/home/u/.local/share/claude/versions/2.1.230', flag, '/tmp/sock']});
      expect(isBackgroundHelper(p)).toBe(true);
      expect(isClaudeRoot(p)).toBe(false);
      expect(isClaudeRoot(proc({name: 'claude', argv: ['claude', flag, '/tmp/sock']}))).toBe(false);
    }
  });
});

describe('zombies', () => {
  it('a zombie or dead process named claude is no session root; a sleeping one is', () => {
    expect(isClaudeRoot(proc({name: 'claude', argv: [], state: 'Z'}))).toBe(false);
    expect(isClaudeRoot(proc({name: 'claude', argv: [], state: 'X'}))).toBe(false);
    expect(isClaudeRoot(proc({name: 'claude', argv: ['claude'], state: 'S'}))).toBe(true);
    expect(isClaudeRoot(proc({name: 'claude', argv: ['claude']}))).toBe(true); // ps: state unknown
    expect(isZombie(proc({state: 'Z'}))).toBe(true);
    expect(isZombie(proc({state: 'R'}))).toBe(false);
  });
});
