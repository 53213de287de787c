// The read-only shared material (parser cases, real transcripts) sits beside the checkout as
// `../shared` (CI lays it there); AURA_SHARED_DIR points elsewhere. Suites that need it skip
// with a reason when it is absent, e.g. in a clone made somewhere else.
import {accessSync, chmodSync, constants, existsSync} from 'node:fs';
import {join} from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const SHARED_DIR = process.env.AURA_SHARED_DIR ?? join(ROOT, '..', 'shared');
export const CASES_DIR = process.env.AURA_CASES_DIR ?? join(SHARED_DIR, 'cases');
export const REAL_DIR = join(SHARED_DIR, 'real-transcripts');
export const hasCases = existsSync(CASES_DIR);
export const hasReal = existsSync(REAL_DIR);
/** Appended to a suite's name: why it is skipped, when it is. */
export const skipNote = (skipped: boolean, why = `no shared cases at ${SHARED_DIR}; set AURA_SHARED_DIR`): string =>
  skipped ? ` (skipped: ${why})` : '';

/** The peer tool, ccusage 20.0.24 (its linux-x64 binary: the only build in the registry here). */
export const CCUSAGE_PKG = join(ROOT, 'node_modules/@ccusage/ccusage-linux-x64');
export const CCUSAGE = join(CCUSAGE_PKG, 'bin/ccusage');
export const hasCcusage = existsSync(CCUSAGE);
// npm unpacks the platform binary without its exec bit (ccusage's own wrapper sets it at run time).
if (hasCcusage) {
  try {
    accessSync(CCUSAGE, constants.X_OK);
  } catch {
    chmodSync(CCUSAGE, 0o755);
  }
}
