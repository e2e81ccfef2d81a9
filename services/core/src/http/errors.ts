// Harbor's API errors: domain code throws ApiError(code, message); one writer renders
// {"errors":[{"code","message"}]} with the code's status.
import type { Response } from 'express';

export const API_ERRORS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  // Harbor's errors.DENIED: an operation refused for what the resource is (e.g. copying an accessory)
  DENIED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PRECONDITION: 412,
  VIOLATE_FOREIGN_KEY_CONSTRAINT: 412,
  UNPROCESSABLE_ENTITY: 422,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;
export type ApiErrorCode = keyof typeof API_ERRORS;

export class ApiError extends Error {
  readonly status: number;
  constructor(readonly code: ApiErrorCode, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = API_ERRORS[code];
  }
}

export function writeApiError(res: Response, err: ApiError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
  res.status(err.status).json({ errors: [{ code: err.code, message: err.message }] });
}
