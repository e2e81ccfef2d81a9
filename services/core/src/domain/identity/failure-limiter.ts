// Slows down repeated failed logins: after a few failures for one account from one address, each further
// attempt waits longer (up to a cap) before it is answered. In-process; a shared Redis-backed limiter
// replaces it when core runs as several replicas.
export class FailureLimiter {
  private readonly failures = new Map<string, { count: number; last: number }>();
  constructor(private readonly freeAttempts = 3, private readonly maxDelayMs = 5_000, private readonly windowMs = 15 * 60_000) {}

  /** How long to hold an attempt for this key before answering. */
  delayFor(key: string, now = Date.now()): number {
    const f = this.failures.get(key);
    if (!f || now - f.last > this.windowMs || f.count < this.freeAttempts) return 0;
    return Math.min(this.maxDelayMs, 250 * 2 ** (f.count - this.freeAttempts));
  }

  fail(key: string, now = Date.now()): void {
    const f = this.failures.get(key);
    const count = f && now - f.last <= this.windowMs ? f.count + 1 : 1;
    this.failures.set(key, { count, last: now });
    if (this.failures.size > 100_000) this.failures.delete(this.failures.keys().next().value!);
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }
}
