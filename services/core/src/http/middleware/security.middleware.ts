// Who is calling the API, as an ordered list of strategies (first match wins, as in Harbor): Basic
// credentials (users, CLI secrets, robots), the console's session cookie, then anonymous. Wrong Basic
// credentials are a 401 at once.
import type { NextFunction, Request, Response } from 'express';
import type { Authenticator, Principal } from '../../domain/identity/authenticator.js';
import { ApiError } from '../errors.js';

export type Strategy = (req: Request, res: Response) => Promise<Principal | null>;

export function basicCredentials(req: Request): { username: string; password: string } | null {
  const header = req.headers.authorization;
  const m = header ? /^Basic\s+(\S+)$/i.exec(header) : null;
  if (!m) return null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i < 0 ? null : { username: decoded.slice(0, i), password: decoded.slice(i + 1) };
}

export function basicStrategy(authenticator: Authenticator): Strategy {
  return async (req) => {
    const creds = basicCredentials(req);
    if (!creds) return null;
    const principal = await authenticator.basic(creds.username, creds.password, req.ip);
    if (!principal) throw new ApiError('UNAUTHORIZED', 'invalid username or password');
    return principal;
  };
}

export function security(strategies: Strategy[]) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      let principal: Principal = { kind: 'anonymous' };
      for (const strategy of strategies) {
        const found = await strategy(req, res);
        if (found) {
          principal = found;
          break;
        }
      }
      res.locals.principal = principal;
      next();
    } catch (err) {
      next(err);
    }
  };
}

export function principalOf(res: Response): Principal {
  return (res.locals.principal as Principal | undefined) ?? { kind: 'anonymous' };
}
