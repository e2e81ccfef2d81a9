// The job runner: one BullMQ worker per job type with a registered handler. It refuses to start when a
// required handler is missing or one is registered twice. Each job moves its task through Running to
// Success, Error or Stopped in PostgreSQL; a failed run is retried with its type's backoff (the task then
// reads Pending with the reason) until its attempts are spent. A job whose worker died is taken over by
// another worker once its lock lapses (BullMQ's stalled-job check), and fails for good if that happens
// twice. Schedules' trigger jobs become an execution plus a real job here.
import { randomUUID } from 'node:crypto';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { JOB_SPECS, JobEnvelopeSchema, type JobType } from '@harbor/contracts';
import {
  bullPrefix, createRedis, PermanentJobError, stopKey, TRIGGER_JOB,
  type JobContext, type JobHandler, type JobQueues, type JobRedisConfig, type TaskStore, type TriggerData,
} from '@harbor/jobs';
import type { Logger } from '@harbor/telemetry';
import { JobLogWriter } from './job-log.js';

export interface RuntimeDeps {
  redis: JobRedisConfig;
  store: TaskStore;
  queues: JobQueues;
  logger: Logger;
  /** Per-type concurrency overrides for this replica. */
  concurrency?: Record<string, number>;
  /** How long a running job's lock lasts without renewal before another worker takes it over. */
  lockMs?: number;
  /** Told of every run's outcome (metrics). */
  onRun?: (type: JobType, status: 'Success' | 'Error' | 'Stopped' | 'Pending', seconds: number) => void;
}

export class JobRuntime {
  private readonly handlers = new Map<JobType, JobHandler<unknown>>();
  private readonly workers: Worker[] = [];
  /** The workers' own connections: BullMQ leaves connections it was given open on close. */
  private readonly connections: Redis[] = [];
  private redis: Redis | null = null;

  constructor(private readonly deps: RuntimeDeps) {}

  register<P>(type: JobType, handler: JobHandler<P>): this {
    if (this.handlers.has(type)) throw new Error(`a handler for ${type} is registered twice`);
    this.handlers.set(type, handler as JobHandler<unknown>);
    return this;
  }

  /** Starts a worker per registered type; every type in `required` must have a handler. */
  async start(required: readonly JobType[]): Promise<void> {
    const missing = required.filter((t) => !this.handlers.has(t));
    if (missing.length) throw new Error(`no handler registered for ${missing.join(', ')}`);
    this.redis = createRedis(this.deps.redis);
    for (const [type] of this.handlers) {
      const lockMs = this.deps.lockMs ?? 30_000;
      const connection = createRedis(this.deps.redis);
      this.connections.push(connection);
      const worker = new Worker(type, (job) => this.process(type, job), {
        connection,
        prefix: bullPrefix(this.deps.redis),
        concurrency: this.deps.concurrency?.[type] ?? JOB_SPECS[type].concurrency,
        lockDuration: lockMs,
        stalledInterval: lockMs,
        maxStalledCount: 1,
        name: `jobservice-${process.pid}`,
      });
      worker.on('error', (err) => this.deps.logger.warn({ err, type }, 'worker error'));
      // A job that stalled once too often fails without running the processor: record it. ('failed' is
      // also emitted for attempts that will be retried; those the processor has already recorded.)
      worker.on('failed', (job, err) => {
        if (!job || job.name === TRIGGER_JOB) return;
        const final = job.attemptsMade >= (job.opts.attempts ?? 1) || err.name === 'UnrecoverableError' || /stalled/i.test(err.message);
        if (!final) return;
        const env = JobEnvelopeSchema.safeParse(job.data);
        if (env.success) void this.deps.store.setTaskStatus(env.data.task_id, 'Error', err.message).catch(() => undefined);
      });
      this.workers.push(worker);
    }
    await Promise.all(this.workers.map((w) => w.waitUntilReady()));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close().catch(() => undefined)));
    for (const c of this.connections) c.disconnect();
    this.redis?.disconnect();
  }

  private async process(type: JobType, job: Job): Promise<void> {
    if (job.name === TRIGGER_JOB) return this.trigger(type, job.data as TriggerData);
    const env = JobEnvelopeSchema.safeParse(job.data);
    if (!env.success) throw new UnrecoverableError(`not a job envelope: ${env.error.message}`);
    const { task_id: taskId, execution_id: executionId } = env.data;
    const jobId = String(job.id);
    const log = new JobLogWriter(this.deps.store, jobId);
    const params = JOB_SPECS[type].params.safeParse(env.data.params);
    if (!params.success) {
      log.line(`invalid parameters: ${params.error.message}`);
      await log.close();
      await this.deps.store.setTaskStatus(taskId, 'Error', 'invalid job parameters');
      throw new UnrecoverableError('invalid job parameters');
    }
    if (!(await this.deps.store.setTaskStatus(taskId, 'Running'))) {
      await log.close();
      return; // already finished (stopped while queued, or done by an earlier run)
    }
    const attempt = job.attemptsMade + 1;
    const started = Date.now();
    const finish = (status: 'Success' | 'Error' | 'Stopped' | 'Pending', message: string) => {
      this.deps.onRun?.(type, status, (Date.now() - started) / 1000);
      return this.finish(log, taskId, status, message);
    };
    const attempts = job.opts.attempts ?? 1;
    log.line(`${type} job ${jobId} started (attempt ${attempt} of ${attempts})`);
    const abort = new AbortController();
    const poll = setInterval(() => {
      this.redis?.get(stopKey(this.deps.redis.keyPrefix, jobId)).then((v) => { if (v) abort.abort(); }, () => undefined);
    }, 1_000);
    const ctx: JobContext<unknown> = {
      type, params: params.data, jobId, taskId, executionId, attempt,
      log: (line) => log.line(line),
      signal: abort.signal,
      report: (attrs) => this.deps.store.mergeTaskAttrs(taskId, attrs),
    };
    try {
      await this.handlers.get(type)!(ctx);
      if (abort.signal.aborted) {
        log.line('stopped on request');
        await finish('Stopped', 'stopped on request');
      } else {
        log.line('finished');
        await finish('Success', '');
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (abort.signal.aborted) {
        log.line(`stopped on request (${message})`);
        await finish('Stopped', 'stopped on request');
        return;
      }
      const final = err instanceof PermanentJobError || attempt >= attempts;
      log.line(final ? `failed: ${message}` : `failed: ${message}; retrying`);
      await finish(final ? 'Error' : 'Pending', final ? message : `retrying after: ${message}`);
      throw final ? new UnrecoverableError(message) : err;
    } finally {
      clearInterval(poll);
    }
  }

  private async finish(log: JobLogWriter, taskId: number, status: 'Success' | 'Error' | 'Stopped' | 'Pending', message: string): Promise<void> {
    await log.close();
    await this.deps.store.setTaskStatus(taskId, status, message);
  }

  /** A schedule fired: record a SCHEDULE execution with one task and queue the real job. */
  private async trigger(type: JobType, data: TriggerData): Promise<void> {
    const executionId = await this.deps.store.createExecution(data.vendor_type, data.vendor_id, 'SCHEDULE', data.params);
    const jobId = randomUUID();
    const taskId = await this.deps.store.createTask(executionId, jobId);
    const queued = await this.deps.queues.enqueue(type, jobId, { task_id: taskId, execution_id: executionId, params: data.params });
    if (!queued) await this.deps.store.finishExecution(executionId, 'Stopped', 'skipped: the previous run is still in progress');
  }
}
