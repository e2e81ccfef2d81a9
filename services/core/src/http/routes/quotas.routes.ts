// /api/v2.0/quotas: list (reference, reference_id, sort, paging), get and update by id — Harbor's paths,
// parameters, JSON (`Quota`: id, ref {id, name, owner_name}, hard, used, times) and status codes.
import type { Request, Response, Router } from 'express';
import { QuotaUpdateReqSchema } from '@harbor/contracts';
import type { AuditService } from '../../domain/audit/audit.service.js';
import type { QuotaService } from '../../domain/quotas/quota.service.js';
import type { QuotaRecord } from '../../store/quota.repo.js';
import { ApiError } from '../errors.js';
import { principalOf } from '../middleware/security.middleware.js';
import { paginationHeaders, parsePagination, queryParam, type QueryInput, int64Path } from '../query.js';
import { jsonBody, parseBody } from '../validate.js';

const BASE = '/api/v2.0/quotas';

export function toQuotaJson(q: QuotaRecord): Record<string, unknown> {
  return {
    id: q.id,
    ...(q.project ? { ref: { id: q.project.id, name: q.project.name, owner_name: q.project.ownerName } } : {}),
    hard: q.hard,
    used: q.used,
    creation_time: q.creationTime.toISOString(),
    update_time: q.updateTime.toISOString(),
  };
}

export function registerQuotaRoutes(router: Router, quotas: QuotaService, audit: AuditService): void {
  const json = jsonBody('64kb');

  router.get(BASE, async (req: Request, res: Response) => {
    const q = req.query as QueryInput;
    const { page, pageSize, offset, limit } = parsePagination(q);
    const filter = { reference: queryParam(q, 'reference') || undefined, referenceId: queryParam(q, 'reference_id') || undefined };
    const { total, items } = await quotas.list(principalOf(res), filter, { offset, limit }, queryParam(q, 'sort') ?? '');
    for (const [k, v] of Object.entries(paginationHeaders(req.path, q, page, pageSize, total))) res.setHeader(k, v);
    res.json(items.map(toQuotaJson));
  });

  router.get(`${BASE}/:id`, async (req: Request, res: Response) => {
    res.json(toQuotaJson(await quotas.get(principalOf(res), int64Path(req, 'id'))));
  });

  router.put(`${BASE}/:id`, json, async (req: Request, res: Response) => {
    const id = int64Path(req, 'id');
    quotas.authorize(principalOf(res), 'update');
    const body = req.body as { hard?: unknown } | undefined;
    const hard = body && typeof body === 'object' ? body.hard : undefined;
    if (!hard || (typeof hard === 'object' && Object.keys(hard).length === 0)) throw new ApiError('BAD_REQUEST', 'hard required in body');
    const { hard: limits } = parseBody(QuotaUpdateReqSchema, req.body);
    const quota = await quotas.update(principalOf(res), id, limits.storage);
    const resource = quota.project ? quota.project.name : `${quota.reference}/${quota.referenceId}`;
    await audit.record(principalOf(res), { operation: 'update', resourceType: 'quota', resource, projectId: quota.project?.id ?? 0 }, req.ip);
    res.status(200).end();
  });
}
