// One way aura writes its own files: a temp file in the same directory, then rename, so a reader
// (another aura process) never sees half a file. Only node:fs: `aura statusline` uses it too.
import {mkdirSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {dirname} from 'node:path';

/** Write `text` to `path` atomically, mode 0600, creating the directory. */
export function writeFileAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), {recursive: true});
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(tmp, text, {mode: 0o600});
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, {force: true});
    throw err;
  }
}
