// /api/v2.0/repositories and /api/v2.0/projects/{project_name}/repositories[/{repository_name}]: list
// every visible repository, list a project's, get, update the description, delete.
import type { Request, Response, Router } from 'express';
import { RepositoryReqSchema } from '@harbor/contracts';
import type { Prisma } from '@harbor/db';
import type { AuditService } from '../../domain/audit/audit.service.js';
import type { RepositoryService } from '../../domain/artifacts/repository.service.js';
import { checkInt32, filterTerms, projectPath, repositoryPath, setPageHeaders } from '../artifact-params.js';
import { repositoryJson } from '../artifact-json.js';
import { ApiError } from '../errors.js';
import { principalOf } from '../middleware/security.middleware.js';
import { parsePagination, parseSort, queryParam, toPrismaOrderBy, toPrismaWhere, type FieldMap, type QueryInput } from '../query.js';
import { jsonBody, parseBody } from '../validate.js';

export interface RepositoryRouteDeps {
  repositories: RepositoryService;
  audit: AuditService;
}

/** Harbor's repository keys (columns of RepoRecord) for `q` and `sort`. */
const FIELDS: FieldMap = {
  repository_id: { column: 'id', type: 'int' },
  name: { column: 'name', type: 'string' },
  project_id: { column: 'projectId', type: 'int' },
  description: { column: 'description', type: 'string' },
  pull_count: { column: 'pullCount', type: 'int' },
  creation_time: { column: 'creationTime', type: 'date' },
  update_time: { column: 'updateTime', type: 'date' },
};
const INT32_KEYS = ['repository_id', 'project_id', 'pull_count'];

async function listQuery(req: Request, deps: RepositoryRouteDeps) {
  const q = req.query as QueryInput;
  const { page, pageSize, offset, limit } = parsePagination(q);
  const terms = filterTerms(q);
  checkInt32(terms, INT32_KEYS);
  const where: Prisma.RepositoryWhereInput[] = [toPrismaWhere(terms.filter((t) => t.key !== 'blob_digest'), FIELDS) as Prisma.RepositoryWhereInput];
  const blob = terms.find((t) => t.key === 'blob_digest');
  if (blob?.kind === 'exact') where.push(await deps.repositories.holdingBlob(blob.value));
  const orderBy = toPrismaOrderBy(parseSort(queryParam(q, 'sort') ?? '', Object.keys(FIELDS)), FIELDS) as Prisma.RepositoryOrderByWithRelationInput[];
  return { pageNumber: page, pageSize, page: { offset, limit }, where: { AND: where }, orderBy };
}

export function registerRepositoryRoutes(router: Router, deps: RepositoryRouteDeps): void {
  const { repositories, audit } = deps;
  const json = jsonBody('1mb');
  const one = '/api/v2.0/projects/:project/repositories/:repository';

  router.get('/api/v2.0/repositories', async (req: Request, res: Response) => {
    const l = await listQuery(req, deps);
    const { total, items } = await repositories.listVisible(principalOf(res), l.where, l.page, l.orderBy);
    setPageHeaders(req, res, l.pageNumber, l.pageSize, total);
    res.json(items.map(repositoryJson));
  });

  router.get('/api/v2.0/projects/:project/repositories', async (req: Request, res: Response) => {
    let l: Awaited<ReturnType<typeof listQuery>> | undefined;
    const { total, items } = await repositories.listInProject(principalOf(res), projectPath(req), async () => (l = await listQuery(req, deps)));
    setPageHeaders(req, res, l!.pageNumber, l!.pageSize, total);
    res.json(items.map(repositoryJson));
  });

  router.get(one, async (req: Request, res: Response) => {
    res.json(repositoryJson(await repositories.get(principalOf(res), repositoryPath(req))));
  });

  router.put(one, json, async (req: Request, res: Response) => {
    if (req.body === undefined) throw new ApiError('UNPROCESSABLE_ENTITY', 'repository in body is required');
    const body = parseBody(RepositoryReqSchema, req.body);
    await repositories.updateDescription(principalOf(res), repositoryPath(req), body.description ?? '');
    res.status(200).end();
  });

  router.delete(one, async (req: Request, res: Response) => {
    const repo = await repositories.delete(principalOf(res), repositoryPath(req));
    await audit.record(principalOf(res), { operation: 'delete', resourceType: 'repository', resource: repo.name, projectId: repo.projectId }, req.ip);
    res.status(200).end();
  });
}
