// The fleet protocol's cryptography against committed known-answer vectors, re-derived here with
// an independent implementation (node:crypto HMAC / HKDF / ChaCha20-Poly1305, a local HChaCha20
// and a bit-by-bit base32), plus seal/open round trips and pairing-code parsing.
import {createCipheriv, createHmac, hkdfSync} from 'node:crypto';
import {readFileSync} from 'node:fs';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {deriveKey, deriveTopic, newSecret, open, seal} from '../src/sync/crypto.js';
import {formatPairingCode, parsePairingCode, PairingCodeError} from '../src/sync/pairing-code.js';

interface Kat {
  vectors: {secret_hex: string; pairing_code: string; topic: string; key_hex: string; seals: {nonce_hex: string; plaintext: string; body: string}[]}[];
}
const kat = JSON.parse(readFileSync(new URL('./vectors/fleet-kat.json', import.meta.url), 'utf8')) as Kat;
const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));

/** RFC 4648 base32, lowercase, unpadded — written bit by bit, independent of the library. */
function base32(bytes: Uint8Array): string {
  const bits = [...bytes].map((b) => b.toString(2).padStart(8, '0')).join('');
  let out = '';
  for (let i = 0; i < bits.length; i += 5) out += 'abcdefghijklmnopqrstuvwxyz234567'[parseInt(bits.slice(i, i + 5).padEnd(5, '0'), 2)];
  return out;
}

/** HChaCha20 (draft-irtf-cfrg-xchacha §2.2): derives the XChaCha subkey. */
function hchacha20(key: Uint8Array, nonce16: Uint8Array): Buffer {
  const k = Buffer.from(key);
  const n = Buffer.from(nonce16);
  const s = [0x61707865, 0x3320646e, 0x79622d32, 0x6b206574, ...Array.from({length: 8}, (_, i) => k.readUInt32LE(i * 4)), ...Array.from({length: 4}, (_, i) => n.readUInt32LE(i * 4))];
  const rotl = (v: number, c: number) => ((v << c) | (v >>> (32 - c))) >>> 0;
  const qr = (a: number, b: number, c: number, d: number) => {
    s[a] = (s[a]! + s[b]!) >>> 0; s[d] = rotl(s[d]! ^ s[a]!, 16);
    s[c] = (s[c]! + s[d]!) >>> 0; s[b] = rotl(s[b]! ^ s[c]!, 12);
    s[a] = (s[a]! + s[b]!) >>> 0; s[d] = rotl(s[d]! ^ s[a]!, 8);
    s[c] = (s[c]! + s[d]!) >>> 0; s[b] = rotl(s[b]! ^ s[c]!, 7);
  };
  for (let i = 0; i < 10; i++) {
    qr(0, 4, 8, 12); qr(1, 5, 9, 13); qr(2, 6, 10, 14); qr(3, 7, 11, 15);
    qr(0, 5, 10, 15); qr(1, 6, 11, 12); qr(2, 7, 8, 13); qr(3, 4, 9, 14);
  }
  const out = Buffer.alloc(32);
  [...s.slice(0, 4), ...s.slice(12, 16)].forEach((w, i) => out.writeUInt32LE(w, i * 4));
  return out;
}

/** XChaCha20-Poly1305 = ChaCha20-Poly1305 under the HChaCha20 subkey, nonce 0000 ‖ nonce[16..24]. */
function independentSeal(key: Uint8Array, nonce: Uint8Array, plaintext: string): string {
  const iv = Buffer.concat([Buffer.alloc(4), Buffer.from(nonce.subarray(16))]);
  const cipher = createCipheriv('chacha20-poly1305', hchacha20(key, nonce.subarray(0, 16)), iv, {authTagLength: 16});
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from(nonce), ct, cipher.getAuthTag()]).toString('base64');
}

