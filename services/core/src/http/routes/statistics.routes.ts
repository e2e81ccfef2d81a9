// GET /api/v2.0/statistics: project and repository counts the caller may see (Harbor's `Statistic`).
import type { Router } from 'express';
import type { StatisticsService } from '../../domain/statistics/statistics.service.js';
import { principalOf } from '../middleware/security.middleware.js';

export function registerStatisticsRoutes(router: Router, statistics: StatisticsService): void {
  router.get('/api/v2.0/statistics', async (_req, res) => {
    res.json(await statistics.get(principalOf(res)));
  });
}
