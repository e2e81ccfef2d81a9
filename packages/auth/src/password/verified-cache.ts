// Remembers, for a few minutes, that a secret matched a stored hash, so a client that sends the same
// credentials with every request (docker, CI tools, Basic auth on the API) pays the memory-hard hash once
// rather than each time. Only successes are remembered, and only as an HMAC under a key that never leaves
// the process; the account and the stored hash are part of what is remembered, so changing a password or
// secret (a new hash with a new salt) ends the old entry at once. Concurrent checks of the same pair share
// one hash.
import { createHmac, randomBytes } from 'node:crypto';

export type SecretVerifier = (secret: string, stored: string) => Promise<boolean>;

export class VerifiedSecretCache {
  private readonly key = randomBytes(32);
  private readonly entries = new Map<string, number>();
  private readonly inflight = new Map<string, Promise<boolean>>();

  constructor(private readonly ttlMs = 5 * 60_000, private readonly maxEntries = 10_000) {}

  /**
   * Whether this secret was proven to match this stored hash of this account (`owner`, any stable id)
   * within the last few minutes, without hashing.
   */
  known(owner: string, secret: string, stored: string): boolean {
    return this.hit(this.idOf(owner, secret, stored));
  }

  async verify(owner: string, secret: string, stored: string, verifier: SecretVerifier): Promise<boolean> {
    const id = this.idOf(owner, secret, stored);
    if (this.hit(id)) return true;
    const running = this.inflight.get(id);
    if (running) return running;
    const check = verifier(secret, stored).then((ok) => {
      if (ok) this.remember(id, Date.now() + this.ttlMs);
      return ok;
    }).finally(() => this.inflight.delete(id));
    this.inflight.set(id, check);
    return check;
  }

  private idOf(owner: string, secret: string, stored: string): string {
    return createHmac('sha256', this.key).update(owner).update('\u0000').update(stored).update('\u0000').update(secret).digest('base64');
  }

  private hit(id: string): boolean {
    const expires = this.entries.get(id);
    if (expires === undefined) return false;
    if (expires > Date.now()) return true;
    this.entries.delete(id);
    return false;
  }

  private remember(id: string, expires: number): void {
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(id, expires);
  }
}
