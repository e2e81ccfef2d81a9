// The system-wide jobs Harbor lists as histories with one schedule each: garbage collection
// (`/system/gc`) and the audit-log purge (`/system/purgeaudit`). Runs are executions of vendor type
// GARBAGE_COLLECTION / PURGE_AUDIT_LOG (vendor id -1); a Manual schedule starts one at once.
import { type ZodType } from 'zod';
import type { JobType, ScheduleObj } from '@harbor/contracts';
import type { ExecutionRow } from '@harbor/jobs';
import { ApiError } from '../../http/errors.js';
import type { Principal } from '../identity/authenticator.js';
import { requireSystemAccess } from '../identity/system-access.js';
import type { ExecutionService } from './execution.service.js';
import type { ScheduleService } from './schedule.service.js';

export interface SystemJobKind {
  type: JobType & ('GARBAGE_COLLECTION' | 'PURGE_AUDIT_LOG');
  /** The RBAC resource (system level). */
  resource: string;
  params: ZodType<Record<string, unknown>>;
  /** What a person calls it in messages. */
  noun: string;
}

export interface HistoryEntry {
  execution: ExecutionRow;
  schedule: ScheduleObj | undefined;
}

const VENDOR_ID = -1;

export class SystemJobsService {
  constructor(readonly kind: SystemJobKind, private readonly executions: ExecutionService, private readonly schedules: ScheduleService) {}

  authorize(principal: Principal, action: 'read' | 'list' | 'create' | 'update' | 'stop'): void {
    requireSystemAccess(principal, this.kind.resource, action === 'stop' ? 'stop' : action);
  }

  async history(principal: Principal, page: { offset: number; limit: number | undefined }): Promise<{ total: number; items: HistoryEntry[] }> {
    this.authorize(principal, 'list');
    const [{ total, items }, schedule] = await Promise.all([this.executions.list(this.kind.type, VENDOR_ID, page), this.scheduleObj()]);
    return { total, items: items.map((execution) => ({ execution, schedule: execution.trigger === 'SCHEDULE' ? schedule : undefined })) };
  }

  async get(principal: Principal, id: number): Promise<HistoryEntry> {
    this.authorize(principal, 'read');
    const execution = await this.executions.get(this.kind.type, id);
    return { execution, schedule: execution.trigger === 'SCHEDULE' ? await this.scheduleObj() : undefined };
  }

  async log(principal: Principal, id: number): Promise<string> {
    this.authorize(principal, 'read');
    await this.executions.get(this.kind.type, id);
    return this.executions.log(id);
  }

  async stop(principal: Principal, id: number): Promise<void> {
    this.authorize(principal, 'stop');
    await this.executions.get(this.kind.type, id);
    await this.executions.stop(this.kind.type, id);
  }

  async schedule(principal: Principal): Promise<Record<string, unknown>> {
    this.authorize(principal, 'read');
    const s = await this.schedules.get(this.kind.type, VENDOR_ID);
    if (!s) return {};
    return {
      id: s.id,
      schedule: { type: scheduleType(s.cronType), cron: s.cron, ...(s.nextRun ? { next_scheduled_time: s.nextRun.toISOString() } : {}) },
      parameters: s.params,
      creation_time: s.creationTime.toISOString(),
      update_time: s.updateTime.toISOString(),
    };
  }

  /** POST/PUT of the schedule: Manual runs now (the new run's id), anything else sets the schedule (null). */
  async setSchedule(principal: Principal, body: { schedule?: ScheduleObj; parameters?: Record<string, unknown> }, creating: boolean): Promise<number | null> {
    this.authorize(principal, creating ? 'create' : 'update');
    if (!body.schedule) throw new ApiError('BAD_REQUEST', 'schedule is required');
    const parsed = this.kind.params.safeParse(body.parameters ?? {});
    if (!parsed.success) throw new ApiError('BAD_REQUEST', `invalid parameters: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    if (body.schedule.type === 'Manual') {
      return this.executions.start(this.kind.type, this.kind.type, VENDOR_ID, 'MANUAL', parsed.data);
    }
    await this.schedules.set(this.kind.type, VENDOR_ID, body.schedule, parsed.data);
    return null;
  }

  private async scheduleObj(): Promise<ScheduleObj | undefined> {
    const s = await this.schedules.get(this.kind.type, VENDOR_ID);
    return s ? { type: scheduleType(s.cronType), cron: s.cron, ...(s.nextRun ? { next_scheduled_time: s.nextRun.toISOString() } : {}) } : undefined;
  }
}

function scheduleType(cronType: string): ScheduleObj['type'] {
  return (['Hourly', 'Daily', 'Weekly', 'Custom'].includes(cronType) ? cronType : 'Custom') as ScheduleObj['type'];
}
