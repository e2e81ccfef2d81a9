// Every /v2 route in one table, read top to bottom: method, path pattern, the access it needs and the
// handler. Repository names may contain '/', so patterns are anchored at both ends and the name is
// validated against the spec's grammar after matching.
import { isValidRepositoryName } from '@harbor/contracts';
import type { Handler, RouteParams } from './context.js';
import type { HttpDeps } from './deps.js';
import type { Requirement } from './middleware/token-auth.middleware.js';
import { blobHandlers } from './routes/blobs.routes.js';
import { listingHandlers } from './routes/listing.routes.js';
import { manifestHandlers } from './routes/manifests.routes.js';
import { uploadHandlers } from './routes/uploads.routes.js';

export interface Route {
  /** The route's name in metrics and logs. */
  name: string;
  pattern: RegExp;
  keys: Array<keyof RouteParams>;
  methods: Record<string, { access: (p: RouteParams) => Requirement[]; handler: Handler }>;
}

const pull = (p: RouteParams): Requirement[] => [{ type: 'repository', name: p.name!, actions: ['pull'] }];
const push = (p: RouteParams): Requirement[] => [{ type: 'repository', name: p.name!, actions: ['pull', 'push'] }];
const del = (p: RouteParams): Requirement[] => [{ type: 'repository', name: p.name!, actions: ['delete'] }];
const catalog = (): Requirement[] => [{ type: 'registry', name: 'catalog', actions: ['*'] }];
const anyToken = (): Requirement[] => [];

export function buildRouteTable(deps: HttpDeps): Route[] {
  const blobs = blobHandlers(deps);
  const uploads = uploadHandlers(deps);
  const manifests = manifestHandlers(deps);
  const lists = listingHandlers(deps);
  return [
    { name: 'base', pattern: /^\/v2\/?$/, keys: [], methods: { GET: { access: anyToken, handler: lists.base }, HEAD: { access: anyToken, handler: lists.base } } },
    { name: 'catalog', pattern: /^\/v2\/_catalog$/, keys: [], methods: { GET: { access: catalog, handler: lists.catalog } } },
    { name: 'tags', pattern: /^\/v2\/(.+)\/tags\/list$/, keys: ['name'], methods: { GET: { access: pull, handler: lists.tags } } },
    {
      name: 'manifest', pattern: /^\/v2\/(.+)\/manifests\/([^/]+)$/, keys: ['name', 'reference'], methods: {
        GET: { access: pull, handler: manifests.get },
        HEAD: { access: pull, handler: manifests.get },
        PUT: { access: push, handler: manifests.put },
        DELETE: { access: del, handler: manifests.delete },
      },
    },
    { name: 'upload_start', pattern: /^\/v2\/(.+)\/blobs\/uploads\/?$/, keys: ['name'], methods: { POST: { access: push, handler: uploads.start } } },
    {
      name: 'upload', pattern: /^\/v2\/(.+)\/blobs\/uploads\/([^/]+)$/, keys: ['name', 'uuid'], methods: {
        GET: { access: push, handler: uploads.status },
        PATCH: { access: push, handler: uploads.patch },
        PUT: { access: push, handler: uploads.put },
        DELETE: { access: push, handler: uploads.cancel },
      },
    },
    {
      name: 'blob', pattern: /^\/v2\/(.+)\/blobs\/([^/]+)$/, keys: ['name', 'digest'], methods: {
        GET: { access: pull, handler: blobs.get },
        HEAD: { access: pull, handler: blobs.get },
        DELETE: { access: del, handler: blobs.delete },
      },
    },
    { name: 'referrers', pattern: /^\/v2\/(.+)\/referrers\/([^/]+)$/, keys: ['name', 'digest'], methods: { GET: { access: pull, handler: lists.referrers } } },
  ];
}

export type MatchResult =
  | { kind: 'ok'; route: string; params: RouteParams; access: (p: RouteParams) => Requirement[]; handler: Handler }
  | { kind: 'method-not-allowed' }
  | { kind: 'invalid-name'; name: string }
  | { kind: 'none' };

export function matchRoute(table: Route[], method: string, path: string): MatchResult {
  let methodMismatch = false;
  for (const route of table) {
    const m = route.pattern.exec(path);
    if (!m) continue;
    const params: RouteParams = {};
    route.keys.forEach((k, i) => { params[k] = m[i + 1]; });
    const entry = route.methods[method];
    if (!entry) {
      methodMismatch = true;
      continue;
    }
    if (params.name !== undefined && !isValidRepositoryName(params.name)) return { kind: 'invalid-name', name: params.name };
    return { kind: 'ok', route: route.name, params, access: entry.access, handler: entry.handler };
  }
  return methodMismatch ? { kind: 'method-not-allowed' } : { kind: 'none' };
}
