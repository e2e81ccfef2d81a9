// The registry's HTTP application: one dispatcher over the route table, token auth per route, and the
// single place where errors become OCI error bodies.
import express, { type Express, type Request, type Response } from 'express';
import { QuotaExceededError } from '../domain/quotas/project-quotas.js';
import { RegistryError, writeRegistryError } from './errors.js';
import { setCommonHeaders, type RequestContext } from './context.js';
import { quotaEvent } from './events.js';
import type { HttpDeps } from './deps.js';
import { buildRouteTable, matchRoute } from './route-table.js';

const READ_METHODS = new Set(['GET', 'HEAD']);

export function createApp(deps: HttpDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // Behind the proxy the client address comes from X-Forwarded-For (loopback and private proxies only).
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  const table = buildRouteTable(deps);

  app.use(async (req: Request, res: Response) => {
    setCommonHeaders(res);
    const started = process.hrtime.bigint();
    let route = 'unmatched';
    let ctx: RequestContext | null = null;
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      deps.metrics?.httpDuration.observe({ method: req.method, route, code: String(res.statusCode) }, seconds);
    });
    try {
      let path: string;
      try {
        path = decodeURIComponent(req.path);
      } catch {
        throw new RegistryError('NAME_INVALID', { reason: 'malformed URL encoding' });
      }
      const match = matchRoute(table, req.method, path);
      if (match.kind === 'none') throw new RegistryError('NOT_FOUND', { path });
      if (match.kind === 'method-not-allowed') throw new RegistryError('UNSUPPORTED', { method: req.method });
      if (match.kind === 'invalid-name') throw new RegistryError('NAME_INVALID', { name: match.name });
      route = match.route;
      if (!READ_METHODS.has(req.method) && deps.readOnly && await deps.readOnly()) {
        throw new RegistryError('DENIED', null, {}, 'The system is in read only mode. Any modification is prohibited.');
      }
      const caller = deps.auth ? await deps.auth.authorize(req, match.access(match.params)) : null;
      ctx = { req, res, params: match.params, access: caller?.access ?? null, subject: caller?.subject ?? '' };
      await match.handler(ctx);
    } catch (err) {
      // Every refusal for the project's storage quota is reported, whichever request it was.
      if (err instanceof QuotaExceededError && ctx) deps.events.publish(quotaEvent(ctx, 'quota_exceed', err.charge, err.digest));
      if (err instanceof RegistryError) {
        writeRegistryError(res, err);
        return;
      }
      if (isClientGone(err, req)) {
        res.destroy();
        return;
      }
      deps.logger.error({ err, method: req.method, path: req.path }, 'request failed');
      writeRegistryError(res, new RegistryError('UNKNOWN', null));
    }
  });
  return app;
}

function isClientGone(err: unknown, req: Request): boolean {
  const code = (err as { code?: string })?.code;
  return req.socket.destroyed || code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ABORT_ERR';
}
