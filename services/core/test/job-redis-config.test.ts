// Core's job queues reach Redis the way the jobservice does: standalone by url, or through Sentinel when
// CORE_REDIS_SENTINELS and CORE_REDIS_SENTINELMASTERSET are set (the url then names password and db).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redisOptions } from '@harbor/jobs';
import { jobRedisConfig } from '../src/bootstrap/jobs.js';
import { loadCoreConfig } from '../src/config.js';

const DATABASE_URL = 'postgresql://root@127.0.0.1:5432/harbor';

test('core job queues use Redis Sentinel when configured, the standalone url otherwise', () => {
  const sentinel = loadCoreConfig(undefined, {
    DATABASE_URL, CORE_REDIS_SENTINELS: '10.0.0.1:26379, 10.0.0.2:26379', CORE_REDIS_SENTINELMASTERSET: 'mymaster',
    CORE_REDIS_URL: 'redis://:pw@ignored:6379/1', CORE_REDIS_KEYPREFIX: 'h:',
  });
  const jobs = jobRedisConfig(sentinel);
  assert.deepEqual(jobs, { url: 'redis://:pw@ignored:6379/1', keyPrefix: 'h:', sentinels: ['10.0.0.1:26379', '10.0.0.2:26379'], sentinelMasterSet: 'mymaster' });
  const options = redisOptions(jobs);
  assert.deepEqual(options.sentinels, [{ host: '10.0.0.1', port: 26379 }, { host: '10.0.0.2', port: 26379 }]);
  assert.equal(options.name, 'mymaster');
  assert.equal(options.password, 'pw');
  assert.equal(options.db, 1);

  const plain = jobRedisConfig(loadCoreConfig(undefined, { DATABASE_URL }));
  assert.equal(plain.sentinels, undefined);
  const standalone = redisOptions(plain);
  assert.equal(standalone.sentinels, undefined);
  assert.equal(standalone.host, '127.0.0.1');
  assert.equal(standalone.port, 6379);
});
