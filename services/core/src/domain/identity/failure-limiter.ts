// Slows down repeated failed logins: after a few failures for one account from one address, each further
// attempt waits longer (up to a cap) before it is answered. Counts live in Redis so every core replica
// sees the same failures; should Redis be unreachable, counting carries on in this process.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface FailureLimiterOptions {
  freeAttempts?: number;
  maxDelayMs?: number;
  windowMs?: number;
}

export class FailureLimiter {
  private readonly local = new Map<string, { count: number; last: number }>();
  private readonly freeAttempts: number;
  private readonly maxDelayMs: number;
  private readonly windowMs: number;

  constructor(private readonly redis?: Redis, opts: FailureLimiterOptions = {}) {
    this.freeAttempts = opts.freeAttempts ?? 3;
    this.maxDelayMs = opts.maxDelayMs ?? 5_000;
    this.windowMs = opts.windowMs ?? 15 * 60_000;
  }

  /** How long to hold an attempt for this key before answering. */
  async delayFor(key: string): Promise<number> {
    return this.delayAfter(await this.count(key));
  }

  async fail(key: string): Promise<void> {
    if (this.redis) {
      try {
        const k = this.redisKey(key);
        await this.redis.multi().incr(k).pexpire(k, this.windowMs).exec();
        return;
      } catch { /* counted locally below */ }
    }
    const now = Date.now();
    const f = this.local.get(key);
    const count = f && now - f.last <= this.windowMs ? f.count + 1 : 1;
    this.local.set(key, { count, last: now });
    if (this.local.size > 100_000) this.local.delete(this.local.keys().next().value!);
  }

  async succeed(key: string): Promise<void> {
    this.local.delete(key);
    if (this.redis) await this.redis.del(this.redisKey(key)).catch(() => undefined);
  }

  private delayAfter(count: number): number {
    if (count < this.freeAttempts) return 0;
    return Math.min(this.maxDelayMs, 250 * 2 ** (count - this.freeAttempts));
  }

  private async count(key: string): Promise<number> {
    const f = this.local.get(key);
    const local = f && Date.now() - f.last <= this.windowMs ? f.count : 0;
    if (!this.redis) return local;
    try {
      return Math.max(local, Number(await this.redis.get(this.redisKey(key))) || 0);
    } catch {
      return local;
    }
  }

  /** Account names and addresses are caller-chosen: hashed, so keys stay short and printable. */
  private redisKey(key: string): string {
    return `login-failures:${createHash('sha256').update(key).digest('hex')}`;
  }
}
