// Basic credentials sent straight to /v2/ (curl -u, some CI tools): exchanged at the token service for a
// bearer token with the scopes the route needs, as a client would do itself. Tokens are cached per
// credentials and scope until shortly before they expire, so a burst of requests costs one exchange.
import { createHash } from 'node:crypto';

interface Cached {
  token: string;
  expiresAt: number;
}

export class BasicExchange {
  private readonly cache = new Map<string, Cached>();
  constructor(private readonly tokenURL: string, private readonly service: string, private readonly maxEntries = 1024) {}

  /**
   * A token for these Basic credentials and scopes, or null when the token service refuses them. `fresh`
   * skips the cache (the cached token turned out stale).
   */
  async token(authorization: string, scopes: string[], fresh = false): Promise<string | null> {
    const key = createHash('sha256').update(authorization).update('\u0000').update(scopes.join(' ')).digest('hex');
    const hit = this.cache.get(key);
    if (hit && hit.expiresAt > Date.now() && !fresh) return hit.token;
    this.cache.delete(key);
    const url = new URL(this.tokenURL);
    url.searchParams.set('service', this.service);
    for (const scope of scopes) url.searchParams.append('scope', scope);
    const res = await fetch(url, { headers: { Authorization: authorization } });
    if (res.status !== 200) {
      await res.arrayBuffer();
      return null;
    }
    const body = (await res.json()) as { token?: string; access_token?: string; expires_in?: number };
    const token = body.token ?? body.access_token;
    if (!token) return null;
    // Reuse for at most a minute and never past the token's own life (minus a margin).
    const ttl = Math.min(60, Math.max(0, (body.expires_in ?? 60) - 30)) * 1000;
    if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, { token, expiresAt: Date.now() + ttl });
    return token;
  }
}
