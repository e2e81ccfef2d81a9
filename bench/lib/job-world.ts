// A throwaway job world for the jobs benchmark: its own PostgreSQL database (migrated), its own Redis key
// prefix (every key under it removed at the end), the queues and task store core uses, and job runtimes
// started in-process exactly as the jobservice starts them.
import { randomBytes, randomUUID } from 'node:crypto';
import type { JobType, Trigger } from '@harbor/contracts';
import { createPool, migrateDatabase, type Pool } from '@harbor/db/sql';
import { createRedis, JobQueues, TaskStore, type JobHandler, type JobRedisConfig, type Sql, type TaskRow } from '@harbor/jobs';
import { JobRuntime } from '@harbor/jobservice';
import { createLogger } from '@harbor/telemetry';
import { createTestDatabase, type TestDatabase } from '@harbor/testkit';

export interface JobWorld {
  db: Pool;
  database: TestDatabase;
  redis: JobRedisConfig;
  store: TaskStore;
  queues: JobQueues;
  /** Statements the task store (executions, tasks, job logs) has sent so far. */
  readonly storeStatements: number;
  /** A runtime running `handler` for `type` at the type's own concurrency (JOB_SPECS; closed by `close`). */
  runtime<P>(type: JobType, handler: JobHandler<P>): Promise<JobRuntime>;
  /** As core does: an execution with one task, then the job queued; the task's id. */
  enqueue(type: JobType, params: Record<string, unknown>, vendor?: Vendor): Promise<number>;
  /** Polls until the task is in a final status; its row. */
  waitFinal(taskId: number, timeoutMs: number): Promise<TaskRow>;
  close(): Promise<void>;
}

/** Whose run the execution records (core: the GC schedule -1 MANUAL, a webhook policy's id EVENT). */
export interface Vendor {
  type: string;
  id: number;
  trigger: Trigger;
}

const FINAL = ['Success', 'Error', 'Stopped'];

export async function startJobWorld(poolSize = 10): Promise<JobWorld> {
  const database = await createTestDatabase();
  try {
    await migrateDatabase(database.url, { log: () => undefined });
  } catch (err) {
    await database.drop();
    throw err;
  }
  // The jobservice's own pool size (services/jobservice/src/server.ts).
  const db = createPool(database.url, { max: poolSize, application: 'harbor-bench-jobs' });
  let storeStatements = 0;
  const sql: Sql = async <T>(text: string, values?: unknown[]) => {
    storeStatements++;
    return (await db.query(text, values)).rows as T[];
  };
  const store = new TaskStore(sql);
  const redis: JobRedisConfig = { url: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/0', keyPrefix: `benchjobs-${randomBytes(4).toString('hex')}:` };
  const queues = new JobQueues(redis);
  const logger = createLogger('harbor-bench-jobs', process.env.BENCH_LOG_LEVEL ?? 'silent');
  const runtimes: JobRuntime[] = [];
  return {
    db, database, redis, store, queues,
    get storeStatements() { return storeStatements; },
    async runtime(type, handler) {
      const rt = new JobRuntime({ redis, store, queues, logger });
      rt.register(type, handler);
      runtimes.push(rt);
      await rt.start([]);
      return rt;
    },
    async enqueue(type, params, vendor = { type, id: -1, trigger: 'MANUAL' }) {
      const executionId = await store.createExecution(vendor.type, vendor.id, vendor.trigger, {});
      const jobId = randomUUID();
      const taskId = await store.createTask(executionId, jobId);
      const queued = await queues.enqueue(type, jobId, { task_id: taskId, execution_id: executionId, params });
      if (!queued) throw new Error(`${type} job not queued (one is already running)`);
      return taskId;
    },
    async waitFinal(taskId, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { rows } = await db.query<TaskRow>('SELECT * FROM task WHERE id = $1', [taskId]);
        if (rows[0] && FINAL.includes(rows[0].status)) return rows[0];
        if (Date.now() > deadline) throw new Error(`task ${taskId} still ${rows[0]?.status} after ${timeoutMs / 1000} s`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async close() {
      for (const rt of runtimes) await rt.close().catch(() => undefined);
      await queues.close().catch(() => undefined);
      await db.end().catch(() => undefined);
      await database.drop();
      const r = createRedis(redis);
      try {
        let cursor = '0';
        do {
          const [next, keys] = await r.scan(cursor, 'MATCH', `${redis.keyPrefix}*`, 'COUNT', 1000);
          cursor = next;
          if (keys.length) await r.del(...keys);
        } while (cursor !== '0');
      } finally {
        r.disconnect();
      }
    },
  };
}
