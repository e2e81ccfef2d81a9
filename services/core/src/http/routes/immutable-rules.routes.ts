// /api/v2.0/projects/{project_name_or_id}/immutabletagrules[/{immutable_rule_id}]: list (paged), create
// (201 + Location), update or toggle, delete — Harbor's paths, JSON (`ImmutableRule`) and status codes.
import type { Request, Response, Router } from 'express';
import { ImmutableRuleSchema, type PolicySelector } from '@harbor/contracts';
import type { AuditService } from '../../domain/audit/audit.service.js';
import type { ImmutableRuleService, ProjectRef } from '../../domain/immutability/immutable-rule.service.js';
import type { ImmutableRuleRecord } from '../../store/immutable-rule.repo.js';
import type { Prisma } from '@harbor/db';
import { ApiError } from '../errors.js';
import { principalOf } from '../middleware/security.middleware.js';
import { paginationHeaders, parsePagination, parseQ, parseSort, queryParam, toPrismaOrderBy, toPrismaWhere, type FieldMap, type QueryInput, int64Path } from '../query.js';
import { jsonBody, parseBody } from '../validate.js';

export interface ImmutableRuleRouteDeps {
  immutableRules: ImmutableRuleService;
  audit: AuditService;
}

const BASE = '/api/v2.0/projects/:project/immutabletagrules';

/** What `q` and `sort` may name: the table's columns. */
const FIELDS: FieldMap = {
  id: { column: 'id', type: 'int' },
  disabled: { column: 'disabled', type: 'bool' },
  creation_time: { column: 'creationTime', type: 'date' },
};

/** Drops what go-swagger's omitempty drops: false, 0, '', empty lists and maps. */
function compact(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) =>
    v !== undefined && v !== null && v !== false && v !== 0 && v !== ''
    && !(Array.isArray(v) && v.length === 0) && !(typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0)));
}

/** Selectors as Harbor answers them: kind, decoration and pattern (extras are not sent back). */
const selectorJson = (s: PolicySelector) => compact({ decoration: s.decoration, kind: s.kind, pattern: s.pattern });

export function immutableRuleJson(r: ImmutableRuleRecord): Record<string, unknown> {
  const { rule } = r;
  return compact({
    id: r.id,
    priority: rule.priority,
    disabled: r.disabled,
    action: rule.action,
    template: rule.template,
    params: rule.params,
    tag_selectors: rule.tag_selectors?.map(selectorJson),
    scope_selectors: rule.scope_selectors
      ? Object.fromEntries(Object.entries(rule.scope_selectors).map(([k, v]) => [k, v.map(selectorJson)]))
      : undefined,
  });
}

const projectRef = (req: Request): ProjectRef => ({ ref: String(req.params.project), isName: req.get('X-Is-Resource-Name') === 'true' });

/** How a rule reads in the audit log: its selectors, e.g. `repo:** tag:v*`. */
function auditResource(r: { tag_selectors?: PolicySelector[]; scope_selectors?: Record<string, PolicySelector[]> }): string {
  const repo = r.scope_selectors?.repository?.[0];
  const tag = r.tag_selectors?.[0];
  return `${repo?.decoration ?? ''} ${repo?.pattern ?? ''} ${tag?.decoration ?? ''} ${tag?.pattern ?? ''}`.trim();
}

export function registerImmutableRuleRoutes(router: Router, deps: ImmutableRuleRouteDeps): void {
  const { immutableRules, audit } = deps;
  const json = jsonBody('256kb');

  router.get(BASE, async (req: Request, res: Response) => {
    const q = req.query as QueryInput;
    const { page, pageSize, offset, limit } = parsePagination(q);
    const { total, items } = await immutableRules.list(principalOf(res), projectRef(req), () => ({
      where: toPrismaWhere(parseQ(queryParam(q, 'q') ?? ''), FIELDS) as Prisma.ImmutableTagRuleWhereInput,
      orderBy: toPrismaOrderBy(parseSort(queryParam(q, 'sort') ?? '', Object.keys(FIELDS)), FIELDS) as Prisma.ImmutableTagRuleOrderByWithRelationInput[],
      page: { offset, limit },
    }));
    for (const [k, v] of Object.entries(paginationHeaders(req.path, q, page, pageSize, total))) res.setHeader(k, v);
    res.json(items.map(immutableRuleJson));
  });

  router.post(BASE, json, async (req: Request, res: Response) => {
    const body = parseBody(ImmutableRuleSchema, req.body);
    const { project, id } = await immutableRules.create(principalOf(res), projectRef(req), body);
    await audit.record(principalOf(res), { operation: 'create', resourceType: 'immutable_rule', resource: `${project.name} ${auditResource(body)}`, projectId: project.id }, req.ip);
    res.setHeader('Location', `${req.path.replace(/\/$/, '')}/${id}`);
    res.status(201).end();
  });

  router.put(`${BASE}/:immutable_rule_id`, json, async (req: Request, res: Response) => {
    const id = int64Path(req, 'immutable_rule_id');
    const body = parseBody(ImmutableRuleSchema, req.body);
    const { project } = await immutableRules.update(principalOf(res), projectRef(req), id, body);
    await audit.record(principalOf(res), { operation: 'update', resourceType: 'immutable_rule', resource: `${project.name} ${auditResource(body)}`, projectId: project.id }, req.ip);
    res.status(200).end();
  });

  router.delete(`${BASE}/:immutable_rule_id`, async (req: Request, res: Response) => {
    const { project, rule } = await immutableRules.delete(principalOf(res), projectRef(req), int64Path(req, 'immutable_rule_id'));
    await audit.record(principalOf(res), { operation: 'delete', resourceType: 'immutable_rule', resource: `${project.name} ${auditResource(rule.rule)}`, projectId: project.id }, req.ip);
    res.status(200).end();
  });
}
