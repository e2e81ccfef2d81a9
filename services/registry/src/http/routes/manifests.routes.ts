// GET/HEAD/PUT/DELETE /v2/<name>/manifests/<reference>.
import { RegistryError } from '../errors.js';
import type { Handler } from '../context.js';
import type { HttpDeps } from '../deps.js';
import { parseReference } from '../../domain/manifests/manifest.service.js';
import { readBody, sendEmpty, urlFor } from '../util.js';
import { artifactEvent, quotaWarning } from '../events.js';

/** Manifests of at least 4 MiB must be accepted; anything beyond this is refused unread. */
export const MAX_MANIFEST_BYTES = 8 * 1024 * 1024;

export function manifestHandlers(deps: HttpDeps): { get: Handler; put: Handler; delete: Handler } {
  return {
    async get(ctx) {
      const { req, res } = ctx;
      const ref = parseReference(ctx.params.reference!);
      const m = await deps.manifests.get(ctx.params.name!, ref);
      const etag = `"${m.digest}"`;
      res.setHeader('Docker-Content-Digest', m.digest);
      res.setHeader('Content-Type', m.mediaType);
      res.setHeader('ETag', etag);
      const inm = req.headers['if-none-match'];
      if (inm && inm.split(',').some((t) => t.trim() === etag)) {
        res.status(304).end();
        return;
      }
      res.setHeader('Content-Length', String(m.body.length));
      res.status(200);
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      res.end(m.body);
      // A pull is a manifest GET (HEAD only checks), as Harbor counts it.
      deps.events.publish(artifactEvent(ctx, 'pull', m, ref.tag));
    },

    async put(ctx) {
      const { req, res } = ctx;
      const name = ctx.params.name!;
      const ref = parseReference(ctx.params.reference!);
      const body = await readBody(req, MAX_MANIFEST_BYTES);
      const result = await deps.manifests.put(name, ref, body, req.headers['content-type']);
      const headers: Record<string, string> = {
        Location: urlFor(req, `/v2/${name}/manifests/${result.digest}`, deps.relativeUrls),
        'Docker-Content-Digest': result.digest,
      };
      if (result.subject) headers['OCI-Subject'] = result.subject;
      sendEmpty(res, 201, headers);
      deps.events.publish(artifactEvent(ctx, 'push', result, ref.tag));
      const warning = quotaWarning(ctx, result.quota ?? null, result.digest);
      if (warning) deps.events.publish(warning);
    },

    async delete(ctx) {
      if (!deps.deleteEnabled) throw new RegistryError('UNSUPPORTED', { reason: 'deletion is disabled' });
      const ref = parseReference(ctx.params.reference!);
      const deleted = await deps.manifests.delete(ctx.params.name!, ref);
      sendEmpty(ctx.res, 202);
      deps.events.publish(artifactEvent(ctx, 'delete', deleted, ref.tag));
    },
  };
}
