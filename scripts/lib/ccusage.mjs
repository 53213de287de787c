// The peer the benchmarks compare against: ccusage 20.0.24's linux-x64 binary (the only build the
// registry here serves). npm unpacks it without its exec bit; ccusage's own wrapper sets it at run time.
import {accessSync, chmodSync, constants, existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

export const CCUSAGE = fileURLToPath(new URL('../../node_modules/@ccusage/ccusage-linux-x64/bin/ccusage', import.meta.url));

/** Path of a runnable ccusage, or throws with the reason. */
export function ccusageBin() {
  if (!existsSync(CCUSAGE)) throw new Error(`ccusage 20.0.24 is not installed for this platform (${CCUSAGE})`);
  try {
    accessSync(CCUSAGE, constants.X_OK);
  } catch {
    chmodSync(CCUSAGE, 0o755);
  }
  return CCUSAGE;
}
