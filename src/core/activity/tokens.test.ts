import {describe, expect, it} from 'vitest';
import {emptyTokens, type UsageDataset, type UsageRecord} from '../types.js';
import {buildActivityReport} from './report.js';
import {tokensTodayBySession, withTokensToday} from './tokens.js';

const record = (sessionId: string, iso: string, input: number, output: number): UsageRecord => ({
  timestamp: Date.parse(iso),
  model: 'claude-sonnet-4-5',
  sessionId,
  project: '/w',
  isSidechain: false,
  speed: null,
  tokens: {...emptyTokens(), inputTokens: input, outputTokens: output, cacheReadTokens: 1_000_000},
});

const dataset = (records: UsageRecord[]): UsageDataset => ({records, sessions: [], diagnostics: {roots: [], files: 0, skippedLines: 0, duplicatesDropped: 0, notices: []}});

describe('tokens today', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  const data = dataset([
    record('s1', '2026-03-08T12:00:00Z', 999, 999),
    record('s1', '2026-03-09T23:30:00Z', 100, 10), // 10 Mar in Berlin, 9 Mar in UTC
    record('s1', '2026-03-10T08:00:00Z', 200, 20),
    record('s2', '2026-03-10T09:00:00Z', 5, 5),
  ]);

  it('sums input + output of the local day, per session', () => {
    expect(tokensTodayBySession(data, 'UTC', now)).toEqual(new Map([['s1', 220], ['s2', 10]]));
    expect(tokensTodayBySession(data, 'Europe/Berlin', now).get('s1')).toBe(330);
  });

  it('fills linked sessions only, 0 when the session has nothing today', () => {
    const report = buildActivityReport(
      {takenAt: now, processes: [
        {pid: 1, ppid: 0, name: 'claude', argv: ['claude'], exe: null, cwd: '/a', cpuTimeMs: 0, rssBytes: 2, startTime: 0},
        {pid: 2, ppid: 0, name: 'claude', argv: ['claude'], exe: null, cwd: '/b', cpuTimeMs: 0, rssBytes: 1, startTime: 0},
        {pid: 3, ppid: 0, name: 'claude', argv: ['claude'], exe: null, cwd: '/c', cpuTimeMs: 0, rssBytes: 0, startTime: 0},
      ]},
      null,
      new Map([[1, {sessionId: 's1', mtimeMs: 0}], [2, {sessionId: 'quiet', mtimeMs: 0}]]),
    );
    const filled = withTokensToday(report, data, 'UTC', now);
    expect(filled.sessions.map((s) => [s.pid, s.tokensToday])).toEqual([[1, 220], [2, 0], [3, null]]);
    expect(withTokensToday(report, null, 'UTC', now).sessions[0]!.tokensToday).toBeNull();
  });
});
