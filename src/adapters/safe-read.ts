// Reading small files a user or another program controls (config, credentials, caches, state)
// without trusting what sits at the path. readFileSync on a FIFO blocks the event loop until a
// writer appears (the dashboard freezes, only SIGKILL ends it), and on /dev/zero it never
// reaches EOF. So: open without blocking, look at what was opened, and read only a bounded
// regular file.
import {closeSync, constants, fstatSync, openSync, readSync, type Stats} from 'node:fs';

/** The default cap: config and credential files are a few KiB. */
export const MAX_SMALL_FILE = 1 << 20;

/** The path is not something aura reads (not a regular file, or too large). */
export class UnreadableFileError extends Error {}

function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isDirectory()) return 'a directory';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a file';
}

const sizeText = (n: number): string => (n % (1 << 20) === 0 ? `${n >> 20} MiB` : n % 1024 === 0 ? `${n >> 10} KiB` : `${n} bytes`);

/**
 * The UTF-8 text of the regular file at `path` (symlinks followed), at most `maxBytes` long.
 * Throws UnreadableFileError ("… is not a regular file (a FIFO)", "… is larger than 1 MiB")
 * for anything else; open errors keep their Node code (ENOENT, EACCES, ELOOP, ENOTDIR).
 * Never blocks on a FIFO or device.
 */
export function readRegularFile(path: string, {maxBytes = MAX_SMALL_FILE}: {maxBytes?: number} = {}): string {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new UnreadableFileError(`${path} is not a regular file (${kindOf(st)})`);
    if (st.size > maxBytes) throw new UnreadableFileError(`${path} is larger than ${sizeText(maxBytes)}`);
    // Read to EOF but never past the cap: a file growing while it is read is refused too.
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(Math.max(st.size - length, 0) + 1, maxBytes + 1 - length, 1 << 16));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      length += n;
      if (length > maxBytes) throw new UnreadableFileError(`${path} is larger than ${sizeText(maxBytes)}`);
    }
    return Buffer.concat(chunks, length).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