describe('fleet known-answer vectors', () => {
  it('has vectors to check', () => {
    expect(kat.vectors.length).toBeGreaterThanOrEqual(3);
  });
  for (const [i, v] of kat.vectors.entries()) {
    describe(`vector ${i}`, () => {
      const secret = hex(v.secret_hex);
      it('pairing code, topic and key match the vector', () => {
        expect(formatPairingCode(secret)).toBe(v.pairing_code);
        expect(v.pairing_code).toMatch(/^([a-z2-7]{4}-){12}[a-z2-7]{4}$/);
        expect(Buffer.from(parsePairingCode(v.pairing_code)).toString('hex')).toBe(v.secret_hex);
        expect(deriveTopic(secret)).toBe(v.topic);
        expect(v.topic).toHaveLength(21);
        expect(Buffer.from(deriveKey(secret)).toString('hex')).toBe(v.key_hex);
      });
      it('an independent implementation derives the same values', () => {
        const code = base32(secret).match(/.{4}/g)!.join('-');
        expect(code).toBe(v.pairing_code);
        expect(`aura-${base32(createHmac('sha256', secret).update('ntfy-topic').digest()).slice(0, 16)}`).toBe(v.topic);
        expect(Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'aura-fleet-v1', 32)).toString('hex')).toBe(v.key_hex);
      });
      for (const [j, s] of v.seals.entries()) {
        it(`seal ${j}: fixed nonce gives the committed body; both implementations agree; it opens`, () => {
          const key = hex(v.key_hex);
          expect(seal(key, s.plaintext, hex(s.nonce_hex))).toBe(s.body);
          expect(independentSeal(key, hex(s.nonce_hex), s.plaintext)).toBe(s.body);
          expect(open(key, s.body)).toEqual({ok: true, plaintext: s.plaintext});
        });
      }
    });
  }
});

describe('seal / open', () => {
  const key = deriveKey(hex(kat.vectors[0]!.secret_hex));

  it('round-trips any text with a fresh nonce each time', () => {
    fc.assert(
      fc.property(fc.string({maxLength: 400}), (text) => {
        const a = seal(key, text);
        const b = seal(key, text);
        expect(a).not.toBe(b);
        expect(open(key, a)).toEqual({ok: true, plaintext: text});
      }),
      {numRuns: 200},
    );
  });

  it('rejects a flipped bit anywhere, a wrong key, truncation and non-base64', () => {
    const body = seal(key, '{"v":1}');
    const blob = Buffer.from(body, 'base64');
    for (const at of [0, 23, 24, blob.length - 1]) {
      const t = Buffer.from(blob);
      t[at]! ^= 1;
      expect(open(key, t.toString('base64'))).toEqual({ok: false, reason: 'decrypt_failed'});
    }
    expect(open(deriveKey(newSecret()), body)).toEqual({ok: false, reason: 'decrypt_failed'});
    expect(open(key, blob.subarray(0, 39).toString('base64'))).toEqual({ok: false, reason: 'decrypt_failed'});
    expect(open(key, 'not base64 at all!')).toEqual({ok: false, reason: 'not_base64'});
    expect(open(key, body.replace(/=+$/, ''))).toEqual({ok: false, reason: 'not_base64'});
    expect(open(key, 'You received a file: attachment.bin')).toEqual({ok: false, reason: 'not_base64'});
  });

  it('new secrets are 32 random bytes', () => {
    const a = newSecret();
    expect(a).toHaveLength(32);
    expect(Buffer.from(a).equals(Buffer.from(newSecret()))).toBe(false);
  });
});

describe('pairing code', () => {
  const code = kat.vectors[0]!.pairing_code;
  const secretHex = kat.vectors[0]!.secret_hex;
  const parseHex = (s: string) => Buffer.from(parsePairingCode(s)).toString('hex');

  it('ignores whitespace, dashes and case', () => {
    expect(parseHex(`  ${code.toUpperCase()}\n`)).toBe(secretHex);
    expect(parseHex(code.replace(/-/g, ''))).toBe(secretHex);
    expect(parseHex(code.replace(/-/g, ' \t'))).toBe(secretHex);
    expect(parseHex(code.replace(/-/g, '--'))).toBe(secretHex);
  });

  it('gives clear errors that never repeat the code', () => {
    const err = (s: string) => {
      try {
        parsePairingCode(s);
      } catch (e) {
        expect(e).toBeInstanceOf(PairingCodeError);
        return (e as Error).message;
      }
      throw new Error('accepted');
    };
    expect(err('')).toBe('pairing code is empty');
    expect(err(' - \n')).toBe('pairing code is empty');
    expect(err(code.slice(0, -2))).toBe('pairing code decoded to 31 bytes, expected 32');
    expect(err(`${code}aaa`)).toBe('pairing code decoded to 34 bytes, expected 32');
    expect(err(code.replace(/^./, '1'))).toBe('pairing code has an invalid character at position 1 (only a-z and 2-7 are used)');
    expect(err(code.replace(/.$/, 'b'))).toMatch(/invalid last character/);
    for (const m of [err(code.slice(0, -2)), err(code.replace(/^./, '1'))]) expect(m).not.toContain(code.slice(5, 20));
  });

  it('round-trips every secret', () => {
    fc.assert(
      fc.property(fc.uint8Array({minLength: 32, maxLength: 32}), (secret) => {
        const c = formatPairingCode(secret);
        expect(c).toHaveLength(64);
        expect(Buffer.from(parsePairingCode(c)).equals(Buffer.from(secret))).toBe(true);
      }),
      {numRuns: 300},
    );
  });
});
