// /api/v2.0/projects/{project_name_or_id}/webhook: policies (list, create, get, update, delete), each
// policy's executions, their tasks and a task's log, the last time each event fired, and the supported
// event types — Harbor's paths, parameters, JSON and status codes.
import type { Request, Response, Router } from 'express';
import { WebhookPolicySchema, type Execution, type Task, type WebhookPolicyResp } from '@harbor/contracts';
import type { Prisma } from '@harbor/db';
import type { AuditService } from '../../domain/audit/audit.service.js';
import { principalName } from '../../domain/identity/authenticator.js';
import type { ProjectService } from '../../domain/projects/project.service.js';
import type { WebhookPolicyService } from '../../domain/webhooks/webhook-policy.service.js';
import type { ExecutionRecord, TaskMetrics, TaskRecord } from '../../store/webhook-execution.repo.js';
import type { PolicyRecord } from '../../store/webhook-policy.repo.js';
import { ApiError } from '../errors.js';
import { principalOf } from '../middleware/security.middleware.js';
import { paginationHeaders, parsePagination, parseQ, parseSort, queryParam, toPrismaOrderBy, toPrismaWhere, type FieldMap, type QueryInput, int64Path } from '../query.js';
import { jsonBody, parseBody } from '../validate.js';
import { pathProject } from '../artifact-params.js';

const BASE = '/api/v2.0/projects/:project/webhook';

const POLICY_FIELDS: FieldMap = {
  id: { column: 'id', type: 'int' },
  name: { column: 'name', type: 'string' },
  description: { column: 'description', type: 'string' },
  enabled: { column: 'enabled', type: 'bool' },
  creator: { column: 'creator', type: 'string' },
  creation_time: { column: 'creationTime', type: 'date' },
  update_time: { column: 'updateTime', type: 'date' },
};

const EXECUTION_FIELDS: FieldMap = {
  id: { column: 'id', type: 'int' },
  vendor_type: { column: 'vendorType', type: 'string' },
  status: { column: 'status', type: 'string' },
  trigger: { column: 'trigger', type: 'string' },
  start_time: { column: 'startTime', type: 'date' },
  end_time: { column: 'endTime', type: 'date' },
};

const TASK_FIELDS: FieldMap = {
  id: { column: 'id', type: 'int' },
  status: { column: 'status', type: 'string' },
  run_count: { column: 'runCount', type: 'int' },
  creation_time: { column: 'creationTime', type: 'date' },
  start_time: { column: 'startTime', type: 'date' },
  update_time: { column: 'updateTime', type: 'date' },
  end_time: { column: 'endTime', type: 'date' },
};

const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

/** Go's time.Format(time.RFC3339): whole seconds; an unset time is Go's zero time. */
export function goTime(d: Date | null | undefined): string {
  return d ? d.toISOString().replace(/\.\d{3}Z$/, 'Z') : GO_ZERO_TIME;
}

export function toPolicyJson(p: PolicyRecord): WebhookPolicyResp {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    project_id: p.projectId,
    targets: p.targets,
    event_types: p.eventTypes,
    creator: p.creator,
    creation_time: p.creationTime.toISOString(),
    update_time: p.updateTime.toISOString(),
    enabled: p.enabled,
  };
}

export function toExecutionJson(e: ExecutionRecord & { metrics?: TaskMetrics }): Execution {
  return {
    id: e.id,
    vendor_type: e.vendorType,
    vendor_id: e.vendorId,
    status: e.status,
    status_message: e.statusMessage,
    ...(e.metrics ? { metrics: e.metrics } : {}),
    trigger: e.trigger,
    extra_attrs: e.extraAttrs,
    start_time: goTime(e.startTime),
    end_time: goTime(e.endTime),
  };
}

export function toTaskJson(t: TaskRecord): Task {
  return {
    id: t.id,
    execution_id: t.executionId,
    status: t.status,
    status_message: t.statusMessage,
    run_count: t.runCount,
    extra_attrs: t.extraAttrs,
    creation_time: goTime(t.creationTime),
    update_time: goTime(t.updateTime),
    start_time: goTime(t.startTime),
    end_time: goTime(t.endTime),
  };
}

function listQuery(q: QueryInput, fields: FieldMap) {
  return {
    where: toPrismaWhere(parseQ(queryParam(q, 'q') ?? ''), fields),
    orderBy: toPrismaOrderBy(parseSort(queryParam(q, 'sort') ?? '', Object.keys(fields)), fields),
  };
}

