// /api/v2.0/system/gc and /api/v2.0/system/purgeaudit: the run history (paged), one run, its log (text),
// stopping it (PUT), and the schedule (GET; POST creates — type Manual runs at once, 201 with the run's
// Location; PUT updates) — Harbor's paths, JSON (GCHistory/ExecHistory, Schedule) and status codes.
import type { Request, Response, Router } from 'express';
import { ScheduleSchema } from '@harbor/contracts';
import type { AuditService } from '../../domain/audit/audit.service.js';
import type { HistoryEntry, SystemJobsService } from '../../domain/jobs/system-jobs.service.js';
import { ApiError } from '../errors.js';
import { principalOf } from '../middleware/security.middleware.js';
import { paginationHeaders, parsePagination, type QueryInput, int64Path } from '../query.js';
import { jsonBody, parseBody } from '../validate.js';

export function historyJson(e: HistoryEntry): Record<string, unknown> {
  const x = e.execution;
  return {
    id: x.id,
    job_name: x.vendor_type,
    job_kind: x.trigger === 'SCHEDULE' ? 'SCHEDULE' : 'MANUAL',
    job_parameters: JSON.stringify(x.extra_attrs ?? {}),
    job_status: x.status,
    ...(e.schedule ? { schedule: e.schedule } : {}),
    deleted: false,
    creation_time: new Date(x.start_time).toISOString(),
    update_time: new Date(x.update_time).toISOString(),
  };
}

/** `resource`: the audit log's resource type for schedule changes (garbage_collection, purge_audit). */
export function registerSystemJobRoutes(router: Router, base: string, idName: string, service: SystemJobsService, audit: AuditService, resource: string): void {
  const json = jsonBody('64kb');

  router.get(base, async (req: Request, res: Response) => {
    const q = req.query as QueryInput;
    const { page, pageSize, offset, limit } = parsePagination(q);
    const { total, items } = await service.history(principalOf(res), { offset, limit });
    for (const [k, v] of Object.entries(paginationHeaders(req.path, q, page, pageSize, total))) res.setHeader(k, v);
    res.json(items.map(historyJson));
  });

  router.get(`${base}/schedule`, async (_req: Request, res: Response) => {
    res.json(await service.schedule(principalOf(res)));
  });

  const setSchedule = (creating: boolean) => async (req: Request, res: Response) => {
    const body = parseBody(ScheduleSchema, req.body);
    const runId = await service.setSchedule(principalOf(res), body, creating);
    await audit.record(principalOf(res), { operation: creating ? 'create' : 'update', resourceType: resource, resource: body.schedule?.type ?? '' }, req.ip);
    if (runId !== null) res.setHeader('Location', `${base}/${runId}`);
    res.status(creating ? 201 : 200).end();
  };
  router.post(`${base}/schedule`, json, setSchedule(true));
  router.put(`${base}/schedule`, json, setSchedule(false));

  router.get(`${base}/:${idName}`, async (req: Request, res: Response) => {
    res.json(historyJson(await service.get(principalOf(res), int64Path(req, idName))));
  });

  router.put(`${base}/:${idName}`, async (req: Request, res: Response) => {
    await service.stop(principalOf(res), int64Path(req, idName));
    res.status(200).end();
  });

  router.get(`${base}/:${idName}/log`, async (req: Request, res: Response) => {
    const log = await service.log(principalOf(res), int64Path(req, idName));
    res.type('text/plain; charset=utf-8').send(log);
  });
}
