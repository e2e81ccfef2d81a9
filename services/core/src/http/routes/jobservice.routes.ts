// /api/v2.0/jobservice/pools[/{pool_id}/workers], /jobservice/jobs/{job_id}[/log], /jobservice/queues[/{job_type}],
// /schedules and /schedules/{job_type}/paused — Harbor's job service monitor, for system administrators.
import type { Request, Response, Router } from 'express';
import { ActionRequestSchema } from '@harbor/contracts';
import type { AuditService } from '../../domain/audit/audit.service.js';
import type { JobserviceMonitor } from '../../domain/jobs/jobservice-monitor.service.js';
import { ApiError } from '../errors.js';
import { principalOf } from '../middleware/security.middleware.js';
import { paginationHeaders, parsePagination, type QueryInput } from '../query.js';
import { jsonBody, parseBody } from '../validate.js';

const BASE = '/api/v2.0/jobservice';

export function registerJobserviceRoutes(router: Router, monitor: JobserviceMonitor, audit: AuditService): void {
  const json = jsonBody('16kb');

  router.get(`${BASE}/pools`, async (_req: Request, res: Response) => {
    res.json(await monitor.pools(principalOf(res)));
  });

  router.get(`${BASE}/pools/:pool_id/workers`, async (req: Request, res: Response) => {
    res.json(await monitor.workers(principalOf(res), String(req.params.pool_id)));
  });

  router.put(`${BASE}/jobs/:job_id`, async (req: Request, res: Response) => {
    await monitor.stopJob(principalOf(res), String(req.params.job_id));
    await audit.record(principalOf(res), { operation: 'update', resourceType: 'job', resource: String(req.params.job_id) }, req.ip);
    res.status(200).end();
  });

  router.get(`${BASE}/jobs/:job_id/log`, async (req: Request, res: Response) => {
    res.type('text/plain; charset=utf-8').send(await monitor.jobLog(principalOf(res), String(req.params.job_id)));
  });

  router.get(`${BASE}/queues`, async (_req: Request, res: Response) => {
    res.json(await monitor.queueList(principalOf(res)));
  });

  router.put(`${BASE}/queues/:job_type`, json, async (req: Request, res: Response) => {
    const body = req.body as { action?: unknown } | undefined;
    if (body?.action !== undefined && !['stop', 'pause', 'resume'].includes(String(body.action))) {
      throw new ApiError('UNPROCESSABLE_ENTITY', 'action in body should be one of [stop pause resume]');
    }
    const { action } = parseBody(ActionRequestSchema, req.body);
    await monitor.queueAction(principalOf(res), String(req.params.job_type), action);
    await audit.record(principalOf(res), { operation: 'update', resourceType: 'job_queue', resource: `${String(req.params.job_type)}:${action}` }, req.ip);
    res.status(200).end();
  });

  router.get('/api/v2.0/schedules', async (req: Request, res: Response) => {
    const q = req.query as QueryInput;
    const { page, pageSize, offset, limit } = parsePagination(q);
    const { total, items } = await monitor.scheduleList(principalOf(res), { offset, limit });
    for (const [k, v] of Object.entries(paginationHeaders(req.path, q, page, pageSize, total))) res.setHeader(k, v);
    res.json(items.map((s) => ({ id: s.id, vendor_type: s.vendorType, vendor_id: s.vendorId, cron: s.cron, update_time: s.updateTime.toISOString() })));
  });

  router.get('/api/v2.0/schedules/:job_type/paused', async (req: Request, res: Response) => {
    res.json({ paused: await monitor.schedulerPaused(principalOf(res), String(req.params.job_type)) });
  });
}
