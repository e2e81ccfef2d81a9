// The job service as administrators watch it (Harbor's `/jobservice/*` and `/schedules`): the worker pools
// (one per jobservice process), what each is running, the queues with their backlog and pause state, and
// a job's log; stopping one job or a whole queue's backlog.
import { JOB_TYPES, type JobType } from '@harbor/contracts';
import type { JobQueues, TaskStore } from '@harbor/jobs';
import { ApiError } from '../../http/errors.js';
import type { Principal } from '../identity/authenticator.js';
import { requireSystemAccess } from '../identity/system-access.js';
import type { ScheduleService } from './schedule.service.js';

const RESOURCE = 'jobservice-monitor';

export interface PoolView { pid: number; worker_pool_id: string; concurrency: number; host: string; start_at?: string; heartbeat_at: string }
export interface WorkerView { id: string; pool_id: string; job_name: string; job_id: string; start_at: string | null; check_in: string; checkin_at: string | null }
export interface QueueView { job_type: string; count: number; latency: number; paused: boolean }

export class JobserviceMonitor {
  constructor(private readonly queues: JobQueues, private readonly tasks: TaskStore, private readonly schedules: ScheduleService) {}

  async pools(principal: Principal): Promise<PoolView[]> {
    requireSystemAccess(principal, RESOURCE, 'list');
    const pools = new Map<string, PoolView>();
    const now = new Date().toISOString();
    for (const type of JOB_TYPES) {
      for (const w of await this.queues.workers(type)) {
        if (!w.name) continue;
        const pool = pools.get(w.name) ?? {
          pid: Number(/-(\d+)$/.exec(w.name)?.[1] ?? 0), worker_pool_id: w.name, concurrency: 0,
          host: w.addr.replace(/:\d+$/, ''), heartbeat_at: now,
          start_at: w.age ? new Date(Date.now() - w.age * 1000).toISOString() : undefined,
        };
        pool.concurrency++;
        pools.set(w.name, pool);
      }
    }
    return [...pools.values()];
  }

  /** Jobs running in one pool (`all`: every pool); 404 for an unknown pool. */
  async workers(principal: Principal, poolId: string): Promise<WorkerView[]> {
    requireSystemAccess(principal, RESOURCE, 'list');
    if (poolId !== 'all' && !(await this.pools(principal)).some((p) => p.worker_pool_id === poolId)) {
      throw new ApiError('NOT_FOUND', `worker pool ${poolId} not found`);
    }
    const out: WorkerView[] = [];
    for (const type of JOB_TYPES) {
      for (const job of await this.queues.queue(type).getJobs(['active'], 0, 1000)) {
        if (!job) continue;
        const pool = job.processedBy ?? '';
        if (poolId !== 'all' && pool !== poolId) continue;
        out.push({
          id: String(job.id), pool_id: pool, job_name: type, job_id: String(job.id),
          start_at: job.processedOn ? new Date(job.processedOn).toISOString() : null, check_in: '', checkin_at: null,
        });
      }
    }
    return out;
  }

  async queueList(principal: Principal): Promise<QueueView[]> {
    requireSystemAccess(principal, RESOURCE, 'list');
    return Promise.all(JOB_TYPES.map(async (type) => {
      const c = await this.queues.counts(type);
      const [oldest] = await this.queues.queue(type).getJobs(['waiting'], 0, 0, true);
      return { job_type: type, count: c.waiting + c.delayed, latency: oldest ? Math.max(0, Math.round((Date.now() - oldest.timestamp) / 1000)) : 0, paused: c.paused };
    }));
  }

  /** stop: every waiting job of the type is dropped (its task Stopped); pause/resume: the queue. */
  async queueAction(principal: Principal, jobType: string, action: 'stop' | 'pause' | 'resume'): Promise<void> {
    requireSystemAccess(principal, RESOURCE, 'stop');
    const types = jobType === 'all' ? [...JOB_TYPES] : [this.jobType(jobType)];
    for (const type of types) {
      if (action === 'pause') await this.queues.pause(type);
      else if (action === 'resume') await this.queues.resume(type);
      else {
        for (const job of await this.queues.queue(type).getJobs(['waiting', 'delayed', 'prioritized'], 0, -1)) {
          if (!job || job.name === 'trigger') continue;
          await job.remove().catch(() => undefined);
          const task = await this.tasks.taskByJobId(String(job.id));
          if (task) await this.tasks.setTaskStatus(task.id, 'Stopped', 'stopped with its queue');
        }
      }
    }
  }

  async stopJob(principal: Principal, jobId: string): Promise<void> {
    requireSystemAccess(principal, RESOURCE, 'stop');
    const task = await this.tasks.taskByJobId(jobId);
    if (!task) throw new ApiError('NOT_FOUND', `job ${jobId} not found`);
    const execution = await this.tasks.execution(task.execution_id);
    const type = this.jobType(execution?.vendor_type ?? '');
    if (await this.queues.stop(type, jobId)) await this.tasks.setTaskStatus(task.id, 'Stopped', 'stopped before it ran');
  }

  async jobLog(principal: Principal, jobId: string): Promise<string> {
    requireSystemAccess(principal, RESOURCE, 'list');
    const log = await this.tasks.log(jobId);
    if (log === null) {
      if (!(await this.tasks.taskByJobId(jobId))) throw new ApiError('NOT_FOUND', `job ${jobId} not found`);
      return '';
    }
    return log;
  }

  async scheduleList(principal: Principal, page: { offset: number; limit: number | undefined }) {
    requireSystemAccess(principal, RESOURCE, 'list');
    return this.schedules.list(page);
  }

  async schedulerPaused(principal: Principal, jobType: string): Promise<boolean> {
    requireSystemAccess(principal, RESOURCE, 'list');
    const types = jobType === 'all' ? [...JOB_TYPES] : [this.jobType(jobType)];
    const counts = await Promise.all(types.map((t) => this.queues.counts(t)));
    return counts.every((c) => c.paused);
  }

  private jobType(name: string): JobType {
    const type = JOB_TYPES.find((t) => t === name.toUpperCase());
    if (!type) throw new ApiError('NOT_FOUND', `job type ${name} not found`);
    return type;
  }
}
