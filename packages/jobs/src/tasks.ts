// Executions and tasks in PostgreSQL (Harbor's `execution` and `task` tables) and job logs (`job_log`),
// shared by core (which creates them and answers the API) and the jobservice (which runs the jobs and
// records their progress). Written against a plain `sql(text, values)` so core's Prisma client and the
// jobservice's pg pool both fit.
import { FINAL_STATUSES, type JobStatus, type Trigger } from '@harbor/contracts';

export type Sql = <T = Record<string, unknown>>(text: string, values?: unknown[]) => Promise<T[]>;

export interface ExecutionRow {
  id: number;
  vendor_type: string;
  vendor_id: number;
  status: JobStatus;
  status_message: string;
  trigger: Trigger;
  extra_attrs: Record<string, unknown> | null;
  start_time: Date;
  end_time: Date | null;
  update_time: Date;
}

export interface TaskRow {
  id: number;
  execution_id: number;
  job_id: string;
  status: JobStatus;
  status_message: string;
  run_count: number;
  extra_attrs: Record<string, unknown> | null;
  creation_time: Date;
  start_time: Date | null;
  update_time: Date;
  end_time: Date | null;
}

const isFinal = (s: string) => (FINAL_STATUSES as readonly string[]).includes(s);

export class TaskStore {
  constructor(private readonly sql: Sql) {}

  async createExecution(vendorType: string, vendorId: number, trigger: Trigger, extraAttrs: Record<string, unknown> = {}): Promise<number> {
    const [row] = await this.sql<{ id: number }>(
      `INSERT INTO execution (vendor_type, vendor_id, trigger, extra_attrs, status) VALUES ($1, $2, $3, $4::jsonb, 'Running') RETURNING id`,
      [vendorType, vendorId, trigger, JSON.stringify(extraAttrs)]);
    return row.id;
  }

  async createTask(executionId: number, jobId: string, extraAttrs: Record<string, unknown> = {}): Promise<number> {
    const [row] = await this.sql<{ id: number }>(
      `INSERT INTO task (execution_id, job_id, extra_attrs) VALUES ($1, $2, $3::jsonb) RETURNING id`,
      [executionId, jobId, JSON.stringify(extraAttrs)]);
    return row.id;
  }

  /**
   * Moves a task to `status`. A task that reached a final status stays there (a late report from a
   * stalled worker cannot revive it). Running counts a run and sets the start time; final statuses set
   * the end time. The execution's status follows its tasks.
   */
  async setTaskStatus(taskId: number, status: JobStatus, message = ''): Promise<boolean> {
    const rows = await this.sql<{ execution_id: number }>(
      `UPDATE task SET status = $2::text, status_message = $3, status_revision = status_revision + 1, update_time = now(),
         run_count = run_count + CASE WHEN $2 = 'Running' THEN 1 ELSE 0 END,
         start_time = CASE WHEN $2 = 'Running' THEN coalesce(start_time, now()) ELSE start_time END,
         end_time = CASE WHEN $2 IN ('Stopped', 'Error', 'Success') THEN now() ELSE end_time END
       WHERE id = $1 AND status NOT IN ('Stopped', 'Error', 'Success') RETURNING execution_id`,
      [taskId, status, message]);
    if (rows.length === 0) return false;
    await this.refreshExecution(rows[0].execution_id);
    return true;
  }

  /** Merges figures into a task's `extra_attrs` (what a run did: bytes freed, artifacts deleted, …). */
  async mergeTaskAttrs(taskId: number, attrs: Record<string, unknown>): Promise<void> {
    await this.sql(`UPDATE task SET extra_attrs = coalesce(extra_attrs, '{}'::jsonb) || $2::jsonb, update_time = now() WHERE id = $1`,
      [taskId, JSON.stringify(attrs)]);
  }

  /**
   * The execution's status from its tasks: Running while any is pending or running, then Error > Stopped >
   * Success (Success with no tasks). Workers finishing an execution's last tasks at the same moment each
   * refresh it: one block locks the execution row first and only then counts the tasks (PL/pgSQL reads
   * with a fresh snapshot per statement), so a refresh that counted before another task's update landed
   * cannot overwrite the status that update's own refresh wrote.
   */
  async refreshExecution(executionId: number, message?: string): Promise<void> {
    // DO takes no parameters: the id goes in as a literal, and only ever as a safe integer.
    if (!Number.isSafeInteger(executionId)) throw new TypeError(`execution id ${executionId} is not an integer`);
    await this.sql(`DO $$ BEGIN
      PERFORM 1 FROM execution WHERE id = ${executionId} FOR UPDATE;
      UPDATE execution SET status = s.status, update_time = now(),
          end_time = CASE WHEN s.status IN ('Stopped', 'Error', 'Success') THEN coalesce(end_time, now()) ELSE NULL END
        FROM (SELECT CASE
                WHEN count(*) FILTER (WHERE status IN ('Pending', 'Running')) > 0 THEN 'Running'
                WHEN count(*) FILTER (WHERE status = 'Error') > 0 THEN 'Error'
                WHEN count(*) FILTER (WHERE status = 'Stopped') > 0 THEN 'Stopped'
                ELSE 'Success' END AS status
              FROM task WHERE execution_id = ${executionId}) s
        WHERE execution.id = ${executionId};
    END $$`);
    if (message !== undefined) await this.sql('UPDATE execution SET status_message = $2 WHERE id = $1', [executionId, message]);
  }

  /** Marks an execution (and every unfinished task of it) finished, e.g. when nothing could be queued. */
  async finishExecution(executionId: number, status: JobStatus, message: string): Promise<void> {
    await this.sql(
      `UPDATE task SET status = $2::varchar, status_message = $3::text, update_time = now(), end_time = now()
       WHERE execution_id = $1 AND status NOT IN ('Stopped', 'Error', 'Success')`, [executionId, status, message]);
    await this.refreshExecution(executionId, message);
  }

  async execution(id: number): Promise<ExecutionRow | null> {
    const [row] = await this.sql<ExecutionRow>('SELECT * FROM execution WHERE id = $1', [id]);
    return row ?? null;
  }

  async tasks(executionId: number): Promise<TaskRow[]> {
    return this.sql<TaskRow>('SELECT * FROM task WHERE execution_id = $1 ORDER BY id', [executionId]);
  }

  async taskByJobId(jobId: string): Promise<TaskRow | null> {
    const [row] = await this.sql<TaskRow>('SELECT * FROM task WHERE job_id = $1', [jobId]);
    return row ?? null;
  }

  /** Appends lines to a job's log. */
  async appendLog(jobId: string, text: string): Promise<void> {
    await this.sql(
      `INSERT INTO job_log (job_uuid, content) VALUES ($1, $2)
       ON CONFLICT (job_uuid) DO UPDATE SET content = job_log.content || EXCLUDED.content`, [jobId, text]);
  }

  async log(jobId: string): Promise<string | null> {
    const [row] = await this.sql<{ content: string }>('SELECT content FROM job_log WHERE job_uuid = $1', [jobId]);
    return row?.content ?? null;
  }
}

export { isFinal };
