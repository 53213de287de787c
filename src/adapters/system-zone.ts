// The process's time zone, with the one file read it may need (/etc/localtime's link).
import {readlinkSync} from 'node:fs';
import {systemTimeZone as zoneOf} from '../core/time.js';

const readLink = (path: string): string | null => {
  try {
    return readlinkSync(path);
  } catch {
    return null; // not a link (or no such file): Intl decides
  }
};

export const systemTimeZone = (): string => zoneOf(process.env, readLink);
