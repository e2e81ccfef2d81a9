// One log line per request, after the response: method, path (never the query: registry upload URLs and
// token requests carry secrets there), status, duration and the surface that served it.
import type { Step } from '../chain.js';
import type { Logger } from '@harbor/telemetry';
import { matchRoute } from '../routes/route-table.js';
import { pathOf } from '../request-path.js';

export function accessLog(logger: Logger): Step {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('close', () => {
      if (!logger.isLevelEnabled('info')) return;
      const path = pathOf(req.url);
      logger.info({
        method: req.method,
        path,
        status: res.statusCode,
        ms: Math.round(Number(process.hrtime.bigint() - started) / 1e6),
        target: path === '/healthz' ? 'proxy' : matchRoute(path).target,
        completed: res.writableFinished,
      }, 'request');
    });
    next();
  };
}
