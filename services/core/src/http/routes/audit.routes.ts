// /api/v2.0/audit-logs (everything for system admins; for others their projects' entries, as Harbor does)
// and /api/v2.0/projects/{project}/logs (project admins): paged,
// filterable with q (username, resource, resource_type, operation, op_time range), newest first.
import type { Request, Response, Router } from 'express';
import type { Prisma } from '@harbor/db';
import type { AuditService } from '../../domain/audit/audit.service.js';
import type { ProjectService } from '../../domain/projects/project.service.js';
import type { AuditRecord } from '../../store/audit.repo.js';
import { principalOf } from '../middleware/security.middleware.js';
import { paginationHeaders, parsePagination, parseQ, parseSort, queryParam, toPrismaOrderBy, toPrismaWhere, type FieldMap } from '../query.js';
import { pathProject } from '../artifact-params.js';

const FIELDS: FieldMap = {
  username: { column: 'username', type: 'string' },
  resource: { column: 'resource', type: 'string' },
  resource_type: { column: 'resourceType', type: 'string' },
  operation: { column: 'operation', type: 'string' },
  op_time: { column: 'opTime', type: 'date' },
};

const toJson = (r: AuditRecord) => ({
  id: r.id, username: r.username, resource: r.resource, resource_type: r.resourceType, operation: r.operation,
  op_time: r.opTime.toISOString(),
});

function listParams(req: Request) {
  const q = req.query as Record<string, unknown>;
  const pagination = parsePagination(q);
  const where = toPrismaWhere(parseQ(queryParam(q, 'q') ?? ''), FIELDS) as Prisma.AuditLogWhereInput;
  const orderBy = toPrismaOrderBy(parseSort(queryParam(q, 'sort') ?? '', Object.keys(FIELDS)), FIELDS) as Prisma.AuditLogOrderByWithRelationInput[];
  return { q, pagination, where, orderBy };
}

export function registerAuditRoutes(router: Router, projects: ProjectService, audit: AuditService): void {
  const send = (req: Request, res: Response, q: Record<string, unknown>, p: { page: number; pageSize: number }, total: number, items: AuditRecord[]) => {
    for (const [k, v] of Object.entries(paginationHeaders(req.path, q, p.page, p.pageSize, total))) res.setHeader(k, v);
    res.json(items.map(toJson));
  };

  router.get('/api/v2.0/audit-logs', async (req: Request, res: Response) => {
    const { q, pagination, where, orderBy } = listParams(req);
    const { total, items } = await audit.listAll(principalOf(res), where, { offset: pagination.offset, limit: pagination.limit }, orderBy);
    send(req, res, q, pagination, total, items);
  });

  router.get('/api/v2.0/projects/:project/logs', async (req: Request, res: Response) => {
    const { q, pagination, where, orderBy } = listParams(req);
    const project = await pathProject(projects, req, res);
    const { total, items } = await audit.listProject(principalOf(res), project, where, { offset: pagination.offset, limit: pagination.limit }, orderBy);
    send(req, res, q, pagination, total, items);
  });
}
