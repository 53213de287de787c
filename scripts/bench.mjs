#!/usr/bin/env node
// `npm run bench` (after a build): runs every section in scripts/bench/*.mjs in name order, each
// in its own process, each printing its figures and the ratio to its target or peer.
// `npm run bench -- NAME...` runs only the named sections (file names without .mjs).
import {spawnSync} from 'node:child_process';
import {readdirSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

const dir = fileURLToPath(new URL('./bench', import.meta.url));
const only = process.argv.slice(2);
const sections = readdirSync(dir)
  .filter((f) => f.endsWith('.mjs'))
  .sort()
  .filter((f) => only.length === 0 || only.includes(f.replace(/\.mjs$/, '')));
if (sections.length === 0) {
  console.error(`bench: no section matches ${only.join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const f of sections) {
  console.log(`\n== ${f.replace(/\.mjs$/, '')}`);
  const r = spawnSync(process.execPath, [join(dir, f)], {stdio: 'inherit'});
  if (r.status !== 0) {
    failed++;
    console.log(`(section ${f} failed: exit ${r.status ?? r.signal})`);
  }
}
process.exit(failed === 0 ? 0 : 1);
