// /api/v2.0/robots: create (secret shown once), list per level (`q=Level=project,ProjectID=n`), get,
// update, refresh the secret (PATCH), delete — Harbor's paths, JSON and status codes. (Harbor's older
// /projects/{p}/robots API is gone from the v2.0 swagger, so it is not served.)
import express, { type Request, type Response, type Router } from 'express';
import { RobotCreateSchema, RobotSecSchema, RobotUpdateSchema } from '@harbor/contracts';
import type { Prisma } from '@harbor/db';
import type { AuditService } from '../../domain/audit/audit.service.js';
import type { RobotListQuery, RobotService, RobotView } from '../../domain/robots/robot.service.js';
import { ApiError } from '../errors.js';
import { principalOf } from '../middleware/security.middleware.js';
import { paginationHeaders, parsePagination, parseQ, parseSort, queryParam, toPrismaOrderBy, toPrismaWhere, type FieldMap, type QueryInput, int64Path } from '../query.js';
import { jsonBody, parseBody } from '../validate.js';

const BASE = '/api/v2.0/robots';

// What `q` and `sort` may name besides Level and ProjectID (the robot table's columns, as Harbor's
// ORM accepts them); other keys are ignored, as there.
const FIELDS: FieldMap = {
  id: { column: 'id', type: 'int' },
  name: { column: 'name', type: 'string' },
  description: { column: 'description', type: 'string' },
  duration: { column: 'duration', type: 'int' },
  disabled: { column: 'disabled', type: 'bool' },
  expiresat: { column: 'expiresAt', type: 'int' },
  expires_at: { column: 'expiresAt', type: 'int' },
  creator_type: { column: 'creatorType', type: 'string' },
  creator_ref: { column: 'creatorRef', type: 'int' },
  creation_time: { column: 'creationTime', type: 'date' },
  update_time: { column: 'updateTime', type: 'date' },
};

export function toRobotJson(r: RobotView): Record<string, unknown> {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    level: r.level,
    duration: r.duration,
    editable: true,
    disable: r.disabled,
    expires_at: r.expiresAt,
    permissions: r.permissions,
    creator_type: r.creatorType,
    creator_ref: r.creatorRef,
    creation_time: r.creationTime.toISOString(),
    update_time: r.updateTime.toISOString(),
  };
}

/**
 * Harbor's ListRobot: no Level lists system robots; `Level=project` needs `ProjectID`; both must be
 * plain values (a fuzzy, range or list value is a 400).
 */
export function robotListQuery(query: QueryInput): Omit<RobotListQuery, 'page'> {
  const terms = parseQ(queryParam(query, 'q') ?? '');
  const levelTerm = terms.find((t) => t.key === 'Level');
  const projectTerm = terms.find((t) => t.key === 'ProjectID');
  let level: RobotListQuery['level'] = 'system';
  let projectId = 0;
  if (levelTerm) {
    if (levelTerm.kind !== 'exact' || (levelTerm.value !== 'system' && levelTerm.value !== 'project')) {
      throw new ApiError('BAD_REQUEST', 'bad request error level input');
    }
    level = levelTerm.value;
    if (level === 'project') {
      if (!projectTerm) throw new ApiError('BAD_REQUEST', 'must with project ID when to query project robots');
      const id = projectTerm.kind === 'exact' && /^[+-]?\d+$/.test(projectTerm.value) ? Number(projectTerm.value) : NaN;
      if (!Number.isSafeInteger(id)) throw new ApiError('BAD_REQUEST', 'Project ID must be int type.');
      projectId = id;
    }
  }
  const rest = terms.filter((t) => t.key !== 'Level' && t.key !== 'ProjectID');
  const sort = parseSort(queryParam(query, 'sort') ?? '', Object.keys(FIELDS));
  const orderBy = (sort.length ? toPrismaOrderBy(sort, FIELDS) : [{ name: 'asc' }]) as Prisma.RobotOrderByWithRelationInput[];
  return { level, projectId, filter: toPrismaWhere(rest, FIELDS) as Prisma.RobotWhereInput, orderBy };
}

export function registerRobotRoutes(router: Router, robots: RobotService, audit: AuditService): void {
  const json = jsonBody('1mb');

  router.get(BASE, async (req: Request, res: Response) => {
    const q = req.query as QueryInput;
    const { page, pageSize, offset, limit } = parsePagination(q);
    const { total, items } = await robots.list(principalOf(res), { ...robotListQuery(q), page: { offset, limit } });
    for (const [k, v] of Object.entries(paginationHeaders(req.path, q, page, pageSize, total))) res.setHeader(k, v);
    res.json(items.map(toRobotJson));
  });

  router.post(BASE, json, async (req: Request, res: Response) => {
    const body = parseBody(RobotCreateSchema, req.body);
    const created = await robots.create(principalOf(res), body);
    await audit.record(principalOf(res), { operation: 'create', resourceType: 'robot', resource: created.name, projectId: created.projectId }, req.ip);
    res.setHeader('Location', `${BASE}/${created.id}`);
    res.status(201).json({
      id: created.id, name: created.name, secret: created.secret, creation_time: created.creationTime.toISOString(), expires_at: created.expiresAt,
    });
  });

  router.get(`${BASE}/:id`, async (req: Request, res: Response) => {
    res.json(toRobotJson(await robots.get(principalOf(res), int64Path(req, 'id', 'robot_id'))));
  });

  router.put(`${BASE}/:id`, json, async (req: Request, res: Response) => {
    const id = int64Path(req, 'id', 'robot_id');
    await robots.update(principalOf(res), id, parseBody(RobotUpdateSchema, req.body));
    res.status(200).end();
  });

  router.patch(`${BASE}/:id`, json, async (req: Request, res: Response) => {
    const id = int64Path(req, 'id', 'robot_id');
    const body = parseBody(RobotSecSchema, req.body);
    res.json(await robots.refreshSecret(principalOf(res), id, body.secret));
  });

  router.delete(`${BASE}/:id`, async (req: Request, res: Response) => {
    const deleted = await robots.delete(principalOf(res), int64Path(req, 'id', 'robot_id'));
    await audit.record(principalOf(res), { operation: 'delete', resourceType: 'robot', resource: deleted.name, projectId: deleted.projectId }, req.ip);
    res.status(200).end();
  });
}
