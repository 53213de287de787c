// What the persisted index holds: per transcript file, where reading stopped and what was learned
// from it; plus the deduplicated groups. Enough to continue reading only new bytes.
import {emptyGroups, type GroupTable} from './dedupe.js';
import type {FileMeta} from './line-scan.js';

/** Bump when the layout or the meaning of stored values changes: older indexes are rebuilt. */
export const INDEX_VERSION = 4;

/** A transcript as found on disk. */
export interface FileStat {
  /** Absolute path of the transcript. */
  path: string;
  /** The projects/ folder it was found under. */
  root: string;
  /** Identity and size: an inode change or a shrink means the file was replaced. */
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

/** A transcript as last read (identity and size at that read). */
export interface FileEntry extends FileStat {
  /** Bytes consumed (always at a line boundary). */
  offset: number;
  /** The last line was consumed without its newline: skip that newline when it arrives. */
  pendingNewline: boolean;
  meta: FileMeta;
  /** Usage copies read from this file (merged or not): duplicatesDropped = copies - groups. */
  copies: number;
}

export interface IndexState {
  /** The projects/ folders this index covers (one index per set of roots). */
  roots: string[];
  files: FileEntry[];
  groups: GroupTable;
}

export const emptyState = (roots: string[]): IndexState => ({roots, files: [], groups: emptyGroups()});
