// GET/HEAD/DELETE /v2/<name>/blobs/<digest>: content by address, with byte ranges and redirects.
import { parseDigest } from '@harbor/contracts';
import { RegistryError } from '../errors.js';
import type { Handler, RequestContext } from '../context.js';
import type { HttpDeps } from '../deps.js';
import { sendEmpty } from '../util.js';

export function digestParam(ctx: RequestContext) {
  const d = parseDigest(ctx.params.digest ?? '');
  if (!d) throw new RegistryError('DIGEST_INVALID', { digest: ctx.params.digest }, {}, 'invalid digest');
  return d;
}

/** Parses a single `bytes=` range against a size; null when absent or not a single range. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | 'unsatisfiable' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(size - suffix, 0);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
    if (start >= size || start > end) return 'unsatisfiable';
  }
  return { start, end };
}

export function blobHandlers(deps: HttpDeps): { get: Handler; delete: Handler } {
  return {
    async get(ctx) {
      const { req, res } = ctx;
      const digest = digestParam(ctx);
      const blob = await deps.blobs.stat(ctx.params.name!, digest);
      const head = req.method === 'HEAD';
      const redirect = await deps.blobs.redirectURL(digest, head ? 'HEAD' : 'GET');
      res.setHeader('Docker-Content-Digest', blob.digest);
      if (redirect) {
        res.setHeader('Location', redirect);
        sendEmpty(res, 307);
        return;
      }
      res.setHeader('Content-Type', blob.contentType || 'application/octet-stream');
      res.setHeader('Accept-Ranges', 'bytes');
      res.setHeader('ETag', `"${blob.digest}"`);
      res.setHeader('Cache-Control', 'max-age=31536000');
      const range = parseRange(req.headers.range, blob.size);
      if (range === 'unsatisfiable') {
        throw new RegistryError('RANGE_INVALID', { size: blob.size }, { 'Content-Range': `bytes */${blob.size}` });
      }
      const start = range?.start ?? 0;
      const end = range?.end ?? blob.size - 1;
      if (range) {
        res.status(206);
        res.setHeader('Content-Range', `bytes ${start}-${end}/${blob.size}`);
      } else {
        res.status(200);
      }
      res.setHeader('Content-Length', String(Math.max(end - start + 1, 0)));
      if (head || blob.size === 0) {
        res.end();
        return;
      }
      await deps.blobs.copyTo(digest, start, end, res);
      res.end();
    },

    async delete(ctx) {
      if (!deps.deleteEnabled) throw new RegistryError('UNSUPPORTED', { reason: 'deletion is disabled' });
      await deps.blobs.delete(ctx.params.name!, digestParam(ctx));
      sendEmpty(ctx.res, 202);
    },
  };
}
