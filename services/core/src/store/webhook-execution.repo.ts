// The record of webhook deliveries: executions of vendor type WEBHOOK or SLACK whose vendor id is the
// policy, their tasks (one per delivery), each execution's task counts by status, and the time each
// (policy, event type) last fired. Job logs are read through the task store.
import { Prisma, type PrismaClient, queryRows } from '@harbor/db';

export const DELIVERY_VENDOR_TYPES = ['WEBHOOK', 'SLACK'];

export interface ExecutionRecord {
  id: number;
  vendorType: string;
  vendorId: number;
  status: string;
  statusMessage: string;
  trigger: string;
  extraAttrs: Record<string, unknown>;
  startTime: Date;
  endTime: Date | null;
}

export interface TaskMetrics {
  task_count: number;
  success_task_count: number;
  error_task_count: number;
  pending_task_count: number;
  running_task_count: number;
  scheduled_task_count: number;
  stopped_task_count: number;
}

export interface TaskRecord {
  id: number;
  executionId: number;
  jobId: string;
  status: string;
  statusMessage: string;
  runCount: number;
  extraAttrs: Record<string, unknown>;
  creationTime: Date;
  startTime: Date | null;
  updateTime: Date;
  endTime: Date | null;
}

type Page = { offset: number; limit: number | undefined };

const attrs = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : {});

const METRIC_OF: Record<string, keyof TaskMetrics> = {
  Success: 'success_task_count', Error: 'error_task_count', Pending: 'pending_task_count', Running: 'running_task_count',
  Scheduled: 'scheduled_task_count', Stopped: 'stopped_task_count',
};

export class WebhookExecutionRepo {
  constructor(private readonly db: PrismaClient) {}

  async listExecutions(policyId: number, where: Prisma.ExecutionWhereInput, orderBy: Prisma.ExecutionOrderByWithRelationInput[], page: Page):
    Promise<{ total: number; items: Array<ExecutionRecord & { metrics: TaskMetrics }> }> {
    const filter: Prisma.ExecutionWhereInput = { AND: [where, { vendorType: { in: DELIVERY_VENDOR_TYPES }, vendorId: policyId }] };
    const [total, rows] = await Promise.all([
      this.db.execution.count({ where: filter }),
      this.db.execution.findMany({ where: filter, orderBy: [...orderBy, { startTime: 'desc' }, { id: 'desc' }], skip: page.offset, take: page.limit }),
    ]);
    const metrics = await this.metrics(rows.map((r) => r.id));
    return {
      total,
      items: rows.map((r) => ({
        id: r.id, vendorType: r.vendorType, vendorId: r.vendorId, status: r.status, statusMessage: r.statusMessage, trigger: r.trigger,
        extraAttrs: attrs(r.extraAttrs), startTime: r.startTime, endTime: r.endTime, metrics: metrics.get(r.id) ?? emptyMetrics(),
      })),
    };
  }

  /** The execution when it is a delivery of the policy. */
  async execution(policyId: number, id: number): Promise<ExecutionRecord | null> {
    const r = await this.db.execution.findFirst({ where: { id, vendorId: policyId, vendorType: { in: DELIVERY_VENDOR_TYPES } } });
    return r ? {
      id: r.id, vendorType: r.vendorType, vendorId: r.vendorId, status: r.status, statusMessage: r.statusMessage, trigger: r.trigger,
      extraAttrs: attrs(r.extraAttrs), startTime: r.startTime, endTime: r.endTime,
    } : null;
  }

  async listTasks(executionId: number, where: Prisma.TaskWhereInput, orderBy: Prisma.TaskOrderByWithRelationInput[], page: Page):
    Promise<{ total: number; items: TaskRecord[] }> {
    const filter: Prisma.TaskWhereInput = { AND: [where, { executionId }] };
    const [total, rows] = await Promise.all([
      this.db.task.count({ where: filter }),
      // Harbor's default order: latest start first, then the newest task.
      this.db.task.findMany({ where: filter, orderBy: [...orderBy, { startTime: { sort: 'desc', nulls: 'first' } }, { id: 'desc' }], skip: page.offset, take: page.limit }),
    ]);
    return { total, items: rows.map(toTask) };
  }

  /** The task when it belongs to the execution. */
  async task(executionId: number, id: number): Promise<TaskRecord | null> {
    const r = await this.db.task.findFirst({ where: { id, executionId } });
    return r ? toTask(r) : null;
  }

  /** The latest start of a delivery per policy and event type (`<policy id>\0<event type>` → time). */
  async lastTriggers(policyIds: number[]): Promise<Map<string, Date>> {
    if (policyIds.length === 0) return new Map();
    const rows = await queryRows<{ vendor_id: number; event_type: string | null; last: Date }>(this.db, Prisma.sql`
      SELECT vendor_id, extra_attrs->>'event_type' AS event_type, max(start_time) AS last
      FROM execution
      WHERE vendor_type = ANY(${DELIVERY_VENDOR_TYPES}::text[]) AND vendor_id = ANY(${policyIds}::int[])
      GROUP BY vendor_id, extra_attrs->>'event_type'`);
    return new Map(rows.filter((r) => r.event_type).map((r) => [`${r.vendor_id}\u0000${r.event_type}`, r.last]));
  }

  private async metrics(executionIds: number[]): Promise<Map<number, TaskMetrics>> {
    const out = new Map<number, TaskMetrics>();
    if (executionIds.length === 0) return out;
    const groups = await this.db.task.groupBy({ by: ['executionId', 'status'], where: { executionId: { in: executionIds } }, _count: { _all: true } });
    for (const g of groups) {
      const m = out.get(g.executionId) ?? emptyMetrics();
      m.task_count += g._count._all;
      const key = METRIC_OF[g.status];
      if (key) m[key] += g._count._all;
      out.set(g.executionId, m);
    }
    return out;
  }
}

function emptyMetrics(): TaskMetrics {
  return {
    task_count: 0, success_task_count: 0, error_task_count: 0, pending_task_count: 0, running_task_count: 0,
    scheduled_task_count: 0, stopped_task_count: 0,
  };
}

function toTask(r: {
  id: number; executionId: number; jobId: string; status: string; statusMessage: string; runCount: number; extraAttrs: unknown;
  creationTime: Date; startTime: Date | null; updateTime: Date; endTime: Date | null;
}): TaskRecord {
  return {
    id: r.id, executionId: r.executionId, jobId: r.jobId, status: r.status, statusMessage: r.statusMessage, runCount: r.runCount,
    extraAttrs: attrs(r.extraAttrs), creationTime: r.creationTime, startTime: r.startTime, updateTime: r.updateTime, endTime: r.endTime,
  };
}
