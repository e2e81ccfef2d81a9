// /v2/<name>/blobs/uploads/: start (session, monolithic, cross-repository mount), PATCH chunks,
// PUT to complete, GET status and DELETE to cancel.
import type { Request } from 'express';
import { accessAllows } from '@harbor/auth';
import { parseDigest, type ParsedDigest } from '@harbor/contracts';
import { RegistryError } from '../errors.js';
import { queryString, type Handler, type RequestContext } from '../context.js';
import type { HttpDeps } from '../deps.js';
import { rangeHeaders, type UploadSession } from '../../domain/uploads/upload.service.js';
import { digestString } from '../../domain/blobs/blob.service.js';
import { QuotaExceededError, type QuotaCharge } from '../../domain/quotas/project-quotas.js';
import { quotaWarning } from '../events.js';
import { hasBody, sendEmpty, urlFor } from '../util.js';

function digestQuery(req: Request): ParsedDigest | undefined {
  const raw = queryString(req, 'digest');
  if (raw === undefined) return undefined;
  const d = parseDigest(raw);
  if (!d) throw new RegistryError('DIGEST_INVALID', { digest: raw }, {}, 'invalid digest');
  return d;
}

/** `Content-Range: <start>-<end>` (inclusive); undefined when absent. */
function contentRange(req: Request): { start: number; length: number } | undefined {
  const header = req.headers['content-range'];
  if (header === undefined) return undefined;
  const m = /^(?:bytes[ =])?(\d+)-(\d+)(?:\/(?:\d+|\*))?$/.exec(header.trim());
  if (!m || Number(m[2]) < Number(m[1])) throw new RegistryError('RANGE_INVALID', { 'content-range': header });
  return { start: Number(m[1]), length: Number(m[2]) - Number(m[1]) + 1 };
}

function declaredLength(req: Request): number | undefined {
  const len = req.headers['content-length'];
  return len === undefined ? undefined : Number(len);
}

export function uploadHandlers(deps: HttpDeps): Record<'start' | 'patch' | 'put' | 'status' | 'cancel', Handler> {
  const location = (ctx: RequestContext, s: UploadSession) =>
    urlFor(ctx.req, `/v2/${s.repository}/blobs/uploads/${s.id}`, deps.relativeUrls);

  const accepted = (ctx: RequestContext, s: UploadSession, status = 202) =>
    sendEmpty(ctx.res, status, { Location: location(ctx, s), ...rangeHeaders(s) });

  const created = (ctx: RequestContext, digest: ParsedDigest) =>
    sendEmpty(ctx.res, 201, {
      Location: urlFor(ctx.req, `/v2/${ctx.params.name}/blobs/${digestString(digest)}`, deps.relativeUrls),
      'Docker-Content-Digest': digestString(digest),
    });

  async function finish(ctx: RequestContext, session: UploadSession, digest: ParsedDigest): Promise<void> {
    // The blob counts against the project's storage quota unless the project holds it already; a refused
    // upload's bytes are released at once.
    const blob = digestString(digest);
    const quota = await deps.quotas.charge(session.repository, [{ digest: blob, size: session.size }], blob)
      .catch(async (err: unknown) => {
        if (err instanceof QuotaExceededError) await deps.uploads.cancel(session.id).catch(() => undefined);
        throw err;
      });
    // Before the content is placed: a blob garbage collection is sweeping right now is then either
    // reclaimed or already gone (and stored again below), never deleted after this push.
    await deps.blobs.claim(digest);
    const { size } = await deps.uploads.complete(session, digest);
    await deps.blobs.recordUpload(session.repository, digest, size);
    created(ctx, digest);
    publishWarning(ctx, quota, blob);
  }

  const publishWarning = (ctx: RequestContext, quota: QuotaCharge | null, digest: string) => {
    const warning = quotaWarning(ctx, quota, digest);
    if (warning) deps.events.publish(warning);
  };

  return {
    async start(ctx) {
      const { req } = ctx;
      const name = ctx.params.name!;
      const mount = queryString(req, 'mount');
      const from = queryString(req, 'from');
      if (mount !== undefined && from) {
        const d = parseDigest(mount);
        const mayRead = ctx.access === null || accessAllows(ctx.access, 'repository', from, 'pull');
        const mounted = d && mayRead ? await deps.blobs.mount(name, from, d) : false;
        if (d && mounted) {
          created(ctx, d);
          publishWarning(ctx, mounted.quota, digestString(d));
          return;
        }
      }
      const digest = digestQuery(req);
      const session = await deps.uploads.start(name);
      if (digest && (hasBody(req) || declaredLength(req) === 0)) {
        const s = await deps.uploads.append(session, req, undefined, declaredLength(req));
        await finish(ctx, s, digest);
        return;
      }
      accepted(ctx, session);
    },

    async patch(ctx) {
      const session = await deps.uploads.get(ctx.params.uuid!, ctx.params.name!);
      const range = contentRange(ctx.req);
      const length = declaredLength(ctx.req);
      if (range && length !== undefined && range.length !== length) {
        throw new RegistryError('SIZE_INVALID', { 'content-range': range, 'content-length': length });
      }
      const s = await deps.uploads.append(session, ctx.req, range?.start, range?.length ?? length);
      accepted(ctx, s);
    },

    async put(ctx) {
      const digest = digestQuery(ctx.req);
      if (!digest) throw new RegistryError('DIGEST_INVALID', { reason: 'digest query parameter required' }, {}, 'digest missing');
      let session = await deps.uploads.get(ctx.params.uuid!, ctx.params.name!);
      if (hasBody(ctx.req)) {
        const range = contentRange(ctx.req);
        session = await deps.uploads.append(session, ctx.req, range?.start, range?.length ?? declaredLength(ctx.req));
      }
      await finish(ctx, session, digest);
    },

    async status(ctx) {
      const session = await deps.uploads.get(ctx.params.uuid!, ctx.params.name!);
      sendEmpty(ctx.res, 204, { Location: location(ctx, session), ...rangeHeaders(session) });
    },

    async cancel(ctx) {
      const session = await deps.uploads.get(ctx.params.uuid!, ctx.params.name!);
      await deps.uploads.cancel(session.id);
      sendEmpty(ctx.res, 204);
    },
  };
}
