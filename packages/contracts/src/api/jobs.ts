// Harbor's API models of asynchronous work: GC and audit-purge history and schedules (`/system/gc`,
// `/system/purgeaudit`), and the job service's monitor (`/jobservice/*`, `/schedules`).
import { z } from 'zod';
import { ScheduleObjSchema } from '../jobs.js';
import { DateTimeSchema, IntSchema } from './common.js';

/** `GCHistory` / `ExecHistory`: one run (an execution) as the history lists show it. */
export const ExecHistorySchema = z.object({
  id: IntSchema,
  job_name: z.string(),
  /** MANUAL or SCHEDULE. */
  job_kind: z.string(),
  /** The run's parameters as a JSON string. */
  job_parameters: z.string(),
  job_status: z.string(),
  schedule: ScheduleObjSchema.optional(),
  deleted: z.boolean(),
  creation_time: DateTimeSchema,
  update_time: DateTimeSchema,
});
export type ExecHistory = z.infer<typeof ExecHistorySchema>;

/** `Schedule`: the body of POST/PUT `/system/gc/schedule` and what GET answers. */
export const ScheduleSchema = z.object({
  id: IntSchema.optional(),
  status: z.string().optional(),
  creation_time: DateTimeSchema.optional(),
  update_time: DateTimeSchema.optional(),
  schedule: ScheduleObjSchema.optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
});
export type Schedule = z.infer<typeof ScheduleSchema>;

export const WorkerPoolSchema = z.object({
  pid: IntSchema,
  worker_pool_id: z.string(),
  start_at: DateTimeSchema.optional(),
  heartbeat_at: DateTimeSchema.optional(),
  concurrency: IntSchema,
  host: z.string(),
});
export type WorkerPool = z.infer<typeof WorkerPoolSchema>;

export const WorkerSchema = z.object({
  id: z.string(),
  pool_id: z.string(),
  job_name: z.string(),
  job_id: z.string(),
  start_at: DateTimeSchema.nullable().optional(),
  check_in: z.string(),
  checkin_at: DateTimeSchema.nullable().optional(),
});
export type Worker = z.infer<typeof WorkerSchema>;

export const JobQueueSchema = z.object({
  job_type: z.string(),
  count: IntSchema,
  /** Seconds the oldest waiting job has waited. */
  latency: IntSchema,
  paused: z.boolean(),
});
export type JobQueue = z.infer<typeof JobQueueSchema>;

export const ScheduleTaskSchema = z.object({
  id: IntSchema,
  vendor_type: z.string(),
  vendor_id: IntSchema,
  cron: z.string(),
  update_time: DateTimeSchema,
});
export type ScheduleTask = z.infer<typeof ScheduleTaskSchema>;

export const SchedulerStatusSchema = z.object({ paused: z.boolean() });

export const ActionRequestSchema = z.object({ action: z.enum(['stop', 'pause', 'resume']) });
export type ActionRequest = z.infer<typeof ActionRequestSchema>;
