import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, sign as cryptoSign, X509Certificate } from 'node:crypto';
import { before, describe, test } from 'node:test';
import { libtrustKeyId } from './key-id.js';
import { TokenMinter } from './mint.js';
import { TokenError, type TokenErrorReason } from './token-error.js';
import { TokenVerifier } from './verify.js';
import { createSelfSignedCertificate, issueCertificate, type KeyAndCertificate } from './x509.js';

const ISSUER = 'harbor-token-issuer';
const SERVICE = 'harbor-registry';
const ACCESS = [{ type: 'repository', name: 'p/app', actions: ['pull', 'push'] }];
const YEAR = 365 * 24 * 3600 * 1000;

let root: KeyAndCertificate;
let intermediate: KeyAndCertificate;
let leaf: KeyAndCertificate; // issued by root
let deepLeaf: KeyAndCertificate; // issued by intermediate
let strangerRoot: KeyAndCertificate;
let strangerLeaf: KeyAndCertificate;
let verifier: TokenVerifier;

before(async () => {
  [root, strangerRoot] = await Promise.all([
    createSelfSignedCertificate({ commonName: 'harbor-ca' }),
    createSelfSignedCertificate({ commonName: 'harbor-ca' }), // same name, other key: names alone prove nothing
  ]);
  [intermediate, leaf, strangerLeaf] = await Promise.all([
    issueCertificate(root, { commonName: 'intermediate', ca: true }),
    issueCertificate(root, { commonName: 'token-signer', days: 30 }),
    issueCertificate(strangerRoot, { commonName: 'token-signer' }),
  ]);
  deepLeaf = await issueCertificate(intermediate, { commonName: 'deep-signer', keyAlgorithm: 'ec-p256' });
  verifier = new TokenVerifier({ issuer: ISSUER, service: SERVICE, rootCertBundlePem: root.certPem, cacheSize: 0 });
});

function x5cToken(signer: KeyAndCertificate, chainPem: string, now?: () => number): string {
  const minter = new TokenMinter({ issuer: ISSUER, privateKeyPem: signer.keyPem, certificatePem: chainPem, keyHeader: 'x5c', now });
  return minter.mint({ subject: 'ci-bot', audience: SERVICE, access: ACCESS }).token;
}

function rejects(token: string, reason: TokenErrorReason, v = verifier): void {
  assert.throws(() => v.verify(token), (err: unknown) => err instanceof TokenError && err.reason === reason, `expected ${reason}`);
}

describe('x5c header', () => {
  test('a leaf signed by a bundle root is trusted', () => {
    const token = x5cToken(leaf, leaf.certPem);
    const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString());
    assert.equal(header.kid, undefined);
    assert.equal(header.x5c.length, 1);
    const verified = verifier.verify(token);
    assert.equal(verified.subject, 'ci-bot');
    assert.equal(verified.keyId, libtrustKeyId(leaf.certPem));
  });

  test('a chain through an intermediate is trusted only when the intermediate is sent', () => {
    const verified = verifier.verify(x5cToken(deepLeaf, deepLeaf.certPem + intermediate.certPem));
    assert.equal(verified.keyId, libtrustKeyId(deepLeaf.keyPem));
    rejects(x5cToken(deepLeaf, deepLeaf.certPem), 'untrusted_chain');
  });

  test('a chain to a root outside the bundle is refused', () => {
    rejects(x5cToken(strangerLeaf, strangerLeaf.certPem), 'untrusted_chain');
    rejects(x5cToken(strangerLeaf, strangerLeaf.certPem + strangerRoot.certPem), 'untrusted_chain');
  });

  test('a leaf cannot act as a CA for another certificate', async () => {
    const underLeaf = await issueCertificate(leaf, { commonName: 'not-allowed' });
    rejects(x5cToken(underLeaf, underLeaf.certPem + leaf.certPem), 'untrusted_chain');
  });

  test('the root certificate itself may be sent as x5c', () => {
    assert.equal(verifier.verify(x5cToken(root, root.certPem)).keyId, libtrustKeyId(root.certPem));
  });

  test('an expired leaf is refused', () => {
    const later = () => Date.now() + 60 * 24 * 3600 * 1000; // leaf lives 30 days, root 10 years
    const v = new TokenVerifier({ issuer: ISSUER, service: SERVICE, rootCertBundlePem: root.certPem, now: later });
    rejects(x5cToken(leaf, leaf.certPem, later), 'untrusted_chain', v);
    assert.equal(v.verify(x5cToken(root, root.certPem, later)).subject, 'ci-bot');
    const muchLater = () => Date.now() + 11 * YEAR;
    const v2 = new TokenVerifier({ issuer: ISSUER, service: SERVICE, rootCertBundlePem: root.certPem, now: muchLater });
    rejects(x5cToken(root, root.certPem, muchLater), 'untrusted_chain', v2);
  });

  test('x5c entries that are not certificates are malformed', () => {
    const token = x5cToken(leaf, leaf.certPem);
    const [, payload, signature] = token.split('.');
    const header = (x5c: unknown) => Buffer.from(JSON.stringify({ alg: 'RS256', x5c })).toString('base64url');
    rejects(`${header(['bm90IGEgY2VydA=='])}.${payload}.${signature}`, 'malformed');
    rejects(`${header([42])}.${payload}.${signature}`, 'malformed');
    rejects(`${header('MIIB')}.${payload}.${signature}`, 'malformed');
  });
});

