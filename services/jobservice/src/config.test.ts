import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadJobserviceConfig } from './config.js';

test('the jobservice config: DATABASE_URL, storage default, per-type concurrency from the environment', () => {
  const c = loadJobserviceConfig(undefined, {
    DATABASE_URL: 'postgresql://x@db/harbor',
    JOBSERVICE_CONCURRENCY_IMAGE_SCAN: '4',
    JOBSERVICE_CONCURRENCY_WEBHOOK: '32',
    JOBSERVICE_REDIS_KEYPREFIX: 'h1:',
  });
  assert.equal(c.database.url, 'postgresql://x@db/harbor');
  assert.deepEqual(c.concurrency, { IMAGE_SCAN: 4, WEBHOOK: 32 });
  assert.equal(c.redis.keyPrefix, 'h1:');
  assert.deepEqual(c.storage.filesystem, { rootdirectory: '/var/lib/registry' });
  assert.throws(() => loadJobserviceConfig(undefined, { DATABASE_URL: 'x', JOBSERVICE_CONCURRENCY_GC: '0' }), /concurrency/);
  assert.throws(() => loadJobserviceConfig(undefined, {}), /database/);
});
