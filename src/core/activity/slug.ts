// Claude Code's project folder name for a cwd (formats 1.2).

const MAX_SLUG = 200;

/** Java-style string hash over UTF-16 units, as Claude Code computes it for long paths. */
function pathHash(s: string): string {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return Math.abs(h).toString(36);
}

/**
 * Every character outside ASCII [A-Za-z0-9] becomes `-`, one per UTF-16 code unit (the
 * regex has no `u` flag on purpose, so an emoji, a surrogate pair, becomes `--`); runs are
 * not collapsed. Past 200 characters: the first 200, `-`, and a hash of the path.
 */
export function projectSlug(cwd: string): string {
  const slug = cwd.replace(/[^A-Za-z0-9]/g, '-');
  return slug.length <= MAX_SLUG ? slug : `${slug.slice(0, MAX_SLUG)}-${pathHash(cwd)}`;
}

/** The part a long slug is sure to start with, whatever hash a Claude Code version appends. */
export const slugPrefix = (slug: string): string => (slug.length <= MAX_SLUG ? slug : slug.slice(0, MAX_SLUG + 1));
