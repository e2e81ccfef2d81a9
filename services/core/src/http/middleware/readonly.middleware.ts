// Harbor's read-only mode (the read_only setting): every request that would change something is refused
// with 403 DENIED, except changing the settings themselves (how the mode is turned off again).
import type { NextFunction, Request, Response } from 'express';
import { ApiError } from '../errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const EXEMPT: ReadonlyArray<{ method: string; path: RegExp }> = [
  { method: 'PUT', path: /^\/api\/v2\.0\/configurations\/?$/ },
];

export function readOnlyGuard(readOnly: () => Promise<boolean>) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    try {
      if (SAFE_METHODS.has(req.method) || EXEMPT.some((e) => e.method === req.method && e.path.test(req.path))) return next();
      if (await readOnly()) return next(new ApiError('DENIED', 'The system is in read only mode. Any modification is prohibited.'));
      next();
    } catch (err) {
      next(err);
    }
  };
}
