// `aura` (the dashboard) outside a terminal: one clear line, exit 2, nothing drawn.
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';

const BIN = join(import.meta.dirname, '..', 'bin', 'aura');

describe('aura without a terminal', () => {
  it('points to aura report and exits 2', () => {
    const home = mkdtempSync(join(tmpdir(), 'aura-notty-'));
    try {
      const r = spawnSync(process.execPath, [BIN], {env: {PATH: process.env.PATH, HOME: home}, encoding: 'utf8', timeout: 20_000});
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe('aura: the dashboard needs an interactive terminal; for text or JSON output use `aura report` (see `aura --help`)\n');
    } finally {
      rmSync(home, {recursive: true, force: true, maxRetries: 10, retryDelay: 100});
    }
  });

  it('rejects an unknown option with one line', () => {
    const r = spawnSync(process.execPath, [BIN, '--bogus'], {encoding: 'utf8', timeout: 20_000});
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("aura: unknown option '--bogus'\n");
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
