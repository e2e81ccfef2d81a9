// Project creation times, which the token check compares with a token's `iat`. Only projects created
// through core count: core makes the creator a member, while a project this registry creates by itself on
// a first push has no members, and the token of that very push predates it. Read through a short-lived
// cache: the check runs on every request, and a project is created or deleted rarely. That a project does
// not exist is kept for a shorter time, so one created meanwhile is seen soon.
import type { Pool } from '@harbor/db/sql';

interface Entry {
  created: Date | null;
  expiresAt: number;
}

export class ProjectCreationTimes {
  private readonly cache = new Map<string, Entry>();

  constructor(
    private readonly db: Pool,
    private readonly ttlMs = 10_000,
    private readonly missingTtlMs = 1_000,
    private readonly maxEntries = 4096,
  ) {}

  /** When the project was created; null when there is no such project (or the registry created it). */
  async get(project: string): Promise<Date | null> {
    const now = Date.now();
    const hit = this.cache.get(project);
    if (hit && hit.expiresAt > now) return hit.created;
    const { rows } = await this.db.query<{ creation_time: Date }>({
      name: 'project_creation_time',
      text: `SELECT p.creation_time FROM project p
             WHERE p.name = $1 AND NOT p.deleted AND EXISTS (SELECT 1 FROM project_member m WHERE m.project_id = p.id)`,
      values: [project],
    });
    const created = rows[0]?.creation_time ?? null;
    this.cache.delete(project);
    if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(project, { created, expiresAt: now + (created ? this.ttlMs : this.missingTtlMs) });
    return created;
  }
}
