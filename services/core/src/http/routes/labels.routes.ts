// /api/v2.0/labels: list (scope g|p, project_id, fuzzy name, q, sort, paging), create (201 + Location),
// get, update and delete by id — Harbor's paths, parameters, JSON and status codes.
import type { Request, Response, Router } from 'express';
import { LabelReqSchema } from '@harbor/contracts';
import { escapeLike, type Prisma } from '@harbor/db';
import type { AuditService } from '../../domain/audit/audit.service.js';
import type { LabelService } from '../../domain/labels/label.service.js';
import type { LabelRecord } from '../../store/label.repo.js';
import { ApiError } from '../errors.js';
import { principalOf } from '../middleware/security.middleware.js';
import { paginationHeaders, parsePagination, parseQ, parseSort, queryParam, toPrismaOrderBy, toPrismaWhere, type FieldMap, type QueryInput, int64Value } from '../query.js';
import { jsonBody, parseBody } from '../validate.js';

const BASE = '/api/v2.0/labels';

/** What `q` and `sort` may name: the label's columns (scope and project come from their own parameters). */
const FIELDS: FieldMap = {
  id: { column: 'id', type: 'int' },
  name: { column: 'name', type: 'string' },
  description: { column: 'description', type: 'string' },
  color: { column: 'color', type: 'string' },
  creation_time: { column: 'creationTime', type: 'date' },
  update_time: { column: 'updateTime', type: 'date' },
};

export function toLabelJson(l: LabelRecord): Record<string, unknown> {
  return {
    id: l.id,
    name: l.name,
    description: l.description,
    color: l.color,
    scope: l.scope,
    project_id: l.projectId,
    creation_time: l.creationTime.toISOString(),
    update_time: l.updateTime.toISOString(),
  };
}

const labelId = (req: Request) => int64Value(String(req.params.label_id), 'label_id in path');

export function registerLabelRoutes(router: Router, labels: LabelService, audit: AuditService): void {
  const json = jsonBody('1mb');

  router.get(BASE, async (req: Request, res: Response) => {
    const q = req.query as QueryInput;
    const { page, pageSize, offset, limit } = parsePagination(q);
    const rawProject = queryParam(q, 'project_id');
    const query = {
      scope: queryParam(q, 'scope'),
      projectId: rawProject === undefined || rawProject === '' ? undefined : int64Value(rawProject, 'project_id in query'),
      name: queryParam(q, 'name') ? escapeLike(queryParam(q, 'name')!) : undefined,
      where: toPrismaWhere(parseQ(queryParam(q, 'q') ?? ''), FIELDS) as Prisma.LabelWhereInput,
      orderBy: toPrismaOrderBy(parseSort(queryParam(q, 'sort') ?? '', Object.keys(FIELDS)), FIELDS) as Prisma.LabelOrderByWithRelationInput[],
    };
    const { total, items } = await labels.list(principalOf(res), query, { offset, limit });
    for (const [k, v] of Object.entries(paginationHeaders(req.path, q, page, pageSize, total))) res.setHeader(k, v);
    res.json(items.map(toLabelJson));
  });

  router.post(BASE, json, async (req: Request, res: Response) => {
    const label = await labels.create(principalOf(res), parseBody(LabelReqSchema, req.body));
    await audit.record(principalOf(res), { operation: 'create', resourceType: 'label', resource: label.name, projectId: label.projectId }, req.ip);
    res.setHeader('Location', `${BASE}/${label.id}`);
    res.status(201).end();
  });

  router.get(`${BASE}/:label_id`, async (req: Request, res: Response) => {
    res.json(toLabelJson(await labels.get(principalOf(res), labelId(req))));
  });

  router.put(`${BASE}/:label_id`, json, async (req: Request, res: Response) => {
    const id = labelId(req);
    const label = await labels.update(principalOf(res), id, parseBody(LabelReqSchema, req.body));
    await audit.record(principalOf(res), { operation: 'update', resourceType: 'label', resource: label.name, projectId: label.projectId }, req.ip);
    res.status(200).end();
  });

  router.delete(`${BASE}/:label_id`, async (req: Request, res: Response) => {
    const label = await labels.delete(principalOf(res), labelId(req));
    await audit.record(principalOf(res), { operation: 'delete', resourceType: 'label', resource: label.name, projectId: label.projectId }, req.ip);
    res.status(200).end();
  });
}
