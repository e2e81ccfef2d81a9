// The job runner against real Redis (BullMQ) and PostgreSQL: handlers registered once each, tasks moved
// through their statuses with logs, retries with backoff, stop requests, exclusive types, a worker killed
// mid-job, and schedules that outlive the runner.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PermanentJobError } from '@harbor/jobs';
import { createLogger } from '@harbor/telemetry';
import { JobRuntime } from '../src/runtime.js';
import { startJobWorld, type JobWorld } from './helpers.js';

describe('job runtime', () => {
  let w: JobWorld;
  before(async () => { w = await startJobWorld(); });
  after(async () => { await w?.close(); });

  test('refuses to start without a required handler, and refuses a handler registered twice', async () => {
    const rt = new JobRuntime({ redis: w.redis, store: w.store, queues: w.queues, logger: createLogger('t', 'silent') });
    await assert.rejects(rt.start(['GARBAGE_COLLECTION']), /no handler registered for GARBAGE_COLLECTION/);
    rt.register('PURGE_AUDIT_LOG', async () => undefined);
    assert.throws(() => rt.register('PURGE_AUDIT_LOG', async () => undefined), /registered twice/);
  });

  test('a job runs once: Running then Success, its log kept, its figures on the task, the execution done', async () => {
    const seen: unknown[] = [];
    await w.runtime({
      PURGE_AUDIT_LOG: async (ctx) => {
        seen.push(ctx.params);
        ctx.log('purging');
        await ctx.report({ purged: 3 });
      },
    });
    const { executionId, taskId, jobId } = await w.run('PURGE_AUDIT_LOG', { audit_retention_hour: 24 });
    const task = await w.waitTask(taskId, ['Success']);
    assert.equal(task.run_count, 1);
    assert.deepEqual(task.extra_attrs, { purged: 3 });
    assert.deepEqual(seen, [{ audit_retention_hour: 24, include_operations: '', dry_run: false }], 'parameters parsed with defaults');
    const exec = await w.store.execution(executionId);
    assert.equal(exec?.status, 'Success');
    assert.ok(exec?.end_time);
    const log = (await w.store.log(jobId)) ?? '';
    assert.match(log, /PURGE_AUDIT_LOG job .* started \(attempt 1 of 3\)\n.*purging\n.*finished\n/);
  });

  test('bad parameters fail the task at once, without retries', async () => {
    const { taskId, jobId } = await w.run('PURGE_AUDIT_LOG', { audit_retention_hour: -5 });
    const task = await w.waitTask(taskId, ['Error']);
    assert.equal(task.status_message, 'invalid job parameters');
    assert.match((await w.store.log(jobId)) ?? '', /invalid parameters/);
  });

  test('a failing run is retried with backoff until it succeeds; a permanent failure is not retried', async () => {
    let calls = 0;
    await w.runtime({
      RETENTION: async (ctx) => {
        calls++;
        if (ctx.params && (ctx.params as { policy_id: number }).policy_id === 2) throw new PermanentJobError('policy 2 no longer exists');
        if (ctx.attempt === 1) throw new Error('registry unreachable');
      },
    });
    const { taskId, jobId } = await w.run('RETENTION', { policy_id: 1 });
    const done = await w.waitTask(taskId, ['Success'], 15_000);
    assert.equal(done.run_count, 2);
    assert.match((await w.store.log(jobId)) ?? '', /failed: registry unreachable; retrying[\s\S]*attempt 2 of 3[\s\S]*finished/);
    const before = calls;
    const perm = await w.run('RETENTION', { policy_id: 2 });
    const failed = await w.waitTask(perm.taskId, ['Error']);
    assert.equal(failed.status_message, 'policy 2 no longer exists');
    await new Promise((r) => setTimeout(r, 2_500));
    assert.equal(calls, before + 1, 'no second attempt');
  });

  test('a running job stops on request (Stopped, not retried); a queued one is removed at once', async () => {
    await w.runtime({
      GARBAGE_COLLECTION: async (ctx) => {
        ctx.log('sweeping');
        await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve()));
      },
    });
    const running = await w.run('GARBAGE_COLLECTION', {});
    await w.waitTask(running.taskId, ['Running']);
    assert.equal(await w.queues.enqueue('GARBAGE_COLLECTION', 'gc-second', { task_id: 0, execution_id: 0, params: {} }), null, 'GC is exclusive');
    assert.equal(await w.queues.stop('GARBAGE_COLLECTION', running.jobId), false);
    const stopped = await w.waitTask(running.taskId, ['Stopped', 'Error', 'Success'], 10_000);
    assert.equal(stopped.status, 'Stopped');
    assert.match((await w.store.log(running.jobId)) ?? '', /stopped on request/);
    await w.queues.pause('GARBAGE_COLLECTION');
    const queued = await w.run('GARBAGE_COLLECTION', {});
    assert.equal(await w.queues.stop('GARBAGE_COLLECTION', queued.jobId), true);
    await w.queues.resume('GARBAGE_COLLECTION');
  });

  test('a job whose worker was killed mid-run is taken over by another worker and finishes', { timeout: 60_000 }, async () => {
    const child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', fileURLToPath(new URL('./fixtures/hanging-worker.ts', import.meta.url))], {
      env: { ...process.env, JOB_TEST_DB: w.database.url, JOB_TEST_PREFIX: w.redis.keyPrefix }, stdio: ['ignore', 'pipe', 'inherit'],
    });
    let taskId = 0;
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (d: Buffer) => { if (d.toString().includes('ready')) resolve(); });
        child.once('exit', (code) => reject(new Error(`worker exited ${code}`)));
      });
      ({ taskId } = await w.run('REPLICATION', { policy_id: 7 }));
      await w.waitTask(taskId, ['Running']);
      child.kill('SIGKILL');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    const rt = new JobRuntime({ redis: w.redis, store: w.store, queues: w.queues, logger: createLogger('t', 'silent'), lockMs: 1_500 });
    rt.register('REPLICATION', async (ctx) => { ctx.log('taken over'); });
    await rt.start([]);
    try {
      const done = await w.waitTask(taskId, ['Success', 'Error'], 40_000);
      assert.equal(done.status, 'Success');
      assert.equal(done.run_count, 2, 'run twice: the killed run and the takeover');
    } finally {
      await rt.close();
    }
  });

  test('a schedule fires runs (SCHEDULE executions) and keeps firing for a new runner after a restart', { timeout: 30_000 }, async () => {
    const runs: number[] = [];
    const first = await w.runtime({ SCAN_ALL: async (ctx) => { runs.push(ctx.executionId); } });
    await w.queues.schedule('SCAN_ALL:-1', 'SCAN_ALL', '* * * * * *', { vendor_type: 'SCAN_ALL', vendor_id: -1, params: {} });
    const deadline = Date.now() + 10_000;
    while (runs.length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(runs.length >= 1, 'fired');
    await first.close();
    const count = runs.length;
    await w.runtime({ SCAN_ALL: async (ctx) => { runs.push(ctx.executionId); } });
    while (runs.length <= count && Date.now() < deadline + 10_000) await new Promise((r) => setTimeout(r, 100));
    assert.ok(runs.length > count, 'fired again after the restart');
    await w.queues.unschedule('SCAN_ALL:-1', 'SCAN_ALL');
    const { rows } = await w.db.query<{ trigger: string; status: string }>(`SELECT trigger, status FROM execution WHERE vendor_type = 'SCAN_ALL'`);
    assert.ok(rows.length >= 2);
    assert.ok(rows.every((r) => r.trigger === 'SCHEDULE'));
  });
});
