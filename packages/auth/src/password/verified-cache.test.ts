import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashPassword, verifyPassword } from './hash.js';
import { VerifiedSecretCache } from './verified-cache.js';

function counting(verifier = verifyPassword) {
  const calls = { n: 0 };
  return { calls, verify: async (secret: string, stored: string) => { calls.n++; return verifier(secret, stored); } };
}

test('a matching secret is hashed once, then answered from the cache; wrong secrets are always hashed', async () => {
  const cache = new VerifiedSecretCache();
  const stored = await hashPassword('Harbor12345');
  const { calls, verify } = counting();
  assert.equal(await cache.verify('u1', 'Harbor12345', stored, verify), true);
  assert.equal(await cache.verify('u1', 'Harbor12345', stored, verify), true);
  assert.equal(calls.n, 1);
  assert.equal(await cache.verify('u1', 'Harbor12346', stored, verify), false);
  assert.equal(await cache.verify('u1', 'Harbor12346', stored, verify), false);
  assert.equal(calls.n, 3, 'failures are never remembered');
  assert.equal(cache.known('u1', 'Harbor12345', stored), true, 'known without hashing');
  assert.equal(cache.known('u1', 'Harbor12346', stored), false);
  assert.equal(cache.known('u2', 'Harbor12345', stored), false, 'another account with the same stored hash is not proven');
  assert.equal(calls.n, 3);
});

test('a new stored hash (password changed) does not inherit the old entry', async () => {
  const cache = new VerifiedSecretCache();
  const before = await hashPassword('Harbor12345');
  const after = await hashPassword('Changed12345');
  const { verify } = counting();
  assert.equal(await cache.verify('u1', 'Harbor12345', before, verify), true);
  assert.equal(await cache.verify('u1', 'Harbor12345', after, verify), false);
});

test('concurrent checks of the same credentials share one hash', async () => {
  const cache = new VerifiedSecretCache();
  const stored = await hashPassword('Harbor12345');
  const { calls, verify } = counting();
  const results = await Promise.all(Array.from({ length: 20 }, () => cache.verify('u1', 'Harbor12345', stored, verify)));
  assert.ok(results.every(Boolean));
  assert.equal(calls.n, 1);
});

test('entries expire and the cache stays bounded', async () => {
  const cache = new VerifiedSecretCache(30, 2);
  const { calls, verify } = counting(async (s, t) => s === t);
  await cache.verify('u1', 'a', 'a', verify);
  await new Promise((r) => setTimeout(r, 40));
  await cache.verify('u1', 'a', 'a', verify);
  assert.equal(calls.n, 2, 'expired');
  await cache.verify('u1', 'b', 'b', verify);
  await cache.verify('u1', 'c', 'c', verify);
  await cache.verify('u1', 'a', 'a', verify);
  assert.equal(calls.n, 5, 'the oldest entry was evicted');
});
