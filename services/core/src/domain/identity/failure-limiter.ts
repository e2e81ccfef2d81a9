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

  /**
   * Counts an attempt before its credentials are checked, and says how long to hold it: attempts sent in
   * parallel each see the ones before them, so a burst of guesses is slowed like a sequence. A success
   * clears the count.
   */
  async attempt(key: string): Promise<number> {
    return this.delayAfter((await this.increment(key)) - 1);
  }

  /** How long the next attempt for this key would be held. */
  async delayFor(key: string): Promise<number> {
    return this.delayAfter(await this.count(key));
  }

  private async increment(key: string): Promise<number> {
    if (this.redis) {
      try {
        const k = this.redisKey(key);
        const [[, count]] = (await this.redis.multi().incr(k).pexpire(k, this.windowMs).exec()) as [[unknown, number]];
        return Math.max(count, this.localCount(key) + 1);
      } catch { /* counted locally below */ }
    }
    const now = Date.now();
    const count = this.localCount(key) + 1;
    this.local.set(key, { count, last: now });
    if (this.local.size > 100_000) this.local.delete(this.local.keys().next().value!);
    return count;
  }

  private localCount(key: string): number {
    const f = this.local.get(key);
    return f && Date.now() - f.last <= this.windowMs ? f.count : 0;
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
    const local = this.localCount(key);
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
