#!/usr/bin/env node
// The one test command: type check, lint, the whole vitest suite, then a plain
// "N passed, N failed" closing line that any runner can read.
import {spawnSync} from 'node:child_process';
import {readFileSync, rmSync} from 'node:fs';

const run = (cmd, args, env = process.env) => spawnSync(cmd, args, {stdio: 'inherit', env}).status ?? 1;

let failedSteps = 0;
if (run('npx', ['tsc', '-p', 'tsconfig.json']) !== 0) failedSteps++;
if (run('npx', ['eslint', '.']) !== 0) failedSteps++;
if (run('npm', ['run', '--silent', 'build']) !== 0) failedSteps++;
rmSync('.vitest.json', {force: true});
const vitest = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile=.vitest.json', ...process.argv.slice(2)]);
let passed = 0;
let failed = 0;
try {
  const report = JSON.parse(readFileSync('.vitest.json', 'utf8'));
  passed = report.numPassedTests;
  // A file that fails outside its tests (a hook, an import) fails no test but must still count.
  const failedOutsideTests = report.testResults.filter(
    (file) => file.status === 'failed' && !file.assertionResults.some((t) => t.status === 'failed'),
  ).length;
  failed = report.numFailedTests + failedOutsideTests;
  // Suites skipped for a reason (no shared cases, no binary for this platform) say it in their name.
  const reasons = new Set(report.testResults.flatMap((file) => file.assertionResults.filter((t) => t.status !== 'passed' && t.status !== 'failed').flatMap((t) => t.ancestorTitles.filter((a) => a.includes('(skipped:')))));
  for (const why of reasons) console.log(`skipped: ${why}`);
} catch {
  failed = 1;
}
if (failedSteps > 0) console.log(`${failedSteps} check step(s) failed (type check, lint or build)`);
console.log(`${passed} passed, ${failed + failedSteps} failed`);
process.exit(vitest !== 0 || failedSteps > 0 || failed > 0 ? 1 : 0);
