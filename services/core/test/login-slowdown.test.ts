// Repeated failed logins are slowed, and the count is shared through Redis by every core replica.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { FailureLimiter } from '../src/domain/identity/failure-limiter.js';
import { basic, startTestCore, type TestCore } from './helpers.js';

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

describe('failure limiter', () => {
  const keyPrefix = `harbor-test-${randomBytes(6).toString('hex')}:`;
  const a = new Redis(redisUrl, { keyPrefix });
  const b = new Redis(redisUrl, { keyPrefix });
  const raw = new Redis(redisUrl);
  after(async () => {
    const keys = await raw.keys(`${keyPrefix}*`);
    if (keys.length) await raw.del(...keys);
    await Promise.all([a.quit(), b.quit(), raw.quit()]);
  });

  test('attempts counted by one replica slow down the other; success clears them', async () => {
    const one = new FailureLimiter(a, { freeAttempts: 2, maxDelayMs: 1000 });
    const two = new FailureLimiter(b, { freeAttempts: 2, maxDelayMs: 1000 });
    assert.equal(await two.delayFor('alice\u0000ip'), 0);
    assert.equal(await one.attempt('alice\u0000ip'), 0);
    assert.equal(await one.attempt('alice\u0000ip'), 0);
    assert.equal(await two.delayFor('alice\u0000ip'), 250);
    assert.equal(await two.attempt('alice\u0000ip'), 250);
    assert.equal(await one.delayFor('alice\u0000ip'), 500);
    for (let i = 0; i < 10; i++) await one.attempt('alice\u0000ip');
    assert.equal(await two.delayFor('alice\u0000ip'), 1000, 'capped');
    assert.equal(await two.delayFor('bob\u0000ip'), 0, 'per account');
    await two.succeed('alice\u0000ip');
    assert.equal(await one.delayFor('alice\u0000ip'), 0);
    await one.attempt('dave\u0000ip');
    const keys = await raw.keys(`${keyPrefix}*`);
    assert.ok(keys.length > 0 && keys.every((k) => /login-failures:[0-9a-f]{64}$/.test(k)), 'keys are hashed');
  });

  test('parallel attempts each see the ones before them', async () => {
    const limiter = new FailureLimiter(a, { freeAttempts: 2, maxDelayMs: 10_000 });
    const delays = (await Promise.all(Array.from({ length: 6 }, () => limiter.attempt('burst')))).sort((x, y) => x - y);
    assert.deepEqual(delays, [0, 0, 250, 500, 1000, 2000]);
  });

  test('without Redis the process still counts', async () => {
    const down = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
    down.on('error', () => undefined);
    const limiter = new FailureLimiter(down, { freeAttempts: 1 });
    assert.equal(await limiter.attempt('carol'), 0);
    assert.equal(await limiter.delayFor('carol'), 250);
    assert.equal(await limiter.attempt('carol'), 250);
    await limiter.succeed('carol');
    assert.equal(await limiter.delayFor('carol'), 0);
    down.disconnect();
  });
});

describe('login slow-down over HTTP', () => {
  let core: TestCore;
  before(async () => { core = await startTestCore(); });
  after(async () => { await core.stop(); });

  test('after a few wrong passwords the answer is delayed, and still 401', async () => {
    const url = `${core.url}/service/token?service=harbor-registry&scope=repository:library/x:pull`;
    for (let i = 0; i < 4; i++) {
      const res = await fetch(url, { headers: basic('admin', 'wrong-password') });
      assert.equal(res.status, 401);
    }
    const started = Date.now();
    const res = await fetch(url, { headers: basic('admin', 'wrong-password') });
    assert.equal(res.status, 401);
    assert.ok(Date.now() - started >= 450, `delayed (${Date.now() - started} ms)`);
    // Whether a success clears the count is read from Redis: an upper bound on a password hash's time
    // would fail on a busy machine.
    const redis = new Redis(redisUrl);
    const failureKeys = () => redis.keys(`${core.keyPrefix}login-failures:*`);
    try {
      assert.equal((await failureKeys()).length, 1, 'the failures are counted');
      const ok = await fetch(url, { headers: basic('admin', 'Harbor12345') });
      assert.equal(ok.status, 200, 'the right password still works');
      assert.deepEqual(await failureKeys(), [], 'a success clears the count');
    } finally {
      await redis.quit();
    }
  });

  test('credentials already proven right are never held, even sent in parallel', async () => {
    const url = `${core.url}/service/token?service=harbor-registry&scope=repository:library/y:pull`;
    assert.equal((await fetch(url, { headers: basic('admin', 'Harbor12345') })).status, 200);
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 8 }, () => fetch(url, { headers: basic('admin', 'Harbor12345') })));
    assert.ok(answers.every((r) => r.status === 200));
    // held, the later ones would wait 1 s and more (counts past the free attempts double the wait)
    assert.ok(Date.now() - started < 1000, `not held (${Date.now() - started} ms)`);
  });
});
