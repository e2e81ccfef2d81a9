import assert from 'node:assert/strict';
import { scryptSync } from 'node:crypto';
import { test } from 'node:test';
import {
  PASSWORD_PARAMS,
  SECRET_PARAMS,
  generateSecret,
  hashPassword,
  hashSecret,
  needsRehash,
  verifyPassword,
  verifySecret,
} from './hash.js';
import { validatePassword } from './policy.js';

const FORMAT = /^scrypt\$N=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/]+=*)\$([A-Za-z0-9+/]+=*)$/;

test('hashPassword writes a self-describing scrypt string with a fresh salt', async () => {
  const a = await hashPassword('Harbor12345');
  const b = await hashPassword('Harbor12345');
  const m = FORMAT.exec(a);
  assert.ok(m, a);
  assert.deepEqual([Number(m[1]), Number(m[2]), Number(m[3])], [32768, 8, 1]);
  assert.equal(Buffer.from(m[4], 'base64').length, 16);
  assert.equal(Buffer.from(m[5], 'base64').length, 32);
  assert.notEqual(a, b, 'salts differ');
  // The hash is plain scrypt of the password under the stored salt and parameters.
  const expected = scryptSync('Harbor12345', Buffer.from(m[4], 'base64'), 32, { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  assert.equal(expected.toString('base64'), m[5]);
});

test('verifyPassword accepts the password and rejects everything else', async () => {
  const stored = await hashPassword('Harbor12345');
  assert.equal(await verifyPassword('Harbor12345', stored), true);
  assert.equal(await verifyPassword('Harbor12346', stored), false);
  assert.equal(await verifyPassword('harbor12345', stored), false);
  assert.equal(await verifyPassword('', stored), false);
  assert.equal(await verifyPassword('Harbor12345 ', stored), false);
});

test('unicode is compared after NFC normalisation', async () => {
  const stored = await hashSecret('Caf\u00e9Secret1');
  assert.equal(await verifySecret('Cafe\u0301Secret1', stored), true);
});

test('malformed, tampered or missing hashes verify false without throwing', async () => {
  const stored = await hashSecret('Secret123');
  const [, params, salt, hash] = stored.split('$');
  const cases = [
    '',
    'plain-text-password',
    'bcrypt$2b$10$abc',
    `scrypt$${params}$${salt}`,
    `scrypt$N=1000,r=8,p=1$${salt}$${hash}`, // N not a power of two
    `scrypt$N=4194304,r=8,p=1$${salt}$${hash}`, // beyond the memory cap
    `scrypt$N=4096,r=0,p=1$${salt}$${hash}`,
    `scrypt$${params}$not*base64$${hash}`,
    `scrypt$${params}$${salt}$${hash.slice(0, 8)}`, // truncated hash
  ];
  for (const bad of cases) assert.equal(await verifySecret('Secret123', bad), false, bad);
  assert.equal(await verifyPassword('Secret123', null), false);
  assert.equal(await verifyPassword('Secret123', undefined), false);
  // A flipped byte in the hash fails.
  const raw = Buffer.from(hash, 'base64');
  raw[raw.length - 1] ^= 1;
  assert.equal(await verifySecret('Secret123', `scrypt$${params}$${salt}$${raw.toString('base64')}`), false);
});

test('verification is timing-safe: a missing account costs as much as a wrong password', async () => {
  const stored = await hashPassword('Harbor12345');
  const time = async (fn: () => Promise<boolean>) => {
    const start = process.hrtime.bigint();
    assert.equal(await fn(), false);
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  const wrong: number[] = [];
  const missing: number[] = [];
  for (let i = 0; i < 3; i++) {
    wrong.push(await time(() => verifyPassword('Wrong12345', stored)));
    missing.push(await time(() => verifyPassword('Wrong12345', null)));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1];
  const ratio = median(missing) / median(wrong);
  // Both run one full N=2^15 derivation; without the stand-in the missing case would take ~0 ms.
  assert.ok(ratio > 0.4 && ratio < 2.5, `missing ${median(missing)} ms vs wrong ${median(wrong)} ms`);
});

test('needsRehash flags old parameters and unreadable values, not current hashes', async () => {
  assert.equal(needsRehash(await hashPassword('Harbor12345')), false);
  const secret = await hashSecret('Harbor12345');
  assert.equal(needsRehash(secret), true, 'secret cost is below the password cost');
  assert.equal(needsRehash(secret, SECRET_PARAMS), false);
  assert.equal(needsRehash('garbage'), true);
  assert.equal(needsRehash(secret.replace('N=4096', 'N=2048')), true);
  // An older, weaker hash still verifies, so it can be upgraded at the next login.
  assert.equal(await verifyPassword('Harbor12345', secret), true);
  assert.deepEqual(PASSWORD_PARAMS, { N: 32768, r: 8, p: 1 });
});

test('hashSecret uses the cheaper parameters and verifySecret checks it', async () => {
  const secret = generateSecret();
  const stored = await hashSecret(secret);
  const m = FORMAT.exec(stored);
  assert.ok(m);
  assert.deepEqual([Number(m[1]), Number(m[2]), Number(m[3])], [SECRET_PARAMS.N, SECRET_PARAMS.r, SECRET_PARAMS.p]);
  assert.equal(await verifySecret(secret, stored), true);
  assert.equal(await verifySecret(secret.slice(1), stored), false);
  assert.equal(await verifySecret(secret, null), false);
});

test('generateSecret produces policy-compliant, distinct secrets of the requested length', () => {
  assert.equal(generateSecret().length, 32);
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const s = generateSecret(8);
    assert.equal(s.length, 8);
    assert.match(s, /^[A-Za-z0-9]+$/);
    assert.deepEqual(validatePassword(s), { ok: true });
    seen.add(s);
  }
  assert.ok(seen.size > 195);
  assert.equal(generateSecret(128).length, 128);
  for (const bad of [7, 129, 0, -1, 8.5, Number.NaN]) assert.throws(() => generateSecret(bad), RangeError);
});
