// Verification of registry bearer tokens as distribution 2.8 does it (registry/auth/token): a trusted
// signing key, the configured issuer and service, exp/nbf with leeway, and an access list. Successful
// results are cached per token string, because clients send the same token on every request.
import { TokenClaimsSchema } from '@harbor/contracts';
import jwt from 'jsonwebtoken';
import type { Access } from './scope.js';
import { TokenError } from './token-error.js';
import { TrustStore } from './trust.js';

/** Signature algorithms libtrust (and so distribution) accepts. */
export const TOKEN_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'] as const;
type TokenAlgorithm = (typeof TOKEN_ALGORITHMS)[number];

export interface TokenVerifierOptions {
  issuer: string;
  /** The registry's service name; the token's `aud` must name it. */
  service: string;
  /** PEM with one or more certificates whose keys (and CAs, for `x5c`) are trusted. */
  rootCertBundlePem: string;
  leewaySeconds?: number;
  /** Successful verifications kept; 0 turns the cache off. */
  cacheSize?: number;
  /** Milliseconds since the epoch; for tests. */
  now?: () => number;
}

export interface VerifiedToken {
  subject: string;
  issuer: string;
  audience: readonly string[];
  access: readonly Access[];
  expiresAt: Date;
  issuedAt?: Date;
  notBefore?: Date;
  jwtId?: string;
  /** libtrust id of the key that signed the token. */
  keyId: string;
}

interface CacheEntry {
  value: VerifiedToken;
  /** Past this instant (ms) the token has expired, leeway included. */
  deadline: number;
}

export class TokenVerifier {
  private readonly trust: TrustStore;
  private readonly leeway: number;
  private readonly cacheSize: number;
  private readonly now: () => number;
  // A Map iterates in insertion order, so re-inserting on a hit makes the first key the least recent.
  private readonly cache = new Map<string, CacheEntry>();

  constructor(private readonly options: TokenVerifierOptions) {
    this.trust = new TrustStore(options.rootCertBundlePem);
    this.leeway = options.leewaySeconds ?? 60;
    this.cacheSize = options.cacheSize ?? 4096;
    this.now = options.now ?? Date.now;
  }

  /** Key ids of the trusted bundle, for diagnostics. */
  trustedKeyIds(): string[] {
    return this.trust.keyIds();
  }

  /** Returns the token's subject and access, or throws a TokenError saying why it is refused. */
  verify(token: string): VerifiedToken {
    const now = this.now();
    const hit = this.cache.get(token);
    if (hit) {
      this.cache.delete(token);
      if (now <= hit.deadline) {
        this.cache.set(token, hit);
        return hit.value;
      }
    }
    const value = this.verifyUncached(token, now);
    if (this.cacheSize > 0) {
      this.cache.set(token, { value, deadline: value.expiresAt.getTime() + this.leeway * 1000 });
      if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
    }
    return value;
  }

  private verifyUncached(token: string, now: number): VerifiedToken {
    const parts = typeof token === 'string' ? token.split('.') : [];
    if (parts.length !== 3) throw new TokenError('malformed', 'token is not a compact JWS');
    const header = decodeSegment(parts[0], 'header');
    const payload = decodeSegment(parts[1], 'claims');
    const alg = header.alg;
    if (typeof alg !== 'string' || !TOKEN_ALGORITHMS.includes(alg as TokenAlgorithm)) {
      throw new TokenError('unsupported_algorithm', `signing algorithm ${String(alg)} is not accepted`);
    }
    const signer = this.trust.resolve(header, new Date(now));
    try {
      // Time claims are checked below with the configured clock and leeway, not jsonwebtoken's.
      jwt.verify(token, signer.key, { algorithms: [alg as TokenAlgorithm], ignoreExpiration: true, ignoreNotBefore: true });
    } catch (err) {
      const message = (err as Error).message;
      if (message === 'invalid signature') throw new TokenError('bad_signature', 'token signature does not verify');
      throw new TokenError('malformed', `token rejected: ${message}`);
    }
    return this.checkClaims(payload, signer.keyId, now / 1000);
  }

  private checkClaims(payload: Record<string, unknown>, keyId: string, nowSeconds: number): VerifiedToken {
    if (payload.exp === undefined) throw new TokenError('missing_exp', 'token has no exp claim');
    if (payload.access === undefined) throw new TokenError('missing_access', 'token has no access claim');
    const parsed = TokenClaimsSchema.safeParse(normalizeGoNulls(payload));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new TokenError('malformed', `invalid claim ${issue.path.join('.')}: ${issue.message}`);
    }
    const claims = parsed.data;
    if (claims.iss !== this.options.issuer) throw new TokenError('wrong_issuer', `token issued by ${claims.iss}`);
    const audience = typeof claims.aud === 'string' ? [claims.aud] : claims.aud;
    if (!audience.includes(this.options.service)) {
      throw new TokenError('wrong_audience', `token is for ${audience.join(', ')}`);
    }
    if (nowSeconds > claims.exp + this.leeway) throw new TokenError('expired', 'token has expired');
    if (claims.nbf !== undefined && nowSeconds < claims.nbf - this.leeway) {
      throw new TokenError('not_yet_valid', 'token is not valid yet');
    }
    const access = claims.access.map((entry) => Object.freeze({ ...entry, actions: Object.freeze(entry.actions) }));
    return Object.freeze({
      subject: claims.sub ?? '',
      issuer: claims.iss,
      audience: Object.freeze(audience),
      access: Object.freeze(access) as readonly Access[],
      expiresAt: new Date(claims.exp * 1000),
      issuedAt: claims.iat === undefined ? undefined : new Date(claims.iat * 1000),
      notBefore: claims.nbf === undefined ? undefined : new Date(claims.nbf * 1000),
      jwtId: claims.jti,
      keyId,
    });
  }
}

function decodeSegment(segment: string, what: string): Record<string, unknown> {
  if (!/^[A-Za-z0-9_-]+$/.test(segment)) throw new TokenError('malformed', `token ${what} is not base64url`);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw new TokenError('malformed', `token ${what} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TokenError('malformed', `token ${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** Go encodes an empty slice as null: Harbor's core sends `"access": null` and `"actions": null`. */
function normalizeGoNulls(payload: Record<string, unknown>): Record<string, unknown> {
  if (payload.access === null) return { ...payload, access: [] };
  if (!Array.isArray(payload.access)) return payload;
  const access = payload.access.map((entry: unknown) =>
    entry && typeof entry === 'object' && (entry as { actions?: unknown }).actions === null ? { ...entry, actions: [] } : entry,
  );
  return { ...payload, access };
}