export function registerWebhookRoutes(router: Router, projects: ProjectService, webhooks: WebhookPolicyService, audit: AuditService): void {
  const json = jsonBody('1mb');
  const policyId = (req: Request) => int64Path(req, 'webhook_policy_id');
  const paged = (req: Request, res: Response, total: number, page: number, pageSize: number) => {
    for (const [k, v] of Object.entries(paginationHeaders(req.path, req.query as QueryInput, page, pageSize, total))) res.setHeader(k, v);
  };

  router.get(`${BASE}/policies`, async (req: Request, res: Response) => {
    const q = req.query as QueryInput;
    const { page, pageSize, offset, limit } = parsePagination(q);
    const query = listQuery(q, POLICY_FIELDS) as {
      where: Prisma.NotificationPolicyWhereInput; orderBy: Prisma.NotificationPolicyOrderByWithRelationInput[];
    };
    const { total, items } = await webhooks.list(principalOf(res), await pathProject(projects, req, res), query, { offset, limit });
    paged(req, res, total, page, pageSize);
    res.json(items.map(toPolicyJson));
  });

  router.post(`${BASE}/policies`, json, async (req: Request, res: Response) => {
    const body = parseBody(WebhookPolicySchema, req.body);
    const project = await pathProject(projects, req, res);
    const principal = principalOf(res);
    const policy = await webhooks.create(principal, project, principalName(principal), body);
    await audit.record(principal, { operation: 'create', resourceType: 'notification_policy', resource: policy.name, projectId: project.id }, req.ip);
    res.setHeader('Location', `${req.path.replace(/\/+$/, '')}/${policy.id}`);
    res.status(201).end();
  });

  router.get(`${BASE}/policies/:webhook_policy_id`, async (req: Request, res: Response) => {
    const id = policyId(req);
    res.json(toPolicyJson(await webhooks.get(principalOf(res), await pathProject(projects, req, res), id)));
  });

  router.put(`${BASE}/policies/:webhook_policy_id`, json, async (req: Request, res: Response) => {
    const id = policyId(req);
    const body = parseBody(WebhookPolicySchema, req.body);
    const project = await pathProject(projects, req, res);
    const policy = await webhooks.update(principalOf(res), project, id, body);
    await audit.record(principalOf(res), { operation: 'update', resourceType: 'notification_policy', resource: policy.name, projectId: project.id }, req.ip);
    res.status(200).end();
  });

  router.delete(`${BASE}/policies/:webhook_policy_id`, async (req: Request, res: Response) => {
    const id = policyId(req);
    const project = await pathProject(projects, req, res);
    const policy = await webhooks.delete(principalOf(res), project, id);
    await audit.record(principalOf(res), { operation: 'delete', resourceType: 'notification_policy', resource: policy.name, projectId: project.id }, req.ip);
    res.status(200).end();
  });

  router.get(`${BASE}/policies/:webhook_policy_id/executions`, async (req: Request, res: Response) => {
    const id = policyId(req);
    const q = req.query as QueryInput;
    const { page, pageSize, offset, limit } = parsePagination(q);
    const query = listQuery(q, EXECUTION_FIELDS) as { where: Prisma.ExecutionWhereInput; orderBy: Prisma.ExecutionOrderByWithRelationInput[] };
    const { total, items } = await webhooks.executions(principalOf(res), await pathProject(projects, req, res), id, query, { offset, limit });
    paged(req, res, total, page, pageSize);
    res.json(items.map(toExecutionJson));
  });

  router.get(`${BASE}/policies/:webhook_policy_id/executions/:execution_id/tasks`, async (req: Request, res: Response) => {
    const id = policyId(req);
    const executionId = int64Path(req, 'execution_id');
    const q = req.query as QueryInput;
    const { page, pageSize, offset, limit } = parsePagination(q);
    const query = listQuery(q, TASK_FIELDS) as { where: Prisma.TaskWhereInput; orderBy: Prisma.TaskOrderByWithRelationInput[] };
    const { total, items } = await webhooks.tasks(principalOf(res), await pathProject(projects, req, res), id, executionId, query, { offset, limit });
    paged(req, res, total, page, pageSize);
    res.json(items.map(toTaskJson));
  });

  router.get(`${BASE}/policies/:webhook_policy_id/executions/:execution_id/tasks/:task_id/log`, async (req: Request, res: Response) => {
    const id = policyId(req);
    const executionId = int64Path(req, 'execution_id');
    const taskId = int64Path(req, 'task_id');
    const log = await webhooks.log(principalOf(res), await pathProject(projects, req, res), id, executionId, taskId);
    res.type('text/plain; charset=utf-8').send(log);
  });

  router.get(`${BASE}/lasttrigger`, async (req: Request, res: Response) => {
    res.json(await webhooks.lastTriggers(principalOf(res), await pathProject(projects, req, res)));
  });

  router.get(`${BASE}/events`, async (req: Request, res: Response) => {
    res.json(await webhooks.supportedEvents(principalOf(res), await pathProject(projects, req, res)));
  });
}
