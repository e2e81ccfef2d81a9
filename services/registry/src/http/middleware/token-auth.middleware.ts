// Docker token authentication as distribution does it: a request without a valid bearer token gets 401
// with a WWW-Authenticate challenge naming the realm, service and the scope the route needs; a valid
// token whose access claim does not cover the route gets 401 with error="insufficient_scope". As Harbor,
// a token issued before its repository's project was created is refused: a project deleted and created
// again under the same name does not inherit the tokens handed out for the old one.
import type { Request } from 'express';
import { accessAllows, TokenError, type Access, type TokenVerifier, type VerifiedToken } from '@harbor/auth';
import { RegistryError } from '../errors.js';
import type { BasicExchange } from './basic-exchange.js';

export interface Requirement {
  type: 'repository' | 'registry';
  name: string;
  actions: string[];
}

export interface TokenAuthOptions {
  realm: string;
  service: string;
  verifier: TokenVerifier;
  /** Exchanges Basic credentials sent to /v2/ for a token; absent: Basic is answered with a challenge. */
  basic?: BasicExchange;
  /** When the project holding a repository was created; null when unknown (then no check is made). */
  projectCreated?: (repository: string) => Promise<Date | null>;
}

/** Who the verified token speaks for, and what it grants. */
export interface Caller {
  access: readonly Access[];
  /** The token's `sub`; '' for anonymous callers. */
  subject: string;
}

class StaleTokenError extends RegistryError {}

export function formatScope(reqs: Requirement[]): string {
  return reqs.map((r) => `${r.type}:${r.name}:${r.actions.join(',')}`).join(' ');
}

export class TokenAuth {
  constructor(private readonly options: TokenAuthOptions) {}

  private challenge(reqs: Requirement[], error?: string): Record<string, string> {
    let value = `Bearer realm="${this.options.realm}",service="${this.options.service}"`;
    if (reqs.length) value += `,scope="${formatScope(reqs)}"`;
    if (error) value += `,error="${error}"`;
    return { 'WWW-Authenticate': value };
  }

  /** The verified caller, or a RegistryError (401) carrying the challenge. */
  authorize(req: Request, reqs: Requirement[]): Caller | Promise<Caller> {
    const header = req.headers.authorization;
    if (header && this.options.basic && /^Basic\s/i.test(header)) return this.authorizeBasic(header, reqs);
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new RegistryError('UNAUTHORIZED', null, this.challenge(reqs));
    return this.check(match[1], reqs);
  }

  private async authorizeBasic(header: string, reqs: Requirement[]): Promise<Caller> {
    const scopes = reqs.map((r) => `${r.type}:${r.name}:${r.actions.join(',')}`);
    for (let fresh = false; ; fresh = true) {
      const token = await this.options.basic!.token(header, scopes, fresh);
      if (!token) throw new RegistryError('UNAUTHORIZED', { reason: 'invalid credentials' }, this.challenge(reqs));
      try {
        return await this.check(token, reqs);
      } catch (err) {
        // A token exchanged (and cached) before the project was created again: exchange once more.
        if (!(err instanceof StaleTokenError) || fresh) throw err;
      }
    }
  }

  private check(token: string, reqs: Requirement[]): Caller | Promise<Caller> {
    let verified: VerifiedToken;
    try {
      verified = this.options.verifier.verify(token);
    } catch (err) {
      const reason = err instanceof TokenError ? err.message : 'invalid token';
      throw new RegistryError('UNAUTHORIZED', { reason }, this.challenge(reqs, 'invalid_token'));
    }
    const { access } = verified;
    for (const r of reqs) {
      for (const action of r.actions) {
        if (!accessAllows(access, r.type, r.name, action)) {
          throw new RegistryError('UNAUTHORIZED', { type: r.type, name: r.name, action }, this.challenge(reqs, 'insufficient_scope'),
            'authentication required');
        }
      }
    }
    const caller: Caller = { access, subject: verified.subject };
    const repositories = reqs.filter((r) => r.type === 'repository');
    if (!this.options.projectCreated || !verified.issuedAt || repositories.length === 0) return caller;
    return this.checkIssuedAfterProject(verified.issuedAt, repositories, reqs).then(() => caller);
  }

  private async checkIssuedAfterProject(issuedAt: Date, repositories: Requirement[], reqs: Requirement[]): Promise<void> {
    for (const r of repositories) {
      const created = await this.options.projectCreated!(r.name);
      // `iat` has whole seconds: a token minted in the second the project was created is not older than it.
      if (created && issuedAt.getTime() < Math.floor(created.getTime() / 1000) * 1000) {
        throw new StaleTokenError('UNAUTHORIZED', { reason: 'token was issued before the project was created' },
          this.challenge(reqs, 'invalid_token'));
      }
    }
  }
}
