// System settings the registry obeys, read from the `properties` table core manages: the read-only mode
// and whether per-project quotas are enforced. Cached for a few seconds: the checks run on every write
// request, and the settings rarely change.
import type { Pool } from '@harbor/db/sql';

interface Values {
  readOnly: boolean;
  quotaPerProject: boolean;
}

export class SystemSettings {
  private current: Values = { readOnly: false, quotaPerProject: true };
  private expiresAt = 0;
  private pending: Promise<Values> | null = null;

  constructor(private readonly db: Pool, private readonly ttlMs = 5_000) {}

  /** Whether the suite is in read-only mode (Harbor's `read_only` setting). */
  async readOnly(): Promise<boolean> {
    return (await this.values()).readOnly;
  }

  /** Whether project storage quotas are enforced (Harbor's `quota_per_project_enable`, on unless turned off). */
  async quotaPerProject(): Promise<boolean> {
    return (await this.values()).quotaPerProject;
  }

  private async values(): Promise<Values> {
    if (Date.now() < this.expiresAt) return this.current;
    this.pending ??= this.db.query<{ k: string; v: string }>({
      name: 'settings_registry',
      text: `SELECT k, v FROM properties WHERE k IN ('read_only', 'quota_per_project_enable')`,
    })
      .then(({ rows }) => {
        const get = (k: string) => rows.find((r) => r.k === k)?.v;
        this.current = { readOnly: get('read_only') === 'true', quotaPerProject: get('quota_per_project_enable') !== 'false' };
        this.expiresAt = Date.now() + this.ttlMs;
        return this.current;
      })
      .finally(() => { this.pending = null; });
    return this.pending;
  }
}
