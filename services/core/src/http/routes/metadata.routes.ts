// /api/v2.0/projects/{project_name_or_id}/metadatas[/{meta_name}]: a project's settings one at a time.
import type { Request, Response, Router } from 'express';
import { ProjectMetadataEntrySchema } from '@harbor/contracts';
import type { AuditService } from '../../domain/audit/audit.service.js';
import type { ProjectMetadataService } from '../../domain/projects/metadata.service.js';
import type { ProjectService } from '../../domain/projects/project.service.js';
import { principalOf } from '../middleware/security.middleware.js';
import { jsonBody, parseBody } from '../validate.js';
import { pathProject } from '../artifact-params.js';

export function registerMetadataRoutes(router: Router, projects: ProjectService, metadata: ProjectMetadataService, audit: AuditService): void {
  const json = jsonBody('64kb');
  const base = '/api/v2.0/projects/:project/metadatas';
  const record = (req: Request, res: Response, project: { id: number; name: string }) =>
    audit.record(principalOf(res), { operation: 'update', resourceType: 'project', resource: project.name, projectId: project.id }, req.ip);

  // Harbor's paths end in a slash for the collection; both spellings are served.
  router.get([base, `${base}/`], async (req: Request, res: Response) => {
    res.json(await metadata.list(principalOf(res), await pathProject(projects, req, res)));
  });
  router.post([base, `${base}/`], json, async (req: Request, res: Response) => {
    const project = await pathProject(projects, req, res);
    await metadata.add(principalOf(res), project, parseBody(ProjectMetadataEntrySchema, req.body));
    await record(req, res, project);
    res.status(200).end();
  });
  router.get(`${base}/:meta_name`, async (req: Request, res: Response) => {
    res.json(await metadata.get(principalOf(res), await pathProject(projects, req, res), String(req.params.meta_name)));
  });
  router.put(`${base}/:meta_name`, json, async (req: Request, res: Response) => {
    const project = await pathProject(projects, req, res);
    await metadata.update(principalOf(res), project, String(req.params.meta_name), parseBody(ProjectMetadataEntrySchema, req.body));
    await record(req, res, project);
    res.status(200).end();
  });
  router.delete(`${base}/:meta_name`, async (req: Request, res: Response) => {
    const project = await pathProject(projects, req, res);
    await metadata.delete(principalOf(res), project, String(req.params.meta_name));
    await record(req, res, project);
    res.status(200).end();
  });
}
