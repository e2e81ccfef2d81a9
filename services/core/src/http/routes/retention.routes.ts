// /api/v2.0/retentions: what the console may offer (metadatas), a project's policy (create with 201 +
// Location, get, update, delete), its runs (start one at once with 201 + Location, list paged, stop with
// PATCH {action:"stop"}), their tasks (paged) and a task's log (text) — Harbor's paths, JSON
// (`RetentionPolicy`, `RetentionExecution`, `RetentionExecutionTask`) and status codes.
import type { Request, Response, Router } from 'express';
import { RetentionExecutionActionSchema, RetentionExecutionReqSchema, RetentionPolicySchema, type PolicyRule, type PolicySelector } from '@harbor/contracts';
import type { ExecutionRow, TaskRow } from '@harbor/jobs';
import type { AuditEvent, AuditService } from '../../domain/audit/audit.service.js';
import type { RetentionRunsService } from '../../domain/retention/retention-runs.service.js';
import type { RetentionService } from '../../domain/retention/retention.service.js';
import type { RetentionPolicyRecord } from '../../store/retention-policy.repo.js';
import { principalOf } from '../middleware/security.middleware.js';
import { paginationHeaders, parsePagination, type QueryInput, int64Path } from '../query.js';
import { jsonBody, parseBody } from '../validate.js';

export interface RetentionRouteDeps {
  retention: RetentionService;
  retentionRuns: RetentionRunsService;
  audit: AuditService;
}

const BASE = '/api/v2.0/retentions';

/** Drops what go-swagger's omitempty drops: false, 0, '', empty maps. */
function compact(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) =>
    v !== undefined && v !== null && v !== false && v !== 0 && v !== ''
    && !(typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0)));
}

const selectorJson = (s: PolicySelector) => compact({ kind: s.kind, decoration: s.decoration, pattern: s.pattern, extras: s.extras });

function ruleJson(r: PolicyRule): Record<string, unknown> {
  return compact({
    id: r.id, priority: r.priority, disabled: r.disabled, action: r.action, template: r.template, params: r.params,
    tag_selectors: (r.tag_selectors ?? []).map(selectorJson),
    scope_selectors: Object.fromEntries(Object.entries(r.scope_selectors ?? {}).map(([k, v]) => [k, v.map(selectorJson)])),
  });
}

export function retentionPolicyJson(r: RetentionPolicyRecord): Record<string, unknown> {
  const p = r.policy;
  return {
    id: r.id,
    algorithm: p.algorithm ?? 'or',
    rules: (p.rules ?? []).map(ruleJson),
    trigger: compact({ kind: p.trigger?.kind ?? 'Schedule', settings: p.trigger?.settings ?? { cron: '' }, references: p.trigger?.references }),
    scope: { level: p.scope?.level ?? 'project', ref: r.projectId },
  };
}

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : undefined);

export function retentionExecutionJson(e: ExecutionRow): Record<string, unknown> {
  return {
    id: e.id,
    policy_id: Number(e.vendor_id),
    start_time: iso(e.start_time),
    ...(e.end_time ? { end_time: iso(e.end_time) } : {}),
    status: e.status,
    trigger: e.trigger,
    dry_run: e.extra_attrs?.dry_run === true,
  };
}

/** Harbor's job status codes: pending 0, running 2, every final status 3. */
const STATUS_CODES: Record<string, number> = { Pending: 0, Scheduled: 1, Running: 2, Stopped: 3, Error: 3, Success: 3 };

export function retentionTaskJson(t: TaskRow & { status_revision?: unknown }): Record<string, unknown> {
  const attrs = t.extra_attrs ?? {};
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  return {
    id: t.id,
    execution_id: t.execution_id,
    repository: typeof attrs.repository === 'string' ? attrs.repository : '',
    job_id: t.job_id,
    status: t.status,
    status_code: STATUS_CODES[t.status] ?? -1,
    status_revision: Number(t.status_revision ?? 0),
    ...(t.start_time ? { start_time: iso(t.start_time) } : {}),
    ...(t.end_time ? { end_time: iso(t.end_time) } : {}),
    total: num(attrs.total),
    retained: num(attrs.retained),
  };
}

