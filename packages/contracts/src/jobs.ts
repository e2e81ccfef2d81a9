// The asynchronous jobs of the suite (Harbor's jobservice job types): their names, one queue each, the
// parameters each takes (zod), and how each is run (attempts, backoff, whether two may run at once).
// Core creates executions and tasks and enqueues; the jobservice runs them and records their status.
import { z } from 'zod';

/** Every job type, as Harbor names them; each has its own queue. */
export const JOB_TYPES = [
  'GARBAGE_COLLECTION', 'PURGE_AUDIT_LOG', 'RETENTION', 'WEBHOOK', 'SLACK',
  'REPLICATION', 'IMAGE_SCAN', 'SBOM', 'SCAN_ALL',
] as const;
export type JobType = (typeof JOB_TYPES)[number];

/** Task and execution states (Harbor's job status vocabulary). */
export const JOB_STATUSES = ['Pending', 'Running', 'Stopped', 'Error', 'Success'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const FINAL_STATUSES: readonly JobStatus[] = ['Stopped', 'Error', 'Success'];

export const TRIGGERS = ['MANUAL', 'SCHEDULE', 'EVENT'] as const;
export type Trigger = (typeof TRIGGERS)[number];

/** GC (`/system/gc/schedule` parameters): Harbor's names and defaults. */
export const GcParamsSchema = z.object({
  delete_untagged: z.boolean().default(false),
  dry_run: z.boolean().default(false),
  /** Parallel deletions from storage (Harbor: 1–5). */
  workers: z.number().int().min(1).max(5).default(1),
  /** Hours: blobs and uploads younger than this are never swept (pushes in flight stay safe). */
  time_window: z.number().int().min(0).default(2),
});
export type GcParams = z.infer<typeof GcParamsSchema>;

/** Purge of audit logs older than `audit_retention_hour`, limited to the listed operations. */
export const PurgeAuditLogParamsSchema = z.object({
  audit_retention_hour: z.number().int().min(1),
  /** Comma-separated operations (`create,delete,pull`); empty means every operation. */
  include_operations: z.string().default(''),
  dry_run: z.boolean().default(false),
});
export type PurgeAuditLogParams = z.infer<typeof PurgeAuditLogParamsSchema>;

export const WebhookTargetSchema = z.object({
  type: z.enum(['http', 'slack']),
  address: z.url(),
  auth_header: z.string().optional(),
  skip_cert_verify: z.boolean().default(false),
  payload_format: z.enum(['Default', 'CloudEvents']).default('Default'),
});
export type WebhookTarget = z.infer<typeof WebhookTargetSchema>;

/** One delivery: the rendered body goes to one target. */
export const WebhookParamsSchema = z.object({
  policy_id: z.number().int(),
  event_type: z.string(),
  target: WebhookTargetSchema,
  /** The request body, already rendered in the target's format. */
  body: z.string(),
  /** Extra headers (CloudEvents binary attributes, content type). */
  headers: z.record(z.string(), z.string()).default({}),
});
export type WebhookParams = z.infer<typeof WebhookParamsSchema>;

export const RetentionParamsSchema = z.object({
  policy_id: z.number().int(),
  dry_run: z.boolean().default(false),
});
export type RetentionParams = z.infer<typeof RetentionParamsSchema>;

/** Parameters of the job types this suite does not run yet (they get their handlers in later work). */
const Opaque = z.record(z.string(), z.unknown());

export interface JobSpec {
  params: z.ZodType;
  /** Runs, the first included. */
  attempts: number;
  /** First retry delay; it doubles with each retry. */
  backoffMs: number;
  /** At most one job of this type runs at a time, across every jobservice replica. */
  exclusive: boolean;
  /** Jobs of this type one jobservice replica runs at once. */
  concurrency: number;
}

export const JOB_SPECS: Record<JobType, JobSpec> = {
  GARBAGE_COLLECTION: { params: GcParamsSchema, attempts: 1, backoffMs: 0, exclusive: true, concurrency: 1 },
  PURGE_AUDIT_LOG: { params: PurgeAuditLogParamsSchema, attempts: 3, backoffMs: 2_000, exclusive: true, concurrency: 1 },
  RETENTION: { params: RetentionParamsSchema, attempts: 3, backoffMs: 2_000, exclusive: false, concurrency: 2 },
  WEBHOOK: { params: WebhookParamsSchema, attempts: 4, backoffMs: 2_000, exclusive: false, concurrency: 16 },
  SLACK: { params: WebhookParamsSchema, attempts: 4, backoffMs: 2_000, exclusive: false, concurrency: 4 },
  REPLICATION: { params: Opaque, attempts: 3, backoffMs: 2_000, exclusive: false, concurrency: 4 },
  IMAGE_SCAN: { params: Opaque, attempts: 1, backoffMs: 0, exclusive: false, concurrency: 4 },
  SBOM: { params: Opaque, attempts: 1, backoffMs: 0, exclusive: false, concurrency: 4 },
  SCAN_ALL: { params: Opaque, attempts: 1, backoffMs: 0, exclusive: true, concurrency: 1 },
};

/** What a queued job carries: its task (and execution) in the database, and its parameters. */
export const JobEnvelopeSchema = z.object({
  task_id: z.number().int(),
  execution_id: z.number().int(),
  params: z.unknown(),
});
export type JobEnvelope = z.infer<typeof JobEnvelopeSchema>;

/** A schedule as Harbor's API carries it (`{schedule: {type, cron}}`); cron has 6 fields, seconds first. */
export const SCHEDULE_TYPES = ['Hourly', 'Daily', 'Weekly', 'Custom', 'Manual', 'None', 'Schedule'] as const;
export const ScheduleObjSchema = z.object({
  type: z.enum(SCHEDULE_TYPES),
  cron: z.string().max(64).optional(),
  next_scheduled_time: z.string().optional(),
});
export type ScheduleObj = z.infer<typeof ScheduleObjSchema>;

/** The cron Harbor's portal writes for each named schedule type. */
export const SCHEDULE_CRONS: Record<'Hourly' | 'Daily' | 'Weekly', string> = {
  Hourly: '0 0 * * * *',
  Daily: '0 0 0 * * *',
  Weekly: '0 0 0 * * 0',
};
