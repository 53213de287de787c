#!/usr/bin/env node
// `npm ci` / `npm install` (the install script) and `npm run build:native`: builds the native
// transcript scanner (native/scan.c) with the node-gyp that npm provides to its scripts. It is
// optional: where it cannot be built (no C compiler), aura reads transcripts in JavaScript, with
// the same results, about twice as slowly; this says so in one line and the install goes on.
import {spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {dirname, join} from 'node:path';

if (process.env.AURA_NATIVE === '0') {
  console.log('aura: AURA_NATIVE=0, native scanner not built');
  process.exit(0);
}
// Offline, node-gyp cannot download node's headers: those installed beside node do.
const prefix = dirname(dirname(process.execPath));
const args = ['rebuild'];
if (!process.env.npm_config_nodedir && existsSync(join(prefix, 'include/node/node_api.h'))) args.push(`--nodedir=${prefix}`);
const gyp = process.env.npm_config_node_gyp;
const r = gyp ? spawnSync(process.execPath, [gyp, ...args], {encoding: 'utf8'}) : spawnSync('node-gyp', args, {encoding: 'utf8', shell: process.platform === 'win32'});
if (r.status === 0) {
  console.log('aura: native scanner built');
} else {
  const why = `${r.error?.message ?? ''}\n${r.stderr ?? ''}`.split('\n').filter((l) => /error/i.test(l)).at(0)?.trim() ?? 'node-gyp failed';
  console.log(`aura: native scanner not built (${why}); transcripts are read in JavaScript, with the same results`);
}
