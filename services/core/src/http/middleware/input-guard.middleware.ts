// Refuses request targets carrying a NUL character, however deeply percent-encoded (`%00`, `%2500`, …):
// path parameters are decoded once by the router and once more where repository names are encoded twice,
// and `q` is unescaped once more by its parser, so a NUL can surface at any of those steps. PostgreSQL
// cannot compare text with NUL, and no name, filter or id of the API can hold one: a 400 up front, before
// any handler or the database sees it.
import type { NextFunction, Request, Response } from 'express';
import { ApiError } from '../errors.js';

const ENCODED_NUL = /%(?:25)*00/i;

export function inputGuard(req: Request, _res: Response, next: NextFunction): void {
  next(ENCODED_NUL.test(req.originalUrl) ? new ApiError('BAD_REQUEST', 'the request contains characters that cannot be stored') : undefined);
}
