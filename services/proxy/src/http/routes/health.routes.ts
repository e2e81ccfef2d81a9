// The proxy's own liveness probe; answered here, never forwarded.
import type { Express, Request, Response } from 'express';

export function registerHealthRoutes(app: Express): void {
  app.get('/healthz', (_req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok' });
  });
}
