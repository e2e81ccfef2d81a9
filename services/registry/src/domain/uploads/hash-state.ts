// In-process cache of running sha256 states of upload sessions, so the common path (one process sees
// every chunk) hashes while streaming and never re-reads. It is only an optimisation: a session continued
// on another replica, or after a restart, is re-hashed from storage at completion.
import { createHash, type Hash } from 'node:crypto';

interface Entry {
  offset: number;
  hash: Hash;
}

export class HashStateCache {
  private readonly entries = new Map<string, Entry>();
  constructor(private readonly maxEntries = 4096) {}

  /** A hash positioned at `offset` for this upload, or null when its state is not known here. */
  take(id: string, offset: number): Hash | null {
    const e = this.entries.get(id);
    this.entries.delete(id);
    if (e && e.offset === offset) return e.hash;
    return offset === 0 ? createHash('sha256') : null;
  }

  /** Peeks at the state without consuming it (used at completion). */
  peek(id: string, offset: number): Hash | null {
    const e = this.entries.get(id);
    return e && e.offset === offset ? e.hash : null;
  }

  put(id: string, offset: number, hash: Hash): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(id, { offset, hash });
  }

  drop(id: string): void {
    this.entries.delete(id);
  }
}
