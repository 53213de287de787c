// Text that came back from the usage endpoint (or a file another program could have written)
// before it reaches a note, the terminal or the cache. A misbehaving proxy can echo the request,
// Authorization header included, and any reply can hold escape sequences: so secrets are
// redacted first, then the text is flattened to one line, cleaned and shortened.
import {cleanText} from '../text.js';

/** OAuth tokens, API keys and bearer credentials, whoever they belong to. */
const SECRET_PATTERN = /sk-ant-[A-Za-z0-9_-]+|Bearer\s+\S+/gi;
export const REDACTED = '[redacted]';

/** `s` with `secrets` (exact strings, e.g. the token just sent) and anything shaped like a credential replaced. */
export function redactSecrets(s: string, secrets: readonly string[] = []): string {
  let out = s;
  for (const secret of secrets) if (secret.length >= 8) out = out.split(secret).join(REDACTED);
  return out.replace(SECRET_PATTERN, REDACTED);
}

/** A short, single-line, terminal-safe excerpt with credentials redacted. */
export function safeExcerpt(s: string, max: number, secrets: readonly string[] = []): string {
  const flat = cleanText(redactSecrets(s, secrets).replace(/\s+/g, ' ').trim());
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
