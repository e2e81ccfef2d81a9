// The libtrust key id (docker/libtrust `keyIDFromCryptoKey`): how distribution names a trusted key in a
// token's `kid` header and indexes the public keys of its `rootcertbundle`.
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding. */
function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32[(buffer >>> bits) & 31];
    }
    buffer &= (1 << bits) - 1; // keep only the unread bits so the shift never overflows
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * SHA-256 of the key's SubjectPublicKeyInfo DER, first 240 bits, base32, in 12 groups of 4 joined by ':'.
 * Accepts a public or private KeyObject, or PEM text of a public key, private key or certificate.
 */
export function libtrustKeyId(key: KeyObject | string): string {
  const publicKey = typeof key === 'string' || key.type !== 'public' ? createPublicKey(key) : key;
  const der = publicKey.export({ type: 'spki', format: 'der' });
  const digest = createHash('sha256').update(der).digest().subarray(0, 30);
  return base32(digest).match(/.{4}/g)!.join(':');
}
