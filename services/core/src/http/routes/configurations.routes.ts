// /api/v2.0/configurations: the system settings for system administrators — GET answers every key as
// {value, editable} (never a secret), PUT takes any subset as {key: value} and writes all or none.
import type { Request, Response, Router } from 'express';
import type { AuditService } from '../../domain/audit/audit.service.js';
import type { ConfigService } from '../../domain/config/config.service.js';
import { principalOf } from '../middleware/security.middleware.js';
import { jsonBody } from '../validate.js';

export function registerConfigurationRoutes(router: Router, settings: ConfigService, audit: AuditService): void {
  router.get('/api/v2.0/configurations', async (_req: Request, res: Response) => {
    res.json(await settings.view(principalOf(res)));
  });

  router.put('/api/v2.0/configurations', jsonBody('1mb'), async (req: Request, res: Response) => {
    const keys = await settings.update(principalOf(res), req.body);
    if (keys.length > 0) {
      await audit.record(principalOf(res), { operation: 'update', resourceType: 'configuration', resource: keys.join(',') }, req.ip);
    }
    res.status(200).end();
  });
}
