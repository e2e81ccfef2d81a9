// Rejects request targets that would route one way here and resolve another way upstream: anything not in
// origin form (`GET http://other/…`, `OPTIONS *`) and dot segments (`/v2/../api/…`, also percent-encoded),
// which nginx would normalise before choosing a location. Paths are otherwise forwarded byte for byte.
import type { Step } from '../chain.js';
import { writeProxyError } from '../errors.js';
import { matchRoute, surfaceOf } from '../routes/route-table.js';
import { pathOf } from '../request-path.js';

export function pathGuard(): Step {
  return (req, res, next) => {
    const path = pathOf(req.url);
    if (!path.startsWith('/')) {
      writeProxyError(req, res, 'core', 'bad-request', 'the request target must be an absolute path');
      return;
    }
    if (path.split('/').some((segment) => isDotSegment(segment))) {
      writeProxyError(req, res, surfaceOf(matchRoute(path)), 'bad-request', 'dot segments are not allowed in the path');
      return;
    }
    next();
  };
}

function isDotSegment(segment: string): boolean {
  const s = segment.replace(/%2e/gi, '.');
  return s === '.' || s === '..';
}
