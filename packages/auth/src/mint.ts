// Minting registry bearer tokens that distribution 2.8 (and our TokenVerifier) accept: RS256/ES* JWTs
// whose header names the signing key by its libtrust id (or carries the certificate chain as x5c).
import { createPrivateKey, randomBytes, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { libtrustKeyId } from './key-id.js';
import type { Access } from './scope.js';
import { parseCertificates } from './trust.js';

export interface TokenMinterOptions {
  issuer: string;
  privateKeyPem: string;
  /** The signing certificate (leaf first, then intermediates); checked against the key when given. */
  certificatePem?: string;
  expirySeconds?: number;
  /** How the header names the key: `kid` (what Harbor sends) or the `x5c` chain (needs certificatePem). */
  keyHeader?: 'kid' | 'x5c';
  /** Milliseconds since the epoch; for tests. */
  now?: () => number;
}

export interface MintRequest {
  /** The user name; '' for anonymous. */
  subject: string;
  /** The registry's service name. */
  audience: string;
  access: readonly Access[];
  expirySeconds?: number;
}

/** Field names follow the token endpoint's JSON response. */
export interface MintedToken {
  token: string;
  expires_in: number;
  issued_at: string;
}

type Algorithm = 'RS256' | 'ES256' | 'ES384' | 'ES512';

const CURVE_ALGORITHMS: Record<string, Algorithm> = {
  prime256v1: 'ES256',
  secp384r1: 'ES384',
  secp521r1: 'ES512',
};

function algorithmFor(key: KeyObject): Algorithm {
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType === 'ec' && curve && CURVE_ALGORITHMS[curve]) return CURVE_ALGORITHMS[curve];
  throw new Error(`token signing key must be RSA or EC P-256/384/521, not ${key.asymmetricKeyType}`);
}

export class TokenMinter {
  readonly keyId: string;
  private readonly key: KeyObject;
  private readonly algorithm: Algorithm;
  private readonly header: Record<string, unknown>;
  private readonly expirySeconds: number;
  private readonly now: () => number;

  constructor(private readonly options: TokenMinterOptions) {
    this.key = createPrivateKey(options.privateKeyPem);
    this.algorithm = algorithmFor(this.key);
    this.keyId = libtrustKeyId(this.key);
    this.expirySeconds = options.expirySeconds ?? 1800;
    this.now = options.now ?? Date.now;
    const chain = options.certificatePem ? parseCertificates(options.certificatePem) : [];
    // A certificate for another key would make every token fail verification: refuse at start-up instead.
    if (chain.length > 0 && libtrustKeyId(chain[0].publicKey) !== this.keyId) {
      throw new Error('token signing certificate does not match the private key');
    }
    if (options.keyHeader === 'x5c') {
      if (chain.length === 0) throw new Error('keyHeader x5c needs certificatePem');
      this.header = { typ: 'JWT', x5c: chain.map((cert) => cert.raw.toString('base64')) };
    } else {
      this.header = { typ: 'JWT', kid: this.keyId };
    }
  }

  mint(request: MintRequest): MintedToken {
    const issuedAt = Math.floor(this.now() / 1000);
    const expiresIn = request.expirySeconds ?? this.expirySeconds;
    const claims = {
      iss: this.options.issuer,
      sub: request.subject,
      aud: request.audience,
      exp: issuedAt + expiresIn,
      nbf: issuedAt,
      iat: issuedAt,
      jti: randomBytes(16).toString('base64url'),
      access: request.access.map((entry) => ({ ...entry, actions: [...entry.actions] })),
    };
    const token = jwt.sign(claims, this.key, { algorithm: this.algorithm, header: { alg: this.algorithm, ...this.header } });
    return { token, expires_in: expiresIn, issued_at: new Date(issuedAt * 1000).toISOString().replace('.000Z', 'Z') };
  }
}
