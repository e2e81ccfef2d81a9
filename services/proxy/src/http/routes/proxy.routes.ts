// Dispatches every remaining request by the route table: to the registry, core or portal upstream, or
// answers itself where Harbor's nginx does (404 for /v1/, and 503 while no portal is deployed).
import type { Step } from '../chain.js';
import { writeProxyError } from '../errors.js';
import { pathOf } from '../request-path.js';
import type { Upstream } from '../upstream.js';
import { matchRoute, type Surface } from './route-table.js';

export interface ProxyRouteDeps {
  upstreams: Record<Surface, Upstream | null>;
}

export function proxyDispatch(deps: ProxyRouteDeps): Step {
  return (req, res, next) => {
    const entry = matchRoute(pathOf(req.url));
    if (entry.target === 'gone') {
      writeProxyError(req, res, 'core', 'not-found', 'the v1 registry API is not supported');
      return;
    }
    const upstream = deps.upstreams[entry.target];
    if (!upstream) {
      writeProxyError(req, res, entry.target, 'portal-missing', `the ${entry.target} is not deployed`);
      return;
    }
    upstream.handle(req, res, next);
  };
}
