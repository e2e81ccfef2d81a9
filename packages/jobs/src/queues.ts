// The producer side of the job queues, used by core: one BullMQ queue per job type, jobs added with their
// type's attempts and backoff (and deduplicated when the type is exclusive), schedules as BullMQ job
// schedulers (kept in Redis, so they survive restarts of every service), pause/resume, and stop requests.
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { JOB_SPECS, JOB_TYPES, type JobEnvelope, type JobType } from '@harbor/contracts';
import { bullPrefix, createRedis, type JobRedisConfig } from './redis.js';

/** The name of the jobs a schedule produces; the jobservice turns each into an execution and a real job. */
export const TRIGGER_JOB = 'trigger';

/** What a schedule's trigger job carries. */
export interface TriggerData {
  vendor_type: string;
  vendor_id: number;
  params: Record<string, unknown>;
}

export const stopKey = (prefix: string, jobId: string) => `${prefix}jobs:stop:${jobId}`;

/** Options every job of `type` is added with. */
export function jobOptions(type: JobType, jobId: string): JobsOptions {
  const spec = JOB_SPECS[type];
  return {
    jobId,
    attempts: spec.attempts,
    backoff: spec.backoffMs ? { type: 'exponential', delay: spec.backoffMs } : undefined,
    // Finished jobs leave Redis (their record lives in PostgreSQL): a day, or 10,000 per queue.
    removeOnComplete: { age: 86_400, count: 10_000 },
    removeOnFail: { age: 7 * 86_400, count: 10_000 },
  };
}

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
  paused: boolean;
}

export class JobQueues {
  private readonly queues = new Map<JobType, Queue>();
  private readonly connection: Redis;

  constructor(private readonly config: JobRedisConfig) {
    this.connection = createRedis(config);
  }

  queue(type: JobType): Queue {
    let q = this.queues.get(type);
    if (!q) {
      q = new Queue(type, { connection: this.connection, prefix: bullPrefix(this.config) });
      q.on('error', () => undefined);
      this.queues.set(type, q);
    }
    return q;
  }

  /**
   * Adds one job. For an exclusive type the job is deduplicated by type: while one is queued or running,
   * adding another returns null (the caller reports "already running").
   */
  async enqueue(type: JobType, jobId: string, envelope: JobEnvelope): Promise<string | null> {
    const opts = jobOptions(type, jobId);
    if (JOB_SPECS[type].exclusive) {
      if (await this.busy(type)) return null;
      opts.deduplication = { id: type };
    }
    const job = await this.queue(type).add(type, envelope, opts);
    // A concurrent add from another core replica won the deduplication: this one was dropped.
    return job.id === jobId ? jobId : null;
  }

  /** Whether a job of the type (not a schedule's trigger) is queued or running. */
  async busy(type: JobType): Promise<boolean> {
    const jobs = await this.queue(type).getJobs(['active', 'waiting', 'delayed', 'prioritized', 'waiting-children'], 0, 100);
    return jobs.some((j) => j && j.name !== TRIGGER_JOB);
  }

  /**
   * Creates or replaces a recurring trigger: at each cron time (6 fields, seconds first) a job named
   * `trigger` with `data` lands in the type's queue; the jobservice turns it into an execution.
   */
  async schedule(id: string, type: JobType, cron: string, data: TriggerData): Promise<void> {
    await this.queue(type).upsertJobScheduler(id, { pattern: cron }, { name: TRIGGER_JOB, data, opts: { removeOnComplete: true, removeOnFail: 100 } });
  }

  async unschedule(id: string, type: JobType): Promise<void> {
    await this.queue(type).removeJobScheduler(id);
  }

  /** The next time a schedule fires, if it exists. */
  async nextRun(id: string, type: JobType): Promise<Date | null> {
    const s = await this.queue(type).getJobScheduler(id);
    return s?.next ? new Date(s.next) : null;
  }

  async pause(type: JobType): Promise<void> {
    await this.queue(type).pause();
  }

  async resume(type: JobType): Promise<void> {
    await this.queue(type).resume();
  }

  async counts(type: JobType): Promise<QueueCounts> {
    const q = this.queue(type);
    const [c, paused] = await Promise.all([q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed'), q.isPaused()]);
    return { waiting: c.waiting ?? 0, active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0, completed: c.completed ?? 0, paused };
  }

  /**
   * Asks for a job to stop: a queued one is removed at once (true); a running one sees the request
   * through its abort signal within a second and ends as Stopped.
   */
  async stop(type: JobType, jobId: string): Promise<boolean> {
    const job = await this.queue(type).getJob(jobId);
    if (job && (await job.isWaiting() || await job.isDelayed())) {
      await job.remove().catch(() => undefined);
      return true;
    }
    await this.connection.set(stopKey(this.config.keyPrefix, jobId), '1', 'EX', 86_400);
    return false;
  }

  /** Workers registered on each queue (for the jobservice pool API). */
  async workers(type: JobType): Promise<Array<{ id: string; name: string; addr: string; age: number }>> {
    const list = await this.queue(type).getWorkers();
    return list.map((w) => ({ id: String(w.id ?? ''), name: String(w.name ?? ''), addr: String(w.addr ?? ''), age: Number(w.age ?? 0) }));
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
    this.connection.disconnect();
  }
}

export { JOB_TYPES };
