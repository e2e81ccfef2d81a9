// Registry errors: domain code throws RegistryError(code, detail); one writer renders the OCI error body.
import type { Response } from 'express';
import { RegistryErrorCatalog, type RegistryErrorCode } from '@harbor/contracts';

export class RegistryError extends Error {
  readonly status: number;
  constructor(
    readonly code: RegistryErrorCode,
    readonly detail?: unknown,
    readonly headers: Record<string, string> = {},
    message?: string,
  ) {
    super(message ?? RegistryErrorCatalog[code].message);
    this.name = 'RegistryError';
    this.status = RegistryErrorCatalog[code].status;
  }
}

export function writeRegistryError(res: Response, err: RegistryError, statusOverride?: number): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
  const body = JSON.stringify({ errors: [{ code: err.code, message: err.message, detail: err.detail ?? null }] });
  res.status(statusOverride ?? err.status);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  if (res.req.method === 'HEAD') {
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.end();
  } else {
    res.end(body);
  }
}
