import assert from 'node:assert/strict';
import { createHmac, createPrivateKey, sign as cryptoSign } from 'node:crypto';
import { before, describe, test } from 'node:test';
import { TokenMinter } from './mint.js';
import { TokenError, type TokenErrorReason } from './token-error.js';
import { TokenVerifier } from './verify.js';
import { createSelfSignedCertificate, type KeyAndCertificate } from './x509.js';

const ISSUER = 'harbor-token-issuer';
const SERVICE = 'harbor-registry';
const PULL = [{ type: 'repository', name: 'library/nginx', actions: ['pull'] }];

let signer: KeyAndCertificate;
let other: KeyAndCertificate;
let verifier: TokenVerifier;
let minter: TokenMinter;

before(async () => {
  [signer, other] = await Promise.all([createSelfSignedCertificate(), createSelfSignedCertificate()]);
  verifier = new TokenVerifier({ issuer: ISSUER, service: SERVICE, rootCertBundlePem: signer.certPem, cacheSize: 0 });
  minter = new TokenMinter({ issuer: ISSUER, privateKeyPem: signer.keyPem, certificatePem: signer.certPem });
});

const now = () => Math.floor(Date.now() / 1000);

/**
 * Signs arbitrary claims with node's crypto alone (not the library under test), so tests can build
 * tokens the minter would never produce.
 */
function sign(claims: Record<string, unknown>, keyPem = signer.keyPem, header: Record<string, unknown> = { kid: minter.keyId }): string {
  const input = `${b64({ alg: 'RS256', typ: 'JWT', ...header })}.${b64(claims)}`;
  return `${input}.${cryptoSign('sha256', Buffer.from(input), createPrivateKey(keyPem)).toString('base64url')}`;
}

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const t = now();
  return { iss: ISSUER, sub: 'alice', aud: SERVICE, exp: t + 300, nbf: t, iat: t, jti: 'j1', access: PULL, ...overrides };
}

function rejects(token: string, reason: TokenErrorReason, v = verifier): void {
  assert.throws(
    () => v.verify(token),
    (err: unknown) => err instanceof TokenError && err.reason === reason,
    `expected ${reason}`,
  );
}

