// Runs of a project's tag retention policy (Harbor's retention executions): starting one now (vendor type
// RETENTION, the policy's id, MANUAL; scheduled runs are started by the jobservice as SCHEDULE), the
// paged history, stopping one, its tasks and each task's log — behind the permissions Harbor's handler
// checks on the policy's project (update to run or stop, list to list, read for a log).
import { isInt32Id } from '@harbor/db';
import type { ExecutionRow, TaskRow, TaskStore } from '@harbor/jobs';
import { ApiError } from '../../http/errors.js';
import type { Principal } from '../identity/authenticator.js';
import type { ExecutionService } from '../jobs/execution.service.js';
import type { LoadedPolicy, RetentionService } from './retention.service.js';

type Page = { offset: number; limit: number | undefined };

export class RetentionRunsService {
  constructor(private readonly policies: RetentionService, private readonly executions: ExecutionService, private readonly tasks: TaskStore) {}

  /** Starts a run at once; its execution id. */
  async trigger(principal: Principal, id: number, dryRun: boolean): Promise<{ executionId: number; loaded: LoadedPolicy }> {
    const loaded = await this.policies.load(principal, id, 'update');
    const executionId = await this.executions.start('RETENTION', 'RETENTION', id, 'MANUAL', { policy_id: id, dry_run: dryRun });
    return { executionId, loaded };
  }

  async list(principal: Principal, id: number, page: Page): Promise<{ total: number; items: ExecutionRow[] }> {
    await this.policies.load(principal, id, 'list');
    return this.executions.list('RETENTION', id, page);
  }

  /** Only `stop` exists (checked first, as Harbor does). */
  async operate(principal: Principal, id: number, executionId: number, action: string | undefined): Promise<LoadedPolicy> {
    if (action !== 'stop') throw new ApiError('BAD_REQUEST', "action should be 'stop'");
    const loaded = await this.policies.load(principal, id, 'update');
    await this.executionOf(id, executionId);
    await this.executions.stop('RETENTION', executionId);
    return loaded;
  }

  async listTasks(principal: Principal, id: number, executionId: number, page: Page): Promise<{ total: number; items: TaskRow[] }> {
    await this.policies.load(principal, id, 'list');
    await this.executionOf(id, executionId);
    const all = await this.executions.tasksOf(executionId);
    return { total: all.length, items: all.slice(page.offset, page.limit === undefined ? undefined : page.offset + page.limit) };
  }

  /** The task's log as text ('' before its first line). */
  async taskLog(principal: Principal, id: number, executionId: number, taskId: number): Promise<string> {
    await this.policies.load(principal, id, 'read');
    await this.executionOf(id, executionId);
    const task = (await this.executions.tasksOf(executionId)).find((t) => t.id === taskId);
    if (!task) throw new ApiError('NOT_FOUND', `retention task ${taskId} not found`);
    return (await this.tasks.log(task.job_id)) ?? '';
  }

  private async executionOf(policyId: number, executionId: number): Promise<ExecutionRow> {
    const e = isInt32Id(executionId) ? await this.executions.get('RETENTION', executionId).catch(() => null) : null;
    if (!e || Number(e.vendor_id) !== policyId) throw new ApiError('NOT_FOUND', `retention execution ${executionId} not found`);
    return e;
  }
}
