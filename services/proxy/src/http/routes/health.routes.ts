// The proxy's own liveness probe; answered here, never forwarded.
import type { Step } from '../chain.js';
import { pathOf } from '../request-path.js';

const BODY = JSON.stringify({ status: 'ok' });

export function healthProbe(): Step {
  return (req, res, next) => {
    if (pathOf(req.url) !== '/healthz' || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(BODY) });
    res.end(req.method === 'HEAD' ? undefined : BODY);
  };
}