describe('mint → verify', () => {
  test('round trip keeps subject, audience, access and times', () => {
    const minted = minter.mint({ subject: 'alice', audience: SERVICE, access: PULL });
    assert.equal(minted.expires_in, 1800);
    assert.match(minted.issued_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const header = JSON.parse(Buffer.from(minted.token.split('.')[0], 'base64url').toString());
    assert.deepEqual(header, { alg: 'RS256', typ: 'JWT', kid: minter.keyId });
    assert.deepEqual(verifier.trustedKeyIds(), [minter.keyId]);

    const verified = verifier.verify(minted.token);
    assert.equal(verified.subject, 'alice');
    assert.equal(verified.issuer, ISSUER);
    assert.deepEqual(verified.audience, [SERVICE]);
    assert.deepEqual(verified.access, PULL);
    assert.equal(verified.keyId, minter.keyId);
    assert.equal(verified.expiresAt.getTime(), Date.parse(minted.issued_at) + 1800_000);
    assert.ok(verified.jwtId && verified.jwtId.length >= 16);
    assert.ok(Object.isFrozen(verified) && Object.isFrozen(verified.access));
  });

  test('each token gets its own jti; empty access and anonymous subject verify', () => {
    const a = minter.mint({ subject: '', audience: SERVICE, access: [] });
    const b = minter.mint({ subject: '', audience: SERVICE, access: [] });
    assert.notEqual(verifier.verify(a.token).jwtId, verifier.verify(b.token).jwtId);
    assert.equal(verifier.verify(a.token).subject, '');
    assert.deepEqual(verifier.verify(a.token).access, []);
  });

  test('minter refuses a certificate of another key and x5c without a certificate', () => {
    assert.throws(() => new TokenMinter({ issuer: ISSUER, privateKeyPem: signer.keyPem, certificatePem: other.certPem }), /does not match/);
    assert.throws(() => new TokenMinter({ issuer: ISSUER, privateKeyPem: signer.keyPem, keyHeader: 'x5c' }), /needs certificatePem/);
  });

  test('a bundle with several certificates trusts each key', async () => {
    const both = new TokenVerifier({ issuer: ISSUER, service: SERVICE, rootCertBundlePem: signer.certPem + other.certPem });
    const otherMinter = new TokenMinter({ issuer: ISSUER, privateKeyPem: other.keyPem });
    assert.equal(both.verify(otherMinter.mint({ subject: 'bob', audience: SERVICE, access: PULL }).token).subject, 'bob');
    assert.equal(both.verify(minter.mint({ subject: 'al', audience: SERVICE, access: PULL }).token).subject, 'al');
    assert.throws(() => new TokenVerifier({ issuer: ISSUER, service: SERVICE, rootCertBundlePem: signer.keyPem }), /no PEM certificate/);
  });
});

describe('refusals', () => {
  test('forged signature: another key claiming the trusted kid', () => {
    rejects(sign(claims(), other.keyPem), 'bad_signature');
    const [h, p] = sign(claims()).split('.');
    const tampered = sign(claims({ sub: 'root' })).split('.')[1];
    rejects(`${h}.${tampered}.${sign(claims()).split('.')[2]}`, 'bad_signature');
    rejects(`${h}.${p}.AAAA`, 'bad_signature');
  });

  test('unknown kid, and no key reference at all', () => {
    const otherMinter = new TokenMinter({ issuer: ISSUER, privateKeyPem: other.keyPem });
    rejects(otherMinter.mint({ subject: 'a', audience: SERVICE, access: PULL }).token, 'unknown_key');
    rejects(sign(claims(), signer.keyPem, {}), 'unknown_key');
  });

  test('wrong issuer and wrong audience; an audience array containing the service is accepted', () => {
    rejects(sign(claims({ iss: 'someone-else' })), 'wrong_issuer');
    rejects(sign(claims({ aud: 'other-registry' })), 'wrong_audience');
    rejects(sign(claims({ aud: ['a', 'b'] })), 'wrong_audience');
    assert.deepEqual(verifier.verify(sign(claims({ aud: ['other', SERVICE] }))).audience, ['other', SERVICE]);
  });

  test('exp and nbf honour a 60 s leeway', () => {
    rejects(sign(claims({ exp: now() - 61, nbf: now() - 600 })), 'expired');
    assert.equal(verifier.verify(sign(claims({ exp: now() - 30, nbf: now() - 600 }))).subject, 'alice');
    rejects(sign(claims({ nbf: now() + 120 })), 'not_yet_valid');
    assert.equal(verifier.verify(sign(claims({ nbf: now() + 30 }))).subject, 'alice');
    const strict = new TokenVerifier({ issuer: ISSUER, service: SERVICE, rootCertBundlePem: signer.certPem, leewaySeconds: 0 });
    rejects(sign(claims({ exp: now() - 5 })), 'expired', strict);
  });

  test('missing exp or access; Go-style null access and actions are empty lists', () => {
    rejects(sign(claims({ exp: undefined })), 'missing_exp');
    rejects(sign(claims({ access: undefined })), 'missing_access');
    assert.deepEqual(verifier.verify(sign(claims({ access: null }))).access, []);
    const nullActions = verifier.verify(sign(claims({ access: [{ type: 'repository', name: 'x', actions: null }] })));
    assert.deepEqual(nullActions.access, [{ type: 'repository', name: 'x', actions: [] }]);
    rejects(sign(claims({ access: [{ type: 'repository' }] })), 'malformed');
    rejects(sign(claims({ exp: 'tomorrow' })), 'malformed');
    rejects(sign(claims({ iss: 42 })), 'malformed');
  });

  test('malformed strings and unaccepted algorithms', () => {
    for (const bad of ['', 'abc', 'a.b', 'a.b.c.d', 'a.b.c', '!!.??.**', `${b64({ alg: 'RS256' })}.notjson.sig`, `${b64([1])}.${b64({})}.sig`]) {
      rejects(bad, 'malformed');
    }
    const body = b64(claims());
    rejects(`${b64({ alg: 'none', kid: minter.keyId })}.${body}.`, 'unsupported_algorithm');
    rejects(`${b64({ kid: minter.keyId })}.${body}.sig`, 'unsupported_algorithm');
    // Algorithm confusion: HMAC keyed with the public certificate must never pass.
    const hsInput = `${b64({ alg: 'HS256', kid: minter.keyId })}.${body}`;
    rejects(`${hsInput}.${createHmac('sha256', signer.certPem).update(hsInput).digest('base64url')}`, 'unsupported_algorithm');
    // An RS token relabelled ES256: the key type does not fit the algorithm.
    const [, p, s] = sign(claims()).split('.');
    rejects(`${b64({ alg: 'ES256', kid: minter.keyId })}.${p}.${s}`, 'malformed');
  });
});

describe('cache', () => {
  test('repeated verification is served from the cache until exp + leeway', () => {
    let clock = Date.now();
    const v = new TokenVerifier({ issuer: ISSUER, service: SERVICE, rootCertBundlePem: signer.certPem, now: () => clock });
    const token = sign(claims({ exp: Math.floor(clock / 1000) + 10 }));
    const first = v.verify(token);
    assert.equal(v.verify(token), first, 'same object: served from cache');
    clock += 69_000;
    assert.equal(v.verify(token), first, 'within leeway');
    clock += 2_000;
    rejects(token, 'expired', v);
  });

  test('the cache is bounded and evicts the least recently used token', () => {
    const v = new TokenVerifier({ issuer: ISSUER, service: SERVICE, rootCertBundlePem: signer.certPem, cacheSize: 2 });
    const [a, b, c] = ['a', 'b', 'c'].map((sub) => sign(claims({ sub })));
    const va = v.verify(a);
    const vb = v.verify(b);
    assert.equal(v.verify(a), va); // a is now the most recent
    v.verify(c); // evicts b
    assert.equal(v.verify(a), va);
    assert.notEqual(v.verify(b), vb);
  });

  test('a refused token is not cached', () => {
    const v = new TokenVerifier({ issuer: ISSUER, service: SERVICE, rootCertBundlePem: signer.certPem });
    const forged = sign(claims(), other.keyPem);
    rejects(forged, 'bad_signature', v);
    rejects(forged, 'bad_signature', v);
  });
});

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