describe('jwk header and EC keys', () => {
  function jwkToken(signer: KeyAndCertificate, jwk: object, alg: string): string {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const t = Math.floor(Date.now() / 1000);
    const input = `${b64({ alg, typ: 'JWT', jwk })}.${b64({ iss: ISSUER, aud: SERVICE, sub: 'j', exp: t + 60, access: [] })}`;
    const key = createPrivateKey(signer.keyPem);
    const sig = cryptoSign('sha256', Buffer.from(input), key.asymmetricKeyType === 'ec' ? { key, dsaEncoding: 'ieee-p1363' } : key);
    return `${input}.${sig.toString('base64url')}`;
  }

  test('a jwk that is a bundle key is trusted, any other jwk is not', () => {
    const rootJwk = createPublicKey(root.keyPem).export({ format: 'jwk' });
    assert.equal(verifier.verify(jwkToken(root, rootJwk, 'RS256')).subject, 'j');
    const strangerJwk = createPublicKey(strangerRoot.keyPem).export({ format: 'jwk' });
    rejects(jwkToken(strangerRoot, strangerJwk, 'RS256'), 'unknown_key');
  });

  test('a jwk carrying its own x5c chain is trusted through the chain', () => {
    const jwk = { ...createPublicKey(leaf.keyPem).export({ format: 'jwk' }), x5c: [new X509Certificate(leaf.certPem).raw.toString('base64')] };
    assert.equal(verifier.verify(jwkToken(leaf, jwk, 'RS256')).keyId, libtrustKeyId(leaf.keyPem));
    const mismatched = { ...createPublicKey(strangerLeaf.keyPem).export({ format: 'jwk' }), x5c: jwk.x5c };
    rejects(jwkToken(strangerLeaf, mismatched, 'RS256'), 'untrusted_chain');
  });

  test('ES256 tokens from an EC signing certificate verify by kid', async () => {
    const ec = await createSelfSignedCertificate({ keyAlgorithm: 'ec-p256' });
    const v = new TokenVerifier({ issuer: ISSUER, service: SERVICE, rootCertBundlePem: ec.certPem });
    const minted = new TokenMinter({ issuer: ISSUER, privateKeyPem: ec.keyPem }).mint({ subject: 'e', audience: SERVICE, access: ACCESS });
    assert.equal(JSON.parse(Buffer.from(minted.token.split('.')[0], 'base64url').toString()).alg, 'ES256');
    assert.deepEqual(v.verify(minted.token).access, ACCESS);
    assert.equal(v.verify(jwkToken(ec, createPublicKey(ec.keyPem).export({ format: 'jwk' }), 'ES256')).subject, 'j');
  });
});
