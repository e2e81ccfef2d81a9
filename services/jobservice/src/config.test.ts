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

test('a storage driver the suite lacks is refused, not replaced by the filesystem default', () => {
  assert.throws(() => loadJobserviceConfig(undefined, { DATABASE_URL: 'x', JOBSERVICE_STORAGE_AZURE_ACCOUNTNAME: 'acct' }),
    /storage driver "azure" is not supported/);
  const s3 = loadJobserviceConfig(undefined, { DATABASE_URL: 'x', JOBSERVICE_STORAGE_S3_BUCKET: 'b', JOBSERVICE_STORAGE_DELETE_ENABLED: 'true' });
  assert.equal(s3.storage.filesystem, undefined);
  assert.equal(s3.storage.s3?.bucket, 'b');
});