export function registerRetentionRoutes(router: Router, deps: RetentionRouteDeps): void {
  const { retention, retentionRuns, audit } = deps;
  const json = jsonBody('1mb');
  const auditPolicy = async (req: Request, res: Response, operation: AuditEvent['operation'], project: { id: number; name: string }, id: number) =>
    audit.record(principalOf(res), { operation, resourceType: 'tag_retention', resource: `${project.name}/retention/${id}`, projectId: project.id }, req.ip);

  // before /:id, which would take "metadatas" for an id
  router.get(`${BASE}/metadatas`, (_req: Request, res: Response) => {
    res.json(retention.metadata(principalOf(res)));
  });

  router.post(BASE, json, async (req: Request, res: Response) => {
    const body = parseBody(RetentionPolicySchema, req.body);
    const { project, id } = await retention.create(principalOf(res), body);
    await auditPolicy(req, res, 'create', project, id);
    res.setHeader('Location', `${req.path.replace(/\/$/, '')}/${id}`);
    res.status(201).end();
  });

  router.get(`${BASE}/:id`, async (req: Request, res: Response) => {
    res.json(retentionPolicyJson(await retention.get(principalOf(res), int64Path(req, 'id'))));
  });

  router.put(`${BASE}/:id`, json, async (req: Request, res: Response) => {
    const id = int64Path(req, 'id');
    const body = parseBody(RetentionPolicySchema, req.body);
    const { project } = await retention.update(principalOf(res), id, body);
    await auditPolicy(req, res, 'update', project, id);
    res.status(200).end();
  });

  router.delete(`${BASE}/:id`, async (req: Request, res: Response) => {
    const id = int64Path(req, 'id');
    const { project } = await retention.delete(principalOf(res), id);
    await auditPolicy(req, res, 'delete', project, id);
    res.status(200).end();
  });

  router.post(`${BASE}/:id/executions`, json, async (req: Request, res: Response) => {
    const id = int64Path(req, 'id');
    const body = parseBody(RetentionExecutionReqSchema, req.body);
    const { executionId, loaded } = await retentionRuns.trigger(principalOf(res), id, body.dry_run ?? false);
    await audit.record(principalOf(res), {
      operation: 'create', resourceType: 'retention_execution', resource: `${loaded.project.name}/retention/${id}/executions/${executionId}`, projectId: loaded.project.id,
    }, req.ip);
    res.setHeader('Location', `${req.path.replace(/\/$/, '')}/${executionId}`);
    res.status(201).end();
  });

  router.get(`${BASE}/:id/executions`, async (req: Request, res: Response) => {
    const id = int64Path(req, 'id');
    const q = req.query as QueryInput;
    const { page, pageSize, offset, limit } = parsePagination(q);
    const { total, items } = await retentionRuns.list(principalOf(res), id, { offset, limit });
    for (const [k, v] of Object.entries(paginationHeaders(req.path, q, page, pageSize, total))) res.setHeader(k, v);
    res.json(items.map(retentionExecutionJson));
  });

  router.patch(`${BASE}/:id/executions/:eid`, json, async (req: Request, res: Response) => {
    const id = int64Path(req, 'id');
    const eid = int64Path(req, 'eid');
    const body = parseBody(RetentionExecutionActionSchema, req.body);
    const loaded = await retentionRuns.operate(principalOf(res), id, eid, body.action);
    await audit.record(principalOf(res), {
      operation: 'update', resourceType: 'retention_execution', resource: `${loaded.project.name}/retention/${id}/executions/${eid}`, projectId: loaded.project.id,
    }, req.ip);
    res.status(200).end();
  });

  router.get(`${BASE}/:id/executions/:eid/tasks`, async (req: Request, res: Response) => {
    const id = int64Path(req, 'id');
    const eid = int64Path(req, 'eid');
    const q = req.query as QueryInput;
    const { page, pageSize, offset, limit } = parsePagination(q);
    const { total, items } = await retentionRuns.listTasks(principalOf(res), id, eid, { offset, limit });
    for (const [k, v] of Object.entries(paginationHeaders(req.path, q, page, pageSize, total))) res.setHeader(k, v);
    res.json(items.map(retentionTaskJson));
  });

  router.get(`${BASE}/:id/executions/:eid/tasks/:tid`, async (req: Request, res: Response) => {
    const log = await retentionRuns.taskLog(principalOf(res), int64Path(req, 'id'), int64Path(req, 'eid'), int64Path(req, 'tid'));
    res.type('text/plain; charset=utf-8').send(log);
  });
}
