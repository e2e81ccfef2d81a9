// What hangs off one artifact: tags (list, create, delete), accessories (list), additions (build
// history, chart files, vulnerabilities) and labels (add, remove), under
// /api/v2.0/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/….
import type { Request, Response, Router } from 'express';
import { LabelReqSchema, NewTagSchema } from '@harbor/contracts';
import type { Prisma } from '@harbor/db';
import { checkAdditionName, type AdditionService } from '../../domain/artifacts/addition.service.js';
import type { ArtifactService } from '../../domain/artifacts/artifact.service.js';
import type { TagService } from '../../domain/artifacts/tag.service.js';
import type { AuditService } from '../../domain/audit/audit.service.js';
import { checkInt32, filterTerms, flag, repositoryPath, setPageHeaders } from '../artifact-params.js';
import { accessoryJson, tagJson } from '../artifact-json.js';
import { ApiError } from '../errors.js';
import { principalOf } from '../middleware/security.middleware.js';
import { parsePagination, parseSort, queryParam, toPrismaOrderBy, toPrismaWhere, type FieldMap, type QueryInput, int64Path } from '../query.js';
import { jsonBody, parseBody } from '../validate.js';

export interface ArtifactItemRouteDeps {
  artifacts: ArtifactService;
  artifactTags: TagService;
  artifactAdditions: AdditionService;
  audit: AuditService;
}

const TAG_FIELDS: FieldMap = {
  id: { column: 'id', type: 'int' },
  repository_id: { column: 'repositoryId', type: 'int' },
  artifact_id: { column: 'artifactId', type: 'int' },
  name: { column: 'name', type: 'string' },
  push_time: { column: 'pushTime', type: 'date' },
  pull_time: { column: 'pullTime', type: 'date' },
};

const ACCESSORY_FIELDS: FieldMap = {
  id: { column: 'id', type: 'int' },
  artifact_id: { column: 'artifactId', type: 'int' },
  subject_artifact_id: { column: 'subjectArtifactId', type: 'int' },
  subject_artifact_repo: { column: 'subjectArtifactRepo', type: 'string' },
  subject_artifact_digest: { column: 'subjectArtifactDigest', type: 'string' },
  type: { column: 'type', type: 'string' },
  size: { column: 'size', type: 'int' },
  digest: { column: 'digest', type: 'string' },
  creation_time: { column: 'creationTime', type: 'date' },
};

/** `q` and `sort` of a small list, in Prisma's shapes. */
function prismaQuery(q: QueryInput, fields: FieldMap, int32: string[]) {
  const terms = filterTerms(q);
  checkInt32(terms, int32);
  return { where: toPrismaWhere(terms, fields), orderBy: toPrismaOrderBy(parseSort(queryParam(q, 'sort') ?? '', Object.keys(fields)), fields) };
}

export function registerArtifactItemRoutes(router: Router, deps: ArtifactItemRouteDeps): void {
  const { artifacts, artifactTags: tags, artifactAdditions: additions, audit } = deps;
  const json = jsonBody('64kb');
  const base = '/api/v2.0/projects/:project/repositories/:repository/artifacts/:reference';
  const ref = (req: Request) => String(req.params.reference);

  router.get(`${base}/tags`, async (req: Request, res: Response) => {
    const q = req.query as QueryInput;
    const { page, pageSize, offset, limit } = parsePagination(q);
    const { where, orderBy } = prismaQuery(q, TAG_FIELDS, ['id', 'repository_id', 'artifact_id']);
    const { total, items } = await tags.list(principalOf(res), repositoryPath(req), ref(req), where as Prisma.TagWhereInput,
      { offset, limit }, orderBy as Prisma.TagOrderByWithRelationInput[], flag(q, 'with_immutable_status', false));
    setPageHeaders(req, res, page, pageSize, total);
    res.json(items.map(tagJson));
  });

  router.post(`${base}/tags`, json, async (req: Request, res: Response) => {
    if (req.body === undefined) throw new ApiError('UNPROCESSABLE_ENTITY', 'tag in body is required');
    const { name } = parseBody(NewTagSchema, req.body);
    const { repo, project } = await tags.create(principalOf(res), repositoryPath(req), ref(req), name);
    await audit.record(principalOf(res), { operation: 'create', resourceType: 'tag', resource: `${repo.name}:${name}`, projectId: project.id }, req.ip);
    res.status(201).end();
  });

  router.delete(`${base}/tags/:tag`, async (req: Request, res: Response) => {
    const name = String(req.params.tag);
    const { repo, project } = await tags.delete(principalOf(res), repositoryPath(req), ref(req), name);
    await audit.record(principalOf(res), { operation: 'delete', resourceType: 'tag', resource: `${repo.name}:${name}`, projectId: project.id }, req.ip);
    res.status(200).end();
  });

  router.get(`${base}/accessories`, async (req: Request, res: Response) => {
    const q = req.query as QueryInput;
    const { page, pageSize, offset, limit } = parsePagination(q);
    const { where, orderBy } = prismaQuery(q, ACCESSORY_FIELDS, ['id', 'artifact_id', 'subject_artifact_id']);
    const { total, items } = await artifacts.listAccessories(principalOf(res), repositoryPath(req), ref(req), where as Prisma.AccessoryWhereInput,
      { offset, limit }, orderBy as Prisma.AccessoryOrderByWithRelationInput[]);
    setPageHeaders(req, res, page, pageSize, total);
    res.json(items.map(accessoryJson));
  });

  router.get(`${base}/additions/vulnerabilities`, async (req: Request, res: Response) => {
    await artifacts.forAddition(principalOf(res), repositoryPath(req), ref(req));
    const addition = additions.vulnerabilities();
    res.setHeader('Content-Type', addition.contentType);
    res.send(addition.content);
  });

  router.get(`${base}/additions/:addition`, async (req: Request, res: Response) => {
    const name = String(req.params.addition);
    checkAdditionName(name);
    const artifact = await artifacts.forAddition(principalOf(res), repositoryPath(req), ref(req));
    const addition = await additions.get(artifact, name);
    res.setHeader('Content-Type', addition.contentType);
    res.send(addition.content);
  });

  router.post(`${base}/labels`, json, async (req: Request, res: Response) => {
    if (req.body === undefined) throw new ApiError('UNPROCESSABLE_ENTITY', 'label in body is required');
    const body = parseBody(LabelReqSchema, req.body);
    await tags.addLabel(principalOf(res), repositoryPath(req), ref(req), body.id ?? 0);
    res.status(200).end();
  });

  router.delete(`${base}/labels/:labelId`, async (req: Request, res: Response) => {
    await tags.removeLabel(principalOf(res), repositoryPath(req), ref(req), int64Path(req, 'labelId', 'label_id'));
    res.status(200).end();
  });
}
