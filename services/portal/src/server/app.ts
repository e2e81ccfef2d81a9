// The console's HTTP surface: its built files from memory, and index.html for every other page path so
// the single-page app's own routes (`/harbor/projects/3/repositories`) load on refresh and from links.
import express, { type Request, type Response } from 'express';
import type { StaticFile } from './static-files.js';

/** A path that looks like a file (`/x/y.js`) is not an app route: when missing it is a plain 404. */
const FILE_LIKE = /\/[^/]*\.[A-Za-z0-9]+$/;

export function createApp(files: Map<string, StaticFile>): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const index = files.get('/index.html');

  app.get('/healthz', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: index ? 'healthy' : 'unhealthy' });
  });

  app.use((req: Request, res: Response) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      res.status(405).type('text/plain').send('method not allowed\n');
      return;
    }
    const path = req.path;
    let file = files.get(path);
    if (!file && !FILE_LIKE.test(path) && !path.startsWith('/assets/')) file = index;
    if (!file) {
      res.status(404).type('text/plain').setHeader('Cache-Control', 'no-cache').send('not found\n');
      return;
    }
    send(req, res, file);
  });
  return app;
}

function send(req: Request, res: Response, file: StaticFile): void {
  res.setHeader('Content-Type', file.type);
  res.setHeader('Cache-Control', file.cacheControl);
  res.setHeader('ETag', file.etag);
  if (file.gzip) res.setHeader('Vary', 'Accept-Encoding');
  if (matches(req.get('If-None-Match'), file.etag)) {
    res.status(304).end();
    return;
  }
  const gzip = file.gzip && acceptsGzip(req.get('Accept-Encoding'));
  const body = gzip ? file.gzip! : file.body;
  if (gzip) res.setHeader('Content-Encoding', 'gzip');
  res.setHeader('Content-Length', String(body.length));
  if (req.method === 'HEAD') res.end();
  else res.end(body);
}

function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const v = t.trim();
    return v === '*' || v === etag || v === `W/${etag}`;
  });
}

/** `Accept-Encoding` allows gzip unless it gives gzip (or `*` without gzip) a q of 0. */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let star: boolean | null = null;
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const allowed = q === undefined || Number(q.slice(2)) > 0;
    if (name === 'gzip' || name === 'x-gzip') return allowed;
    if (name === '*') star = allowed;
  }
  return star ?? false;
}
