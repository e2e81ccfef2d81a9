// Small request/response helpers shared by the route modules.
import type { Request, Response } from 'express';
import { RegistryError } from './errors.js';
import { queryString } from './context.js';

/** Absolute URL for a registry path, built from X-Forwarded-* when behind a proxy (or relative). */
export function urlFor(req: Request, path: string, relative: boolean): string {
  if (relative) return path;
  const fwdProto = req.headers['x-forwarded-proto'];
  const fwdHost = req.headers['x-forwarded-host'];
  const proto = (typeof fwdProto === 'string' && fwdProto.split(',')[0].trim()) || req.protocol || 'http';
  const host = (typeof fwdHost === 'string' && fwdHost.split(',')[0].trim()) || req.headers.host;
  return host ? `${proto}://${host}${path}` : path;
}

export function hasBody(req: Request): boolean {
  const len = req.headers['content-length'];
  if (len !== undefined) return Number(len) > 0;
  return req.headers['transfer-encoding'] !== undefined;
}

/** Reads a whole body up to `max` bytes; larger bodies are refused without being buffered. */
export async function readBody(req: Request, max: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > max) throw new RegistryError('SIZE_INVALID', { reason: `body larger than ${max} bytes` });
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    total += (chunk as Buffer).length;
    if (total > max) throw new RegistryError('SIZE_INVALID', { reason: `body larger than ${max} bytes` });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, total);
}

/** `n` and `last` of a paginated listing; `n` absent means `fallback`. */
export function pagination(req: Request, fallback: number, max: number): { n: number; last: string | undefined; explicit: boolean } {
  const raw = queryString(req, 'n');
  // No stored name holds a NUL, so everything after `x\0…` is everything after `x`: cut there (the
  // database could not take the NUL anyway).
  const last = queryString(req, 'last')?.split('\u0000')[0] || undefined;
  if (raw === undefined || raw === '') return { n: fallback, last, explicit: false };
  if (!/^\d+$/.test(raw)) throw new RegistryError('PAGINATION_NUMBER_INVALID', { n: raw });
  return { n: Math.min(Number(raw), max), last, explicit: true };
}

export function nextLink(path: string, n: number, last: string): string {
  return `<${path}?n=${n}&last=${encodeURIComponent(last)}>; rel="next"`;
}

export function sendJson(res: Response, status: number, body: unknown, contentType = 'application/json; charset=utf-8'): void {
  const text = JSON.stringify(body);
  res.status(status);
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

export function sendEmpty(res: Response, status: number, headers: Record<string, string> = {}): void {
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.setHeader('Content-Length', '0');
  res.status(status).end();
}
