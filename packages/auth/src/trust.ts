// Which public key may have signed a token, following distribution's VerifySigningKey: an `x5c` chain that
// leads to a certificate of the root bundle, else a `jwk` that is itself a trusted key (or carries such a
// chain), else a `kid` naming a bundle certificate's key by its libtrust id.
import { createPublicKey, X509Certificate, type JsonWebKey, type KeyObject } from 'node:crypto';
import { libtrustKeyId } from './key-id.js';
import { TokenError } from './token-error.js';

const PEM_CERT_RE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Splits PEM text into its certificates (other blocks, such as keys, are ignored). */
export function parseCertificates(pem: string): X509Certificate[] {
  return (pem.match(PEM_CERT_RE) ?? []).map((block) => new X509Certificate(block));
}

export interface SigningKey {
  key: KeyObject;
  keyId: string;
}

export class TrustStore {
  readonly roots: readonly X509Certificate[];
  private readonly keys = new Map<string, KeyObject>();

  constructor(rootCertBundlePem: string) {
    this.roots = parseCertificates(rootCertBundlePem);
    if (this.roots.length === 0) throw new Error('root certificate bundle holds no PEM certificate');
    for (const cert of this.roots) this.keys.set(libtrustKeyId(cert.publicKey), cert.publicKey);
  }

  /** The key ids of the bundle, as a `kid` header must name them. */
  keyIds(): string[] {
    return [...this.keys.keys()];
  }

  resolve(header: Record<string, unknown>, now: Date): SigningKey {
    if (header.x5c !== undefined && !Array.isArray(header.x5c)) throw new TokenError('malformed', 'x5c header is not an array');
    if (Array.isArray(header.x5c) && header.x5c.length > 0) return this.fromChain(header.x5c, now);
    if (header.jwk !== undefined && header.jwk !== null) return this.fromJwk(header.jwk, now);
    if (typeof header.kid === 'string' && header.kid !== '') {
      const key = this.keys.get(header.kid);
      if (!key) throw new TokenError('unknown_key', `token signed by untrusted key with id ${header.kid}`);
      return { key, keyId: header.kid };
    }
    throw new TokenError('unknown_key', 'token header names no signing key (kid, x5c or jwk)');
  }

  private fromJwk(jwk: unknown, now: Date): SigningKey {
    if (typeof jwk !== 'object' || Array.isArray(jwk)) throw new TokenError('malformed', 'jwk header is not an object');
    let key: KeyObject;
    try {
      key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
    } catch {
      throw new TokenError('malformed', 'jwk header is not a public key');
    }
    const keyId = libtrustKeyId(key);
    const x5c = (jwk as { x5c?: unknown }).x5c;
    if (x5c === undefined) {
      if (!this.keys.has(keyId)) throw new TokenError('unknown_key', 'untrusted jwk with no certificate chain');
      return { key, keyId };
    }
    if (!Array.isArray(x5c)) throw new TokenError('malformed', 'jwk x5c is not an array');
    const leaf = this.fromChain(x5c, now);
    if (leaf.keyId !== keyId) throw new TokenError('untrusted_chain', 'jwk does not match its leaf certificate');
    return { key, keyId };
  }

  /** Verifies `x5c` (base64 DER, leaf first) up to a bundle certificate, as Go's x509 Verify would. */
  private fromChain(x5c: unknown[], now: Date): SigningKey {
    const chain = x5c.map((entry) => {
      if (typeof entry !== 'string' || entry === '') throw new TokenError('malformed', 'x5c entry is not a string');
      try {
        return new X509Certificate(Buffer.from(entry, 'base64'));
      } catch {
        throw new TokenError('malformed', 'x5c entry is not a certificate');
      }
    });
    const leaf = chain[0];
    let intermediates = chain.slice(1);
    let current = leaf;
    // Each step climbs one issuer; a chain longer than what was sent cannot be honest.
    for (let depth = 0; depth <= chain.length; depth++) {
      if (!validAt(current, now)) throw new TokenError('untrusted_chain', `certificate ${current.subject} is not valid now`);
      if (this.roots.some((root) => root.raw.equals(current.raw))) return signingKey(leaf);
      const cert = current;
      const root = this.roots.find((r) => validAt(r, now) && issuedBy(cert, r));
      if (root) return signingKey(leaf);
      const parent = intermediates.find((i) => i.ca && issuedBy(cert, i));
      if (!parent) break;
      intermediates = intermediates.filter((i) => i !== parent);
      current = parent;
    }
    throw new TokenError('untrusted_chain', 'x5c chain does not lead to a trusted root certificate');
  }
}

function signingKey(cert: X509Certificate): SigningKey {
  return { key: cert.publicKey, keyId: libtrustKeyId(cert.publicKey) };
}

function issuedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false; // e.g. an issuer key of another type than the signature
  }
}

function validAt(cert: X509Certificate, now: Date): boolean {
  const t = now.getTime();
  return Date.parse(cert.validFrom) <= t && t <= Date.parse(cert.validTo);
}
