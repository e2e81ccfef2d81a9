// System settings the registry obeys, read from the `properties` table core manages: today the read-only
// mode. Cached for a few seconds: the check runs on every write request, and the setting rarely changes.
import type { Pool } from '@harbor/db/sql';

export class SystemSettings {
  private readOnlyValue = false;
  private expiresAt = 0;
  private pending: Promise<boolean> | null = null;

  constructor(private readonly db: Pool, private readonly ttlMs = 5_000) {}

  /** Whether the suite is in read-only mode (Harbor's `read_only` setting). */
  async readOnly(): Promise<boolean> {
    if (Date.now() < this.expiresAt) return this.readOnlyValue;
    this.pending ??= this.db.query<{ v: string }>({ name: 'settings_read_only', text: `SELECT v FROM properties WHERE k = 'read_only'` })
      .then(({ rows }) => {
        this.readOnlyValue = rows[0]?.v === 'true';
        this.expiresAt = Date.now() + this.ttlMs;
        return this.readOnlyValue;
      })
      .finally(() => { this.pending = null; });
    return this.pending;
  }
}
