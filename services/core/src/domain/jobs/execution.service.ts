// Runs of asynchronous work as the API sees them: start one (an execution with one task, its job queued),
// stop one (queued jobs removed, running ones asked to stop), and read them back with their logs.
import { randomUUID } from 'node:crypto';
import { FINAL_STATUSES, JOB_SPECS, type JobType, type Trigger } from '@harbor/contracts';
import type { ExecutionRow, JobQueues, Sql, TaskRow, TaskStore } from '@harbor/jobs';
import { ApiError } from '../../http/errors.js';

export class ExecutionService {
  constructor(private readonly tasks: TaskStore, private readonly queues: JobQueues, private readonly sql: Sql) {}

  /**
   * Starts one run: an execution (vendor type/id, trigger, parameters kept in extra_attrs), one task, and
   * the job. An exclusive type already queued or running → 409, and nothing is recorded; other types
   * (a retention run per project) run side by side.
   */
  async start(type: JobType, vendorType: string, vendorId: number, trigger: Trigger, params: Record<string, unknown>): Promise<number> {
    if (JOB_SPECS[type].exclusive && await this.queues.busy(type)) throw new ApiError('CONFLICT', `a ${vendorType} job is already running or queued`);
    const executionId = await this.tasks.createExecution(vendorType, vendorId, trigger, params);
    const jobId = randomUUID();
    const taskId = await this.tasks.createTask(executionId, jobId);
    try {
      const queued = await this.queues.enqueue(type, jobId, { task_id: taskId, execution_id: executionId, params });
      if (!queued) {
        await this.tasks.finishExecution(executionId, 'Stopped', 'another run started at the same moment');
        throw new ApiError('CONFLICT', `a ${vendorType} job is already running or queued`);
      }
    } catch (err) {
      if (err instanceof ApiError) throw err;
      await this.tasks.finishExecution(executionId, 'Error', 'the job could not be queued');
      throw err;
    }
    return executionId;
  }

  /** Stops every unfinished task of the execution (queued ones at once, running ones within a second). */
  async stop(type: JobType, executionId: number): Promise<void> {
    for (const task of await this.tasks.tasks(executionId)) {
      if ((FINAL_STATUSES as readonly string[]).includes(task.status)) continue;
      if (await this.queues.stop(type, task.job_id)) await this.tasks.setTaskStatus(task.id, 'Stopped', 'stopped before it ran');
    }
  }

  async get(vendorType: string, executionId: number): Promise<ExecutionRow> {
    const e = await this.tasks.execution(executionId);
    if (!e || e.vendor_type !== vendorType) throw new ApiError('NOT_FOUND', `${vendorType.toLowerCase()} job ${executionId} not found`);
    return e;
  }

  /** Executions of a vendor, newest first. */
  async list(vendorType: string, vendorId: number | null, page: { offset: number; limit: number | undefined }): Promise<{ total: number; items: ExecutionRow[] }> {
    const where = vendorId === null ? 'vendor_type = $1' : 'vendor_type = $1 AND vendor_id = $2';
    const values: unknown[] = vendorId === null ? [vendorType] : [vendorType, vendorId];
    const [count] = await this.sql<{ n: number }>(`SELECT count(*)::int AS n FROM execution WHERE ${where}`, values);
    const items = await this.sql<ExecutionRow>(
      `SELECT * FROM execution WHERE ${where} ORDER BY start_time DESC, id DESC LIMIT ${page.limit ?? 'ALL'} OFFSET ${page.offset}`, values);
    return { total: count.n, items };
  }

  async tasksOf(executionId: number): Promise<TaskRow[]> {
    return this.tasks.tasks(executionId);
  }

  /** The log of the execution's tasks, one after another ('' before any line was written). */
  async log(executionId: number): Promise<string> {
    const parts: string[] = [];
    for (const t of await this.tasks.tasks(executionId)) parts.push((await this.tasks.log(t.job_id)) ?? '');
    return parts.join('');
  }
}
