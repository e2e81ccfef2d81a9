// /service/token: the Docker registry token endpoint. GET with Basic credentials (docker, skopeo, podman)
// or anonymous; POST form with grant_type=password (ctr, helm) or refresh_token (docker after an offline
// login). Scopes may repeat and hold several space-separated values. The console's session cookie counts
// on GET too (as Harbor's security filter chain lets it), so the console can read manifests from /v2/.
import express, { type Request, type Response, type Router } from 'express';
import { ApiError } from '../errors.js';
import { basicCredentials } from '../middleware/security.middleware.js';
import type { Authenticator, Principal } from '../../domain/identity/authenticator.js';
import type { TokenService } from '../../domain/token/token.service.js';
import type { SessionRepo } from '../../store/session.repo.js';
import { sessionStrategy } from '../middleware/session.middleware.js';

export interface TokenRouteDeps {
  authenticator: Authenticator;
  tokens: TokenService;
  sessions: SessionRepo;
}

function all(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
}

const unauthorized = (message: string) => new ApiError('UNAUTHORIZED', message);

export function registerTokenRoutes(router: Router, deps: TokenRouteDeps): void {
  const fromSession = sessionStrategy(deps.sessions, deps.authenticator);
  const checkService = (service: unknown) => {
    if (service !== undefined && service !== deps.tokens.service) throw new ApiError('BAD_REQUEST', `invalid service: ${String(service)}`);
  };

  router.get('/service/token', async (req: Request, res: Response) => {
    const q = req.query as Record<string, unknown>;
    checkService(q.service);
    const scopes = all(q.scope);
    const creds = basicCredentials(req);
    let principal: Principal = { kind: 'anonymous' };
    const session = !creds && req.headers.cookie ? await fromSession(req, res) : null;
    if (session) {
      principal = session;
    } else if (creds) {
      const found = await deps.authenticator.basic(creds.username, creds.password, req.ip);
      if (!found) throw unauthorized('invalid username or password');
      principal = found;
    } else if (scopes.length === 0) {
      // `docker login` probes with no scope: anonymous callers must authenticate.
      throw unauthorized('authentication required');
    }
    res.json(await deps.tokens.issue(principal, scopes, { offline: q.offline_token === 'true' }));
  });

  router.post('/service/token', express.urlencoded({ extended: false, limit: '64kb' }), async (req: Request, res: Response) => {
    const form = (req.body ?? {}) as Record<string, unknown>;
    checkService(form.service);
    const scopes = all(form.scope);
    let principal: Principal | null;
    let offline = form.access_type === 'offline';
    if (form.grant_type === 'password') {
      if (typeof form.username !== 'string' || typeof form.password !== 'string') throw new ApiError('BAD_REQUEST', 'username and password are required');
      principal = await deps.authenticator.basic(form.username, form.password, req.ip);
      if (!principal) throw unauthorized('invalid username or password');
      offline = true;
    } else if (form.grant_type === 'refresh_token') {
      const name = typeof form.refresh_token === 'string' ? deps.tokens.verifyRefreshToken(form.refresh_token) : null;
      principal = name ? await deps.authenticator.byName(name) : null;
      if (!principal) throw unauthorized('invalid refresh token');
      offline = false;
    } else {
      throw new ApiError('BAD_REQUEST', `unsupported grant_type: ${String(form.grant_type)}`);
    }
    const issued = await deps.tokens.issue(principal, scopes, { offline });
    if (form.grant_type === 'refresh_token') issued.refresh_token = form.refresh_token as string;
    res.json(issued);
  });
}
