// Several jobservice replicas on the same queues: two runtimes in this process and one in a child process
// take 300 jobs between them, each job run exactly once; and an exclusive job added by two core replicas
// at the same moment is queued once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { JobQueues } from '@harbor/jobs';
import { startJobWorld, type JobWorld } from './helpers.js';

const JOBS = 300;

function startChildReplica(w: JobWorld, name: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', fileURLToPath(new URL('./fixtures/replica-worker.ts', import.meta.url))], {
    env: { ...process.env, JOB_TEST_DB: w.database.url, JOB_TEST_PREFIX: w.redis.keyPrefix, JOB_TEST_REPLICA: name },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => { if (d.toString().includes('ready')) resolve(child); });
    child.once('exit', (code) => reject(new Error(`replica ${name} exited ${code}`)));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

describe('jobservice replicas', () => {
  let w: JobWorld;
  const children: ChildProcess[] = [];
  before(async () => {
    w = await startJobWorld();
    await w.db.query('CREATE TABLE replica_run (task_id integer NOT NULL, replica text NOT NULL)');
  });
  after(async () => {
    for (const c of children) await stopChild(c);
    await w?.close();
  });

  test('three replicas share 300 jobs: each runs exactly once, more than one replica works, all succeed', { timeout: 120_000 }, async () => {
    // Every job is queued before any replica may take one, so all three compete from the start.
    await w.queues.pause('IMAGE_SCAN');
    const record = (replica: string) => async (ctx: { taskId: number }) => {
      await w.db.query('INSERT INTO replica_run (task_id, replica) VALUES ($1, $2)', [ctx.taskId, replica]);
      await new Promise((r) => setTimeout(r, 5));
    };
    await w.runtime({ IMAGE_SCAN: record('in-process-1') });
    await w.runtime({ IMAGE_SCAN: record('in-process-2') });
    children.push(await startChildReplica(w, 'child-process'));

    const executionId = await w.store.createExecution('IMAGE_SCAN', -1, 'MANUAL', {});
    const taskIds: number[] = [];
    for (let i = 0; i < JOBS; i += 25) {
      const batch = await Promise.all(Array.from({ length: Math.min(25, JOBS - i) }, async () => {
        const jobId = `scan-${randomBytes(8).toString('hex')}`;
        const taskId = await w.store.createTask(executionId, jobId);
        const queued = await w.queues.enqueue('IMAGE_SCAN', jobId, { task_id: taskId, execution_id: executionId, params: {} });
        assert.equal(queued, jobId);
        return taskId;
      }));
      taskIds.push(...batch);
    }
    await w.queues.resume('IMAGE_SCAN');

    const deadline = Date.now() + 90_000;
    for (;;) {
      const { rows } = await w.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM task WHERE execution_id = $1 AND status IN ('Success', 'Error', 'Stopped')`, [executionId]);
      if (rows[0].n === JOBS) break;
      assert.ok(Date.now() < deadline, `only ${rows[0].n} of ${JOBS} tasks finished`);
      await new Promise((r) => setTimeout(r, 200));
    }

    const tasks = await w.store.tasks(executionId);
    assert.equal(tasks.length, JOBS);
    assert.deepEqual(tasks.filter((t) => t.status !== 'Success').map((t) => [t.id, t.status, t.status_message]), [], 'every task Success');
    assert.deepEqual(tasks.filter((t) => t.run_count !== 1).map((t) => [t.id, t.run_count]), [], 'every task run once');

    const runs = await w.db.query<{ task_id: number; n: number }>('SELECT task_id, count(*)::int AS n FROM replica_run GROUP BY task_id');
    assert.equal(runs.rows.length, JOBS, 'every job ran');
    assert.deepEqual(runs.rows.filter((r) => r.n !== 1), [], 'no job ran twice');
    assert.deepEqual(runs.rows.map((r) => r.task_id).sort((a, b) => a - b), [...taskIds].sort((a, b) => a - b));

    const spread = await w.db.query<{ replica: string; n: number }>('SELECT replica, count(*)::int AS n FROM replica_run GROUP BY replica ORDER BY replica');
    assert.ok(spread.rows.length > 1, `work spread over replicas: ${JSON.stringify(spread.rows)}`);
    assert.equal(spread.rows.reduce((s, r) => s + r.n, 0), JOBS);
    assert.equal((await w.store.execution(executionId))?.status, 'Success');
  });

  test('an exclusive job added by two core replicas at the same moment is queued once', async () => {
    const coreA = new JobQueues(w.redis);
    const coreB = new JobQueues(w.redis);
    try {
      // Warm both connections so the adds really race.
      await Promise.all([coreA.busy('GARBAGE_COLLECTION'), coreB.busy('GARBAGE_COLLECTION')]);
      const ids = Array.from({ length: 6 }, (_, i) => `gc-${i}-${randomBytes(4).toString('hex')}`);
      const results = await Promise.all(ids.map((id, i) =>
        (i % 2 ? coreB : coreA).enqueue('GARBAGE_COLLECTION', id, { task_id: 0, execution_id: 0, params: {} })));
      const queued = results.filter((r): r is string => r !== null);
      assert.equal(queued.length, 1, `queued: ${JSON.stringify(results)}`);
      const waiting = await coreA.queue('GARBAGE_COLLECTION').getJobs(['waiting', 'active', 'delayed', 'prioritized']);
      assert.deepEqual(waiting.map((j) => j.id), queued, 'one GC job in the queue');
    } finally {
      await coreA.close();
      await coreB.close();
    }
  });
});
