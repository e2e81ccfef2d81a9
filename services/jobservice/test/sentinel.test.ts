// The job queues through Redis Sentinel: a private Redis and a Sentinel monitoring it run as child
// processes; a runtime and the producer configured with only the Sentinel's address and the master set's
// name run a job to Success, with its keys on the master (in the db the url names). The configuration
// reads Sentinel nodes and the master set from the environment.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { JobQueues, redisOptions, type JobRedisConfig } from '@harbor/jobs';
import { createLogger } from '@harbor/telemetry';
import { loadJobserviceConfig } from '../src/config.js';
import { JobRuntime } from '../src/runtime.js';
import { redisConfigOf } from '../src/server.js';
import { startJobWorld, type JobWorld } from './helpers.js';

const MASTER_SET = 'harbor-test-master';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Waits until something on the port answers PING with PONG. */
async function waitForPong(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.setTimeout(500, () => { s.destroy(); resolve(false); });
      s.once('error', () => resolve(false));
      s.once('connect', () => s.write('PING\r\n'));
      s.once('data', (d) => { s.destroy(); resolve(d.toString().startsWith('+PONG')); });
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing answers on port ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function startProcess(args: string[], cwd: string): ChildProcess {
  const child = spawn('redis-server', args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
  child.on('error', () => undefined);
  return child;
}

async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

describe('jobs through Redis Sentinel', () => {
  let w: JobWorld;
  let dir = '';
  let master: ChildProcess | undefined;
  let sentinel: ChildProcess | undefined;
  let masterPort = 0;
  let sentinelPort = 0;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'harbor-sentinel-'));
    masterPort = await freePort();
    master = startProcess(['--port', String(masterPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], dir);
    await waitForPong(masterPort);
    sentinelPort = await freePort();
    const conf = join(dir, 'sentinel.conf');
    writeFileSync(conf, [
      `port ${sentinelPort}`, 'bind 127.0.0.1', `dir ${dir}`,
      `sentinel monitor ${MASTER_SET} 127.0.0.1 ${masterPort} 1`, '',
    ].join('\n'));
    sentinel = startProcess([conf, '--sentinel'], dir);
    await waitForPong(sentinelPort);
    w = await startJobWorld();
  });

  after(async () => {
    await w?.close();
    await stopProcess(sentinel);
    await stopProcess(master);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('a runtime and the producer configured with the Sentinel run a job to Success on its master', { timeout: 60_000 }, async () => {
    const redis: JobRedisConfig = {
      // The host of the url is not used with Sentinel; its db is.
      url: 'redis://unused.invalid:1/2',
      sentinels: [`127.0.0.1:${sentinelPort}`], sentinelMasterSet: MASTER_SET,
      keyPrefix: `sentineltest-${randomBytes(4).toString('hex')}:`,
    };
    const queues = new JobQueues(redis);
    const runtime = new JobRuntime({ redis, store: w.store, queues, logger: createLogger('sentinel-test', 'silent') });
    const direct = new Redis({ port: masterPort, host: '127.0.0.1', db: 2, lazyConnect: true });
    try {
      const seen: number[] = [];
      runtime.register('IMAGE_SCAN', async (ctx) => { seen.push(ctx.taskId); ctx.log('scanned'); });
      await runtime.start([]);
      const executionId = await w.store.createExecution('IMAGE_SCAN', -1, 'MANUAL', {});
      const jobId = `scan-${randomBytes(8).toString('hex')}`;
      const taskId = await w.store.createTask(executionId, jobId);
      assert.equal(await queues.enqueue('IMAGE_SCAN', jobId, { task_id: taskId, execution_id: executionId, params: {} }), jobId);
      const task = await w.waitTask(taskId, ['Success', 'Error'], 20_000);
      assert.equal(task.status, 'Success');
      assert.deepEqual(seen, [taskId]);
      assert.match((await w.store.log(jobId)) ?? '', /scanned/);
      assert.equal((await w.store.execution(executionId))?.status, 'Success');

      await direct.connect();
      const keys = await direct.keys(`${redis.keyPrefix}bull:IMAGE_SCAN:*`);
      assert.ok(keys.length > 0, 'the queue lives on the master the Sentinel names, in db 2');
    } finally {
      direct.disconnect();
      await runtime.close();
      await queues.close();
    }
  });

  test('the configuration reads Sentinel nodes and the master set from JOBSERVICE_REDIS_*', () => {
    const config = loadJobserviceConfig(undefined, {
      DATABASE_URL: 'postgresql://root@127.0.0.1:5432/harbor',
      JOBSERVICE_REDIS_SENTINELS: 'a:1,b:2',
      JOBSERVICE_REDIS_SENTINELMASTERSET: 'mymaster',
      JOBSERVICE_REDIS_URL: 'redis://:secret@ignored:6379/3',
    });
    assert.deepEqual(config.redis.sentinels, ['a:1', 'b:2']);
    assert.equal(config.redis.sentinelMasterSet, 'mymaster');
    const options = redisOptions(redisConfigOf(config));
    assert.deepEqual(options.sentinels, [{ host: 'a', port: 1 }, { host: 'b', port: 2 }]);
    assert.equal(options.name, 'mymaster');
    assert.equal(options.db, 3);
    assert.equal(options.password, 'secret');
    assert.equal(options.host, undefined, 'no standalone host with Sentinel');

    const plain = loadJobserviceConfig(undefined, { DATABASE_URL: 'postgresql://root@127.0.0.1:5432/harbor' });
    assert.equal(plain.redis.sentinels, undefined);
    assert.equal(redisOptions(redisConfigOf(plain)).sentinels, undefined);
  });
});
