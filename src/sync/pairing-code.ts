// The pairing code: the 32-byte fleet secret as lowercase RFC 4648 base32 without padding
// (52 chars), in 13 groups of 4 joined by "-" (aura-seed-spec §6.1).
import {base32nopad} from '@scure/base';

export const SECRET_BYTES = 32;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** A code that can't be used; the message never repeats the code itself. */
export class PairingCodeError extends Error {}

export const base32Lower = (bytes: Uint8Array): string => base32nopad.encode(bytes).toLowerCase();

export function formatPairingCode(secret: Uint8Array): string {
  if (secret.length !== SECRET_BYTES) throw new PairingCodeError(`secret must be ${SECRET_BYTES} bytes, got ${secret.length}`);
  return base32Lower(secret).match(/.{1,4}/g)!.join('-');
}

/** Whitespace and dashes are ignored, case too; the result must be exactly 32 bytes. */
export function parsePairingCode(text: string): Uint8Array {
  const compact = text.replace(/[\s-]+/g, '').toLowerCase();
  if (compact === '') throw new PairingCodeError('pairing code is empty');
  for (let i = 0; i < compact.length; i++) {
    if (!ALPHABET.includes(compact[i]!)) {
      throw new PairingCodeError(`pairing code has an invalid character at position ${i + 1} (only a-z and 2-7 are used)`);
    }
  }
  const bytes = Math.floor((compact.length * 5) / 8);
  if (bytes !== SECRET_BYTES) throw new PairingCodeError(`pairing code decoded to ${bytes} bytes, expected ${SECRET_BYTES}`);
  try {
    return base32nopad.decode(compact.toUpperCase());
  } catch {
    // 52 chars carry 260 bits; the 4 spare bits of the last char must be zero.
    throw new PairingCodeError('pairing code has an invalid last character (check the end of the code)');
  }
}
