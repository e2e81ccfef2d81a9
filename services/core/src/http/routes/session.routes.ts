// The web console's sign-in: POST /c/login (form `principal`, `password`) opens a session cookie,
// GET /c/log_out closes it. Robots cannot sign in to the console.
import express, { type Request, type Response, type Router } from 'express';
import type { AuditService } from '../../domain/audit/audit.service.js';
import type { Authenticator } from '../../domain/identity/authenticator.js';
import type { SessionRepo } from '../../store/session.repo.js';
import { ApiError } from '../errors.js';
import { CSRF_HEADER, readCookie, SESSION_COOKIE, sessionCookie } from '../middleware/session.middleware.js';

export interface SessionRouteDeps {
  authenticator: Authenticator;
  sessions: SessionRepo;
  audit: AuditService;
}

export function registerSessionRoutes(router: Router, deps: SessionRouteDeps): void {
  router.post('/c/login', express.urlencoded({ extended: false, limit: '16kb' }), async (req: Request, res: Response) => {
    const form = (req.body ?? {}) as Record<string, unknown>;
    if (typeof form.principal !== 'string' || typeof form.password !== 'string' || !form.principal) {
      throw new ApiError('BAD_REQUEST', 'principal and password are required');
    }
    const principal = await deps.authenticator.basic(form.principal, form.password, req.ip);
    if (!principal || principal.kind !== 'user') throw new ApiError('UNAUTHORIZED', 'invalid username or password');
    const session = await deps.sessions.create(principal.id);
    res.setHeader('Set-Cookie', sessionCookie(req, session.sid, await deps.sessions.ttlSeconds()));
    res.setHeader(CSRF_HEADER, session.csrf);
    await deps.audit.record(principal, { operation: 'login', resourceType: 'user', resource: principal.username }, req.ip);
    res.status(200).end();
  });

  router.get('/c/log_out', async (req: Request, res: Response) => {
    const sid = readCookie(req, SESSION_COOKIE);
    if (sid) await deps.sessions.destroy(sid);
    res.setHeader('Set-Cookie', sessionCookie(req, '', 0));
    res.status(200).end();
  });
}
