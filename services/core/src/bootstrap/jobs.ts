// Core's side of asynchronous work: the queues it adds jobs to (BullMQ on core's Redis, same key prefix
// as the jobservice), the executions/tasks store over its database, and the services built on them.
import { queryText, type PrismaClient } from '@harbor/db';
import { JobQueues, TaskStore, type JobRedisConfig, type Sql } from '@harbor/jobs';
import type { CoreConfig } from '../config.js';
import { ExecutionService } from '../domain/jobs/execution.service.js';
import { ScheduleService } from '../domain/jobs/schedule.service.js';

export interface JobServices {
  queues: JobQueues;
  tasks: TaskStore;
  executions: ExecutionService;
  schedules: ScheduleService;
  close(): Promise<void>;
}

export function jobRedisConfig(config: CoreConfig): JobRedisConfig {
  const { url, keyPrefix, sentinels, sentinelMasterSet } = config.redis;
  return { url, keyPrefix, sentinels, sentinelMasterSet };
}

export function prismaSql(db: PrismaClient): Sql {
  return <T>(text: string, values: unknown[] = []) => queryText<T>(db, text, values);
}

export function createJobServices(config: CoreConfig, db: PrismaClient): JobServices {
  const queues = new JobQueues(jobRedisConfig(config));
  const sql = prismaSql(db);
  const tasks = new TaskStore(sql);
  const executions = new ExecutionService(tasks, queues, sql);
  const schedules = new ScheduleService(sql, queues);
  return { queues, tasks, executions, schedules, close: () => queues.close() };
}
