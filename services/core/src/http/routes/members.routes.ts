// /api/v2.0/projects/{project}/members: list (paged, by entity name), add a user with a role, get,
// change role, remove.
import express, { type Request, type Response, type Router } from 'express';
import { ProjectMemberSchema, RoleRequestSchema } from '@harbor/contracts';
import type { AuditService } from '../../domain/audit/audit.service.js';
import type { MemberService, MemberView } from '../../domain/projects/member.service.js';
import type { ProjectService } from '../../domain/projects/project.service.js';
import { ApiError } from '../errors.js';
import { principalOf } from '../middleware/security.middleware.js';
import { paginationHeaders, parsePagination, queryParam } from '../query.js';
import { jsonBody, parseBody } from '../validate.js';
import { pathProject } from '../artifact-params.js';

const toJson = (m: MemberView) => ({
  id: m.id, project_id: m.projectId, entity_name: m.entityName, role_name: m.roleName, role_id: m.role,
  entity_id: m.entityId, entity_type: m.entityType,
});

function memberId(req: Request): number {
  const id = Number(req.params.mid);
  if (!Number.isSafeInteger(id) || id <= 0) throw new ApiError('BAD_REQUEST', `invalid member id ${String(req.params.mid)}`);
  return id;
}

export function registerMemberRoutes(router: Router, projects: ProjectService, members: MemberService, audit: AuditService): void {
  const json = jsonBody('64kb');
  const base = '/api/v2.0/projects/:project/members';

  router.get(base, async (req: Request, res: Response) => {
    const q = req.query as Record<string, unknown>;
    const { page, pageSize, offset, limit } = parsePagination(q);
    const { total, items } = await members.list(principalOf(res), await pathProject(projects, req, res), queryParam(q, 'entityname'), { offset, limit });
    for (const [k, v] of Object.entries(paginationHeaders(req.path, q, page, pageSize, total))) res.setHeader(k, v);
    res.json(items.map(toJson));
  });

  router.post(base, json, async (req: Request, res: Response) => {
    const body = parseBody(ProjectMemberSchema, req.body);
    const project = await pathProject(projects, req, res);
    const id = await members.add(principalOf(res), project, {
      roleId: body.role_id, userId: body.member_user?.user_id, username: body.member_user?.username, group: body.member_group !== undefined,
    });
    const who = body.member_user?.username ?? String(body.member_user?.user_id ?? '');
    await audit.record(principalOf(res), { operation: 'create', resourceType: 'project_member', resource: `${project.name}:${who}`, projectId: project.id }, req.ip);
    res.setHeader('Location', `/api/v2.0/projects/${String(req.params.project)}/members/${id}`);
    res.status(201).end();
  });

  router.get(`${base}/:mid`, async (req: Request, res: Response) => {
    res.json(toJson(await members.get(principalOf(res), await pathProject(projects, req, res), memberId(req))));
  });

  router.put(`${base}/:mid`, json, async (req: Request, res: Response) => {
    const body = parseBody(RoleRequestSchema, req.body);
    const project = await pathProject(projects, req, res);
    await members.updateRole(principalOf(res), project, memberId(req), body.role_id);
    await audit.record(principalOf(res), { operation: 'update', resourceType: 'project_member', resource: `${project.name}:${memberId(req)}`, projectId: project.id }, req.ip);
    res.status(200).end();
  });

  router.delete(`${base}/:mid`, async (req: Request, res: Response) => {
    const project = await pathProject(projects, req, res);
    await members.remove(principalOf(res), project, memberId(req));
    await audit.record(principalOf(res), { operation: 'delete', resourceType: 'project_member', resource: `${project.name}:${memberId(req)}`, projectId: project.id }, req.ip);
    res.status(200).end();
  });
}
