// What a route handler receives: the request, the response, the parsed path and the verified caller.
import type { Request, Response } from 'express';
import type { Access } from '@harbor/auth';

export interface RouteParams {
  name?: string;
  reference?: string;
  digest?: string;
  uuid?: string;
}

export interface RequestContext {
  req: Request;
  res: Response;
  params: RouteParams;
  /** The token's access claim when token auth is on; null when the registry runs without auth. */
  access: readonly Access[] | null;
  /** The token's subject; '' for anonymous callers and when the registry runs without auth. */
  subject: string;
}

export type Handler = (ctx: RequestContext) => Promise<void>;

/** Sets the headers every /v2 response carries. */
export function setCommonHeaders(res: Response): void {
  res.setHeader('Docker-Distribution-API-Version', 'registry/2.0');
}

export function queryString(req: Request, key: string): string | undefined {
  const v = (req.query as Record<string, unknown>)[key];
  if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0] : undefined;
  return typeof v === 'string' ? v : undefined;
}
