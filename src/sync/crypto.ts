// Fleet cryptography (aura-seed-spec §6.2): topic and key derived from the secret, and
// XChaCha20-Poly1305 sealing of heartbeats. Node's crypto has no XChaCha, hence @noble.
import {xchacha20poly1305} from '@noble/ciphers/chacha.js';
import {randomBytes} from '@noble/ciphers/utils.js';
import {hkdf} from '@noble/hashes/hkdf.js';
import {hmac} from '@noble/hashes/hmac.js';
import {sha256} from '@noble/hashes/sha2.js';
import {base64} from '@scure/base';
import {base32Lower, SECRET_BYTES} from './pairing-code.js';

export const NONCE_BYTES = 24;
const TAG_BYTES = 16;
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

export const newSecret = (): Uint8Array => randomBytes(SECRET_BYTES);

/** "aura-" + 16 chars (80 bits) of base32(HMAC-SHA256(secret, "ntfy-topic")). */
export const deriveTopic = (secret: Uint8Array): string => `aura-${base32Lower(hmac(sha256, secret, ascii('ntfy-topic'))).slice(0, 16)}`;

/** HKDF-SHA256, no salt, info "aura-fleet-v1", 32 bytes. */
export const deriveKey = (secret: Uint8Array): Uint8Array => hkdf(sha256, secret, undefined, ascii('aura-fleet-v1'), 32);

/** Wire body: standard padded base64 of nonce ‖ ciphertext ‖ tag. `nonce` is only fixed by the known-answer tests. */
export function seal(key: Uint8Array, plaintext: string, nonce: Uint8Array = randomBytes(NONCE_BYTES)): string {
  const sealed = xchacha20poly1305(key, nonce).encrypt(new TextEncoder().encode(plaintext));
  const blob = new Uint8Array(NONCE_BYTES + sealed.length);
  blob.set(nonce);
  blob.set(sealed, NONCE_BYTES);
  return base64.encode(blob);
}

export type Opened = {ok: true; plaintext: string} | {ok: false; reason: 'not_base64' | 'decrypt_failed' | 'not_json'};

/** Open a wire body; never throws. */
export function open(key: Uint8Array, body: string): Opened {
  let blob: Uint8Array;
  try {
    blob = base64.decode(body.trim());
  } catch {
    return {ok: false, reason: 'not_base64'};
  }
  if (blob.length < NONCE_BYTES + TAG_BYTES) return {ok: false, reason: 'decrypt_failed'};
  let plain: Uint8Array;
  try {
    plain = xchacha20poly1305(key, blob.subarray(0, NONCE_BYTES)).decrypt(blob.subarray(NONCE_BYTES));
  } catch {
    return {ok: false, reason: 'decrypt_failed'};
  }
  try {
    return {ok: true, plaintext: new TextDecoder('utf-8', {fatal: true}).decode(plain)};
  } catch {
    return {ok: false, reason: 'not_json'};
  }
}
