// Liveness and identity of the service: /api/v2.0/ping and /api/version, as Harbor answers them.
import type { Router } from 'express';

export function registerSystemRoutes(router: Router): void {
  router.get('/api/v2.0/ping', (_req, res) => {
    res.type('text/plain').send('Pong');
  });
  router.get('/api/version', (_req, res) => {
    res.json({ version: 'v2.0' });
  });
}
