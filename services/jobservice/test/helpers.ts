// A throwaway job world for tests: its own database (migrated), its own Redis key prefix (removed after),
// the queues and the task store core would use, and runtimes started in-process.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { JOB_TYPES, type JobType, type Trigger } from '@harbor/contracts';
import { createPool, migrateDatabase, type Pool } from '@harbor/db/sql';
import { JobQueues, TaskStore, type JobHandler, type JobRedisConfig, type Sql, type TaskRow } from '@harbor/jobs';
import { createLogger } from '@harbor/telemetry';
import { createTestDatabase, type TestDatabase } from '@harbor/testkit';
import { JobRuntime } from '../src/runtime.js';

export interface JobWorld {
  db: Pool;
  database: TestDatabase;
  redis: JobRedisConfig;
  store: TaskStore;
  queues: JobQueues;
  /** A runtime with the given handlers, started (closed by `close`). */
  runtime(handlers: Partial<Record<JobType, JobHandler<never>>>, opts?: { lockMs?: number }): Promise<JobRuntime>;
  /** An execution with one task, its job queued as core does; the task id and job id. */
  run(type: JobType, params: Record<string, unknown>, trigger?: Trigger): Promise<{ executionId: number; taskId: number; jobId: string }>;
  /** Waits until the task reaches one of the statuses. */
  waitTask(taskId: number, statuses: string[], timeoutMs?: number): Promise<TaskRow>;
  close(): Promise<void>;
}

export async function startJobWorld(): Promise<JobWorld> {
  const database = await createTestDatabase();
  await migrateDatabase(database.url, { log: () => undefined });
  const db = createPool(database.url, { max: 8, application: 'jobservice-test' });
  const sql: Sql = async <T>(text: string, values?: unknown[]) => (await db.query(text, values)).rows as T[];
  const store = new TaskStore(sql);
  const redis: JobRedisConfig = { url: 'redis://127.0.0.1:6379/0', keyPrefix: `jobtest-${randomBytes(4).toString('hex')}:` };
  const queues = new JobQueues(redis);
  const runtimes: JobRuntime[] = [];
  const logger = createLogger('jobservice-test', process.env.TEST_LOG_LEVEL ?? 'silent');
  return {
    db, database, redis, store, queues,
    async runtime(handlers, opts = {}) {
      const rt = new JobRuntime({ redis, store, queues, logger, lockMs: opts.lockMs });
      for (const [type, handler] of Object.entries(handlers)) rt.register(type as JobType, handler as JobHandler<unknown>);
      await rt.start([]);
      runtimes.push(rt);
      return rt;
    },
    async run(type, params, trigger = 'MANUAL') {
      const executionId = await store.createExecution(type, -1, trigger, params);
      const jobId = `job-${randomBytes(8).toString('hex')}`;
      const taskId = await store.createTask(executionId, jobId);
      const queued = await queues.enqueue(type, jobId, { task_id: taskId, execution_id: executionId, params });
      if (!queued) throw new Error(`${type} not queued`);
      return { executionId, taskId, jobId };
    },
    async waitTask(taskId, statuses, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { rows } = await db.query<TaskRow>('SELECT * FROM task WHERE id = $1', [taskId]);
        if (rows[0] && statuses.includes(rows[0].status)) return rows[0];
        if (Date.now() > deadline) throw new Error(`task ${taskId} is ${rows[0]?.status}, not ${statuses.join('/')}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async close() {
      for (const rt of runtimes) await rt.close();
      await queues.close();
      await db.end();
      await database.drop();
      const r = new Redis('redis://127.0.0.1:6379/0');
      const keys = await r.keys(`${redis.keyPrefix}*`);
      if (keys.length) await r.del(...keys);
      r.disconnect();
    },
  };
}

export const ALL_TYPES = JOB_TYPES;
