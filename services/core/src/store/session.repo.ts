// Web console sessions in Redis: `<prefix>session:<sid>` → {userId, csrf}, expiring after inactivity.
// Stateless core replicas share them. The idle timeout is read per use (the session_timeout setting).
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface Session {
  sid: string;
  userId: number;
  csrf: string;
}

export class SessionRepo {
  constructor(private readonly redis: Redis, private readonly ttl: number | (() => Promise<number>)) {}

  /** Seconds a session lives without use. */
  async ttlSeconds(): Promise<number> {
    return typeof this.ttl === 'number' ? this.ttl : this.ttl();
  }

  private key(sid: string): string {
    return `session:${sid}`;
  }

  async create(userId: number): Promise<Session> {
    const session = { sid: randomBytes(32).toString('base64url'), userId, csrf: randomBytes(32).toString('base64url') };
    await this.redis.set(this.key(session.sid), JSON.stringify({ userId, csrf: session.csrf }), 'EX', await this.ttlSeconds());
    return session;
  }

  /** The session, its expiry pushed back (sliding), or null. */
  async touch(sid: string): Promise<Session | null> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(sid)) return null;
    const raw = await this.redis.getex(this.key(sid), 'EX', await this.ttlSeconds());
    if (!raw) return null;
    const { userId, csrf } = JSON.parse(raw) as { userId: number; csrf: string };
    return { sid, userId, csrf };
  }

  async destroy(sid: string): Promise<void> {
    await this.redis.del(this.key(sid));
  }
}
