// The registry token service's decisions (Harbor's /service/token): for each requested scope, the actions
// the caller holds — replaced by the caller's full set on that project's repositories, never more —
// then an RS256 JWT the registry trusts. Refresh tokens (docker's offline login) are JWTs of their own
// audience, so they can never be presented to the registry.
import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { parseScopes, requestedProjects, resolveAccess, type Access, type Evaluator, type TokenMinter } from '@harbor/auth';
import { ApiError } from '../../http/errors.js';
import type { ProjectRepo } from '../../store/project.repo.js';
import { evaluatorFor } from '../identity/permissions.js';
import { principalName, type Principal } from '../identity/authenticator.js';

export interface TokenResponse {
  token: string;
  access_token: string;
  expires_in: number;
  issued_at: string;
  refresh_token?: string;
}

const REFRESH_AUDIENCE = 'harbor-refresh';
/**
 * Distinct scopes one token may be asked for. Clients ask for one to three (a push with a cross-repository
 * mount); each repository scope may cost a project lookup and makes the token longer, so a request for
 * hundreds is refused rather than served.
 */
export const MAX_SCOPES = 100;
const REFRESH_SECONDS = 30 * 24 * 3600;

export class TokenService {
  constructor(
    private readonly minter: TokenMinter,
    private readonly projects: ProjectRepo,
    private readonly options: {
      service: string; issuer: string; expirySeconds: number; keyPem: string; certPem: string;
      /** The token_expiration setting now, in seconds (overrides expirySeconds). */
      currentExpirySeconds?: () => Promise<number>;
    },
  ) {}

  get service(): string {
    return this.options.service;
  }

  async grant(principal: Principal, scopes: string[]): Promise<Access[]> {
    const requested = parseScopes(scopes);
    if (requested.length > MAX_SCOPES) throw new ApiError('BAD_REQUEST', `too many scopes: at most ${MAX_SCOPES} may be requested at once`);
    const evaluators = new Map<string, Evaluator | null>();
    for (const name of requestedProjects(requested)) {
      const project = await this.projects.findByName(name, principal.kind === 'user' ? principal.id : undefined);
      evaluators.set(name, project ? await evaluatorFor(principal, project, this.projects) : null);
    }
    const sysAdmin = principal.kind === 'user' && principal.sysadmin;
    return resolveAccess(requested, (name) => evaluators.get(name) ?? null, { sysAdmin });
  }

  async issue(principal: Principal, scopes: string[], opts: { offline?: boolean } = {}): Promise<TokenResponse> {
    const access = await this.grant(principal, scopes);
    const expirySeconds = this.options.currentExpirySeconds ? await this.options.currentExpirySeconds() : this.options.expirySeconds;
    const minted = this.minter.mint({ subject: principalName(principal), audience: this.options.service, access, expirySeconds });
    const response: TokenResponse = {
      token: minted.token,
      access_token: minted.token,
      expires_in: minted.expires_in,
      issued_at: minted.issued_at,
    };
    if (opts.offline && principal.kind !== 'anonymous') response.refresh_token = this.refreshToken(principal);
    return response;
  }

  private refreshToken(principal: Principal): string {
    return jwt.sign({ kind: principal.kind }, this.options.keyPem, {
      algorithm: 'RS256', audience: REFRESH_AUDIENCE, issuer: this.options.issuer, subject: principalName(principal),
      expiresIn: REFRESH_SECONDS, jwtid: randomUUID(),
    });
  }

  /** The account name a refresh token was issued to, or null when it is not one of ours or has expired. */
  verifyRefreshToken(token: string): string | null {
    try {
      const claims = jwt.verify(token, this.options.certPem, { algorithms: ['RS256'], audience: REFRESH_AUDIENCE, issuer: this.options.issuer });
      return typeof claims === 'object' && typeof claims.sub === 'string' ? claims.sub : null;
    } catch {
      return null;
    }
  }
}
