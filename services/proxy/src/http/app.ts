// The proxy's HTTP application: access log and security headers on everything, the proxy's own health
// probe, then path checks, forwarding headers and the dispatch by route table. No body parser anywhere:
// request and response bodies stream through untouched.
import type { RequestListener } from 'node:http';
import type { Logger } from '@harbor/telemetry';
import { chain } from './chain.js';
import { writeProxyError } from './errors.js';
import { accessLog } from './middleware/access-log.middleware.js';
import { forwardedHeaders } from './middleware/forwarded-headers.middleware.js';
import { pathGuard } from './middleware/path-guard.middleware.js';
import { securityHeaders } from './middleware/security-headers.middleware.js';
import { pathOf } from './request-path.js';
import { healthProbe } from './routes/health.routes.js';
import { proxyDispatch } from './routes/proxy.routes.js';
import { matchRoute, surfaceOf, type Surface } from './routes/route-table.js';
import type { Upstream } from './upstream.js';

export interface AppDeps {
  upstreams: Record<Surface, Upstream | null>;
  trustForwardedHeaders: boolean;
  logger: Logger;
}

export function createApp(deps: AppDeps): RequestListener {
  return chain([
    accessLog(deps.logger),
    securityHeaders(),
    healthProbe(),
    pathGuard(),
    forwardedHeaders({ trust: deps.trustForwardedHeaders }),
    proxyDispatch({ upstreams: deps.upstreams }),
  ], (err, req, res) => {
    // Only reached through a bug (http-proxy-middleware passes its own failures on): never leak a stack.
    deps.logger.error({ err, method: req.method, path: pathOf(req.url) }, 'proxy failure');
    writeProxyError(req, res, surfaceOf(matchRoute(pathOf(req.url))), 'bad-gateway', 'the proxy could not forward the request');
  });
}
