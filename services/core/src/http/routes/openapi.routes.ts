// GET /api/v2.0/swagger.json: the OpenAPI document of this API, generated from the contracts once and
// served to anyone (as Harbor serves its swagger).
import type { Router } from 'express';
import { buildOpenApiDocument, OPERATIONS } from '@harbor/contracts';

export function registerOpenApiRoutes(router: Router, version: string): void {
  let body: string | undefined;
  router.get('/api/v2.0/swagger.json', (_req, res) => {
    body ??= JSON.stringify(buildOpenApiDocument(OPERATIONS, version));
    res.type('application/json').setHeader('Cache-Control', 'public, max-age=300');
    res.send(body);
  });
}
