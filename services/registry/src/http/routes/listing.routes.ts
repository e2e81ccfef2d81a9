// The listings: /v2/ (API version check), /v2/_catalog, /v2/<name>/tags/list and
// /v2/<name>/referrers/<digest>.
import { MediaType, parseDigest } from '@harbor/contracts';
import { RegistryError } from '../errors.js';
import { queryString, type Handler } from '../context.js';
import type { HttpDeps } from '../deps.js';
import { nextLink, pagination, sendJson } from '../util.js';

const MAX_PAGE = 10_000;
const CATALOG_DEFAULT_PAGE = 100;

export function listingHandlers(deps: HttpDeps): Record<'base' | 'catalog' | 'tags' | 'referrers', Handler> {
  return {
    async base(ctx) {
      sendJson(ctx.res, 200, {});
    },

    async catalog(ctx) {
      const { n, last } = pagination(ctx.req, CATALOG_DEFAULT_PAGE, MAX_PAGE);
      const names = n === 0 ? [] : await deps.repositories.catalog(n + 1, last);
      const page = names.slice(0, n);
      if (names.length > n) ctx.res.setHeader('Link', nextLink('/v2/_catalog', n, page[page.length - 1]));
      sendJson(ctx.res, 200, { repositories: page });
    },

    async tags(ctx) {
      const name = ctx.params.name!;
      const { n, last, explicit } = pagination(ctx.req, MAX_PAGE, MAX_PAGE);
      const tags = await deps.artifacts.listTags(name, n === 0 ? 0 : n + 1, last);
      if (!tags) throw new RegistryError('NAME_UNKNOWN', { name });
      const page = tags.slice(0, n);
      if (explicit && tags.length > n) ctx.res.setHeader('Link', nextLink(`/v2/${name}/tags/list`, n, page[page.length - 1]));
      sendJson(ctx.res, 200, { name, tags: page });
    },

    async referrers(ctx) {
      const digest = ctx.params.digest!;
      if (!parseDigest(digest)) throw new RegistryError('DIGEST_INVALID', { digest }, {}, 'invalid digest');
      const filter = queryString(ctx.req, 'artifactType');
      let rows = await deps.artifacts.referrers(ctx.params.name!, digest);
      if (filter) {
        rows = rows.filter((r) => r.artifactType === filter);
        ctx.res.setHeader('OCI-Filters-Applied', 'artifactType');
      }
      const manifests = rows.map((r) => ({
        mediaType: r.mediaType,
        digest: r.digest,
        size: r.size,
        artifactType: r.artifactType,
        ...(r.annotations && Object.keys(r.annotations).length ? { annotations: r.annotations } : {}),
      }));
      sendJson(ctx.res, 200, { schemaVersion: 2, mediaType: MediaType.OciIndex, manifests }, MediaType.OciIndex);
    },
  };
}
