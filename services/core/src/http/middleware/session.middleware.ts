// Session-cookie authentication for the web console (`sid`, HttpOnly, SameSite=Lax) and its CSRF guard:
// unsafe methods authenticated by the cookie must carry the session's token in X-Harbor-CSRF-Token,
// which every session-authenticated response hands out in the same header.
import type { NextFunction, Request, Response } from 'express';
import type { Authenticator } from '../../domain/identity/authenticator.js';
import type { Session, SessionRepo } from '../../store/session.repo.js';
import { ApiError } from '../errors.js';
import type { Strategy } from './security.middleware.js';

export const SESSION_COOKIE = 'sid';
export const CSRF_HEADER = 'X-Harbor-CSRF-Token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

export function sessionCookie(req: Request, value: string, maxAgeSeconds: number): string {
  const secure = req.secure || req.get('X-Forwarded-Proto') === 'https' ? '; Secure' : '';
  return `${SESSION_COOKIE}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`;
}

export function sessionStrategy(sessions: SessionRepo, authenticator: Authenticator): Strategy {
  return async (req, res) => {
    const sid = readCookie(req, SESSION_COOKIE);
    if (!sid) return null;
    const session = await sessions.touch(sid);
    if (!session) return null;
    const principal = await authenticator.userById(session.userId);
    if (!principal) return null;
    res.locals.session = session;
    res.setHeader(CSRF_HEADER, session.csrf);
    return principal;
  };
}

/** Refuses unsafe requests authenticated by the session cookie without the matching CSRF token. */
export function csrfGuard(req: Request, res: Response, next: NextFunction): void {
  const session = res.locals.session as Session | undefined;
  if (session && !SAFE_METHODS.has(req.method) && req.get(CSRF_HEADER) !== session.csrf) {
    next(new ApiError('FORBIDDEN', 'CSRF token invalid'));
    return;
  }
  next();
}
