// /api/v2.0/projects: list (visible projects, paged), HEAD by name, create, get, update, delete,
// _deletable and summary — Harbor's paths, parameters, JSON and status codes.
import express, { type Request, type Response, type Router } from 'express';
import { ProjectReqSchema, ProjectUpdateReqSchema } from '@harbor/contracts';
import { jsonBody, parseBody } from '../validate.js';
import type { AuditService } from '../../domain/audit/audit.service.js';
import type { ProjectService, ProjectView } from '../../domain/projects/project.service.js';
import { ApiError } from '../errors.js';
import { principalOf } from '../middleware/security.middleware.js';
import { paginationHeaders, parsePagination, parseQ, parseSort } from '../query.js';
import { pathProject } from '../artifact-params.js';

const SORTABLE: Record<string, 'name' | 'creationTime' | 'updateTime' | 'id'> = {
  name: 'name', creation_time: 'creationTime', update_time: 'updateTime', project_id: 'id',
};

export function toProjectJson(p: ProjectView): Record<string, unknown> {
  return {
    project_id: p.id,
    owner_id: p.ownerId,
    name: p.name,
    registry_id: 0,
    creation_time: p.creationTime.toISOString(),
    update_time: p.updateTime.toISOString(),
    deleted: false,
    owner_name: p.ownerName,
    togglable: true,
    current_user_role_id: p.currentUserRoleIds.length ? Math.min(...p.currentUserRoleIds) : 0,
    current_user_role_ids: p.currentUserRoleIds,
    repo_count: p.repoCount,
    metadata: p.metadata,
    cve_allowlist: { id: 0, project_id: p.id, items: [], creation_time: p.creationTime.toISOString(), update_time: p.updateTime.toISOString() },
  };
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

export function registerProjectRoutes(router: Router, projects: ProjectService, audit: AuditService): void {
  const json = jsonBody('1mb');

  // Registered before GET, which would otherwise answer HEAD requests too.
  router.head('/api/v2.0/projects', async (req: Request, res: Response) => {
    const name = str((req.query as Record<string, unknown>).project_name);
    if (!name) throw new ApiError('BAD_REQUEST', 'project_name is required');
    const found = await projects.resolve(name, true).then(() => true, () => false);
    res.status(found ? 200 : 404).end();
  });

  router.get('/api/v2.0/projects', async (req: Request, res: Response) => {
    const q = req.query as Record<string, unknown>;
    const { page, pageSize, offset, limit } = parsePagination(q);
    const sort = parseSort(str(q.sort) ?? '', Object.keys(SORTABLE)).map((s) => ({ [SORTABLE[s.field]]: s.desc ? 'desc' : 'asc' }) as const);
    // `q` (name exact or fuzzy, public, owner) first; the plain parameters win over it, as in Harbor.
    const terms = new Map(parseQ(str(q.q) ?? '').map((t) => [t.key, t]));
    const nameTerm = terms.get('name');
    let name = nameTerm && (nameTerm.kind === 'exact' || nameTerm.kind === 'fuzzy') ? { value: nameTerm.value!, fuzzy: nameTerm.kind === 'fuzzy' } : undefined;
    if (str(q.name)) name = { value: str(q.name)!, fuzzy: true };
    const exact = (key: string) => { const t = terms.get(key); return t?.kind === 'exact' ? t.value : undefined; };
    const publicFlag = str(q.public) ?? exact('public');
    const { total, items } = await projects.list(principalOf(res), {
      name,
      public: publicFlag === undefined ? undefined : publicFlag === 'true',
      owner: str(q.owner) ?? exact('owner'),
    }, { offset, limit }, sort);
    for (const [k, v] of Object.entries(paginationHeaders(req.path, q, page, pageSize, total))) res.setHeader(k, v);
    res.json(items.map(toProjectJson));
  });

  router.post('/api/v2.0/projects', json, async (req: Request, res: Response) => {
    const body = parseBody(ProjectReqSchema, req.body);
    const id = await projects.create(principalOf(res), {
      name: body.project_name, public: body.public, metadata: body.metadata as Record<string, string> | undefined, storageLimit: body.storage_limit,
    });
    await audit.record(principalOf(res), { operation: 'create', resourceType: 'project', resource: body.project_name, projectId: id }, req.ip);
    res.setHeader('Location', `/api/v2.0/projects/${id}`);
    res.status(201).end();
  });

  router.get('/api/v2.0/projects/:project', async (req: Request, res: Response) => {
    res.json(toProjectJson(await projects.view(principalOf(res), await pathProject(projects, req, res))));
  });

  router.put('/api/v2.0/projects/:project', json, async (req: Request, res: Response) => {
    const body = parseBody(ProjectUpdateReqSchema, req.body);
    const metadata: Record<string, string> = { ...(body.metadata ?? {}) };
    if (body.public !== undefined) metadata.public = String(body.public);
    const project = await pathProject(projects, req, res);
    await projects.update(principalOf(res), project, metadata);
    await audit.record(principalOf(res), { operation: 'update', resourceType: 'project', resource: project.name, projectId: project.id }, req.ip);
    res.status(200).end();
  });

  router.delete('/api/v2.0/projects/:project', async (req: Request, res: Response) => {
    const project = await pathProject(projects, req, res);
    await projects.delete(principalOf(res), project);
    await audit.record(principalOf(res), { operation: 'delete', resourceType: 'project', resource: project.name, projectId: project.id }, req.ip);
    res.status(200).end();
  });

  router.get('/api/v2.0/projects/:project/_deletable', async (req: Request, res: Response) => {
    const project = await pathProject(projects, req, res);
    await projects.authorize(principalOf(res), project, 'project', 'delete');
    res.json(await projects.deletable(project));
  });

  router.get('/api/v2.0/projects/:project/summary', async (req: Request, res: Response) => {
    res.json(await projects.summary(principalOf(res), await pathProject(projects, req, res)));
  });
}
