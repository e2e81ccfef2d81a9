// /api/v2.0/projects/{project_name}/repositories/{repository_name}/artifacts[/{reference}]: list with
// Harbor's filters, get, delete, and copy from another repository (POST ?from=).
import type { Request, Response, Router } from 'express';
import type { ArtifactCopyService } from '../../domain/artifacts/artifact-copy.service.js';
import type { ArtifactService, ListQuery } from '../../domain/artifacts/artifact.service.js';
import type { ViewOptions } from '../../domain/artifacts/artifact-view.js';
import { isDigestReference } from '../../domain/artifacts/locator.js';
import type { AuditService } from '../../domain/audit/audit.service.js';
import type { ArtifactSort, TagFilter } from '../../store/artifact.repo.js';
import { checkInt32, filterTerms, flag, repositoryPath, setPageHeaders } from '../artifact-params.js';
import { artifactJson } from '../artifact-json.js';
import { ApiError } from '../errors.js';
import { principalOf } from '../middleware/security.middleware.js';
import { parsePagination, parseSort, QueryError, queryParam, toPrismaWhere, type FieldMap, type QueryInput, type QueryTerm } from '../query.js';

export interface ArtifactRouteDeps {
  artifacts: ArtifactService;
  artifactCopy: ArtifactCopyService;
  audit: AuditService;
}

/** Columns of Harbor's artifact model that `q` filters on (besides tags, labels and base). */
const FIELDS: FieldMap = {
  id: { column: 'id', type: 'int' },
  type: { column: 'type', type: 'string' },
  media_type: { column: 'mediaType', type: 'string' },
  manifest_media_type: { column: 'manifestMediaType', type: 'string' },
  artifact_type: { column: 'artifactType', type: 'string' },
  project_id: { column: 'projectId', type: 'int' },
  repository_id: { column: 'repositoryId', type: 'int' },
  repository_name: { column: 'repositoryName', type: 'string' },
  digest: { column: 'digest', type: 'string' },
  size: { column: 'size', type: 'int' },
  push_time: { column: 'pushTime', type: 'date' },
  pull_time: { column: 'pullTime', type: 'date' },
};
const SORTS: Record<string, ArtifactSort['field']> = {
  id: 'id', type: 'type', media_type: 'mediaType', manifest_media_type: 'manifestMediaType', artifact_type: 'artifactType',
  digest: 'digest', size: 'size', push_time: 'pushTime', pull_time: 'pullTime', repository_name: 'repositoryName',
};
const SPECIAL = new Set(['tags', 'Tags', 'labels', 'Labels', 'base']);

function tagFilter(t: QueryTerm): TagFilter {
  if (t.kind === 'fuzzy') return { kind: 'fuzzy', text: t.value };
  if (t.kind !== 'exact') throw new QueryError('the value of "tags" query can only be fuzzy match value or exact match value');
  if (t.value === '*') return { kind: 'tagged' };
  if (t.value === 'nil') return { kind: 'untagged' };
  return { kind: 'exact', name: t.value };
}

function labelIds(t: QueryTerm): number[] {
  if (t.kind !== 'and' || !t.values.every((v) => /^[+-]?\d+$/.test(v))) {
    throw new QueryError('the value of "labels" query can only be integer list with intersection relationship');
  }
  return t.values.map(Number);
}

/** `q`, `sort` and paging of the artifact list, as Harbor's artifact DAO reads them. */
function listQuery(q: QueryInput, page: { offset: number; limit: number | undefined }): ListQuery {
  const terms = filterTerms(q);
  checkInt32(terms, ['id', 'project_id', 'repository_id', 'labels', 'Labels']);
  const filter: ListQuery['filter'] = { where: toPrismaWhere(terms.filter((t) => !SPECIAL.has(t.key)), FIELDS) };
  for (const t of terms) {
    if (t.key === 'tags' || t.key === 'Tags') filter.tags = tagFilter(t);
    else if (t.key === 'labels' || t.key === 'Labels') filter.labelIds = labelIds(t);
    else if (t.key === 'base') {
      if (t.kind !== 'exact' || t.value !== '*') throw new QueryError('the value of "base" query can only be exact match value with "*"');
      filter.all = true;
    }
  }
  const sorts = parseSort(queryParam(q, 'sort') ?? '', Object.keys(SORTS)).map((s) => ({ field: SORTS[s.field], desc: s.desc }));
  return { filter, page, sorts };
}

export function viewOptions(q: QueryInput): ViewOptions {
  return {
    withTag: flag(q, 'with_tag', true),
    withLabel: flag(q, 'with_label', false),
    withAccessory: flag(q, 'with_accessory', false),
    withInheritedAccessory: flag(q, 'with_inherited_accessory', false),
    withImmutableStatus: flag(q, 'with_immutable_status', false),
  };
}

/** How an artifact reference reads in the audit log: `repo:tag` or `repo@digest`. */
export function auditResource(repository: string, reference: string): string {
  return `${repository}${isDigestReference(reference) ? '@' : ':'}${reference}`;
}

export function registerArtifactRoutes(router: Router, deps: ArtifactRouteDeps): void {
  const { artifacts, artifactCopy, audit } = deps;
  const list = '/api/v2.0/projects/:project/repositories/:repository/artifacts';
  const one = `${list}/:reference`;

  router.get(list, async (req: Request, res: Response) => {
    const q = req.query as QueryInput;
    const { page, pageSize, offset, limit } = parsePagination(q);
    const { total, items } = await artifacts.list(principalOf(res), repositoryPath(req), () => listQuery(q, { offset, limit }), viewOptions(q));
    setPageHeaders(req, res, page, pageSize, total);
    res.json(items.map(artifactJson));
  });

  router.post(list, async (req: Request, res: Response) => {
    const from = queryParam(req.query as QueryInput, 'from');
    if (from === undefined) throw new ApiError('UNPROCESSABLE_ENTITY', 'from in query is required');
    const dst = repositoryPath(req);
    const copied = await artifactCopy.copy(principalOf(res), dst, from);
    await audit.record(principalOf(res), {
      operation: 'create', resourceType: 'artifact', resource: auditResource(copied.repository, copied.reference), projectId: copied.project.id,
    }, req.ip);
    let path = req.path;
    try {
      path = decodeURIComponent(req.path);
    } catch {
      // keep the path as sent
    }
    res.setHeader('Location', `${path.replace(/\/$/, '')}/${copied.reference}`);
    res.status(201).end();
  });

  router.get(one, async (req: Request, res: Response) => {
    const q = req.query as QueryInput;
    parsePagination(q); // the swagger declares page/page_size here too; bad values are still a 422
    res.json(artifactJson(await artifacts.get(principalOf(res), repositoryPath(req), String(req.params.reference), viewOptions(q))));
  });

  router.delete(one, async (req: Request, res: Response) => {
    const reference = String(req.params.reference);
    const { repo, project } = await artifacts.delete(principalOf(res), repositoryPath(req), reference);
    await audit.record(principalOf(res), { operation: 'delete', resourceType: 'artifact', resource: auditResource(repo.name, reference), projectId: project.id }, req.ip);
    res.status(200).end();
  });
}
