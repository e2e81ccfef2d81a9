// Core's HTTP application: one router module per resource, and the single place where errors become
// Harbor's error body.
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from '@harbor/telemetry';
import { ApiError, writeApiError } from './errors.js';
import { registerSystemRoutes } from './routes/system.routes.js';
import { registerTokenRoutes, type TokenRouteDeps } from './routes/token.routes.js';

export interface CoreHttpDeps extends TokenRouteDeps {
  logger: Logger;
}

export function createApp(deps: CoreHttpDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Behind the proxy the client address comes from X-Forwarded-For (loopback and private proxies only).
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  const router = express.Router();
  registerSystemRoutes(router);
  registerTokenRoutes(router, deps);
  app.use(router);
  app.use((_req: Request, _res: Response, next: NextFunction) => next(new ApiError('NOT_FOUND', 'not found')));
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof ApiError) return writeApiError(res, err);
    const status = (err as { status?: number; statusCode?: number }).status ?? (err as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      return writeApiError(res, new ApiError(status === 413 ? 'BAD_REQUEST' : 'BAD_REQUEST', (err as Error).message));
    }
    deps.logger.error({ err, method: req.method, path: req.path }, 'request failed');
    writeApiError(res, new ApiError('INTERNAL_SERVER_ERROR', 'internal error'));
  });
  return app;
}
