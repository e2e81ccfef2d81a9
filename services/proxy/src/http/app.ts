// The proxy's HTTP application: access log and security headers on everything, the proxy's own health
// probe, then path checks, forwarding headers and the dispatch by route table. No body parser anywhere:
// request and response bodies stream through untouched.
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from '@harbor/telemetry';
import { writeProxyError } from './errors.js';
import { accessLog } from './middleware/access-log.middleware.js';
import { forwardedHeaders } from './middleware/forwarded-headers.middleware.js';
import { pathGuard } from './middleware/path-guard.middleware.js';
import { securityHeaders } from './middleware/security-headers.middleware.js';
import { pathOf } from './request-path.js';
import { registerHealthRoutes } from './routes/health.routes.js';
import { registerProxyRoutes } from './routes/proxy.routes.js';
import { matchRoute, surfaceOf, type Surface } from './routes/route-table.js';
import type { Upstream } from './upstream.js';

export interface AppDeps {
  upstreams: Record<Surface, Upstream | null>;
  trustForwardedHeaders: boolean;
  logger: Logger;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', false);
  app.use(accessLog(deps.logger));
  app.use(securityHeaders());
  registerHealthRoutes(app);
  app.use(pathGuard());
  app.use(forwardedHeaders({ trust: deps.trustForwardedHeaders }));
  registerProxyRoutes(app, { upstreams: deps.upstreams });
  // Only reached through a bug (http-proxy-middleware passes its own failures on): never leak a stack.
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    deps.logger.error({ err, method: req.method, path: pathOf(req.url) }, 'proxy failure');
    writeProxyError(req, res, surfaceOf(matchRoute(pathOf(req.url))), 'bad-gateway', 'the proxy could not forward the request');
  });
  return app;
}
