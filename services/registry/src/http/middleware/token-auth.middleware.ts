// Docker token authentication as distribution does it: a request without a valid bearer token gets 401
// with a WWW-Authenticate challenge naming the realm, service and the scope the route needs; a valid
// token whose access claim does not cover the route gets 401 with error="insufficient_scope".
import type { Request } from 'express';
import { accessAllows, TokenError, type Access, type TokenVerifier } from '@harbor/auth';
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
}

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

  /** The caller's access claim, or a RegistryError (401) carrying the challenge. */
  authorize(req: Request, reqs: Requirement[]): readonly Access[] | Promise<readonly Access[]> {
    const header = req.headers.authorization;
    if (header && this.options.basic && /^Basic\s/i.test(header)) return this.authorizeBasic(header, reqs);
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new RegistryError('UNAUTHORIZED', null, this.challenge(reqs));
    return this.check(match[1], reqs);
  }

  private async authorizeBasic(header: string, reqs: Requirement[]): Promise<readonly Access[]> {
    const scopes = reqs.map((r) => `${r.type}:${r.name}:${r.actions.join(',')}`);
    const token = await this.options.basic!.token(header, scopes);
    if (!token) throw new RegistryError('UNAUTHORIZED', { reason: 'invalid credentials' }, this.challenge(reqs));
    return this.check(token, reqs);
  }

  private check(token: string, reqs: Requirement[]): readonly Access[] {
    let access: readonly Access[];
    try {
      access = this.options.verifier.verify(token).access;
    } catch (err) {
      const reason = err instanceof TokenError ? err.message : 'invalid token';
      throw new RegistryError('UNAUTHORIZED', { reason }, this.challenge(reqs, 'invalid_token'));
    }
    for (const r of reqs) {
      for (const action of r.actions) {
        if (!accessAllows(access, r.type, r.name, action)) {
          throw new RegistryError('UNAUTHORIZED', { type: r.type, name: r.name, action }, this.challenge(reqs, 'insufficient_scope'),
            'authentication required');
        }
      }
    }
    return access;
  }
}
