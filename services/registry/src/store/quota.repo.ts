// Project storage quotas as the registry reads them: the project's hard limit (Harbor's quota row,
// reference 'project', `{"storage": bytes}`, -1 unlimited), through a short-lived cache since every push
// asks and limits change rarely; and the project's usage — its blobs, each counted once (project_blob ⨝
// blob) — together with which of a push's blobs the project already holds, in one statement.
import type { Pool } from '@harbor/db/sql';

export interface ProjectLimit {
  projectId: number;
  /** Storage limit in bytes; null when the project has none or it is unlimited. */
  hard: number | null;
}

export interface ProjectUsage {
  /** Bytes of the project's blobs, each blob once. */
  used: number;
  /** For each asked digest: its size when the blob is known, and whether the project holds it. */
  blobs: Map<string, { size: number | null; held: boolean }>;
}

interface Entry {
  limit: ProjectLimit | null;
  expiresAt: number;
}

export class QuotaRepo {
  private readonly cache = new Map<string, Entry>();

  constructor(
    private readonly db: Pool,
    private readonly ttlMs = 5_000,
    private readonly missingTtlMs = 1_000,
    private readonly maxEntries = 4096,
  ) {}

  /** The project's id and storage limit; null when there is no such project yet. */
  async limit(project: string): Promise<ProjectLimit | null> {
    const now = Date.now();
    const hit = this.cache.get(project);
    if (hit && hit.expiresAt > now) return hit.limit;
    const { rows } = await this.db.query<{ id: number; hard: string | null }>({
      name: 'quota_project_limit',
      text: `SELECT p.id, q.hard->>'storage' AS hard FROM project p
             LEFT JOIN quota q ON q.reference = 'project' AND q.reference_id = p.id::text
             WHERE p.name = $1`,
      values: [project],
    });
    const row = rows[0];
    const hard = row?.hard != null && /^-?\d+$/.test(row.hard) ? Number(row.hard) : null;
    const limit = row ? { projectId: row.id, hard: hard !== null && hard >= 0 ? hard : null } : null;
    this.cache.delete(project);
    if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(project, { limit, expiresAt: now + (limit ? this.ttlMs : this.missingTtlMs) });
    return limit;
  }

  /**
   * The project's usage and, for each digest, the blob's size and whether the project holds it. The
   * usage sum walks the project's rows of the (project_id, blob_id) index; the digests are looked up by
   * their unique index.
   */
  async usage(projectId: number, digests: string[]): Promise<ProjectUsage> {
    const { rows } = await this.db.query<{ used: number; blobs: Array<{ digest: string; size: number | null; held: boolean }> }>({
      name: 'quota_project_usage',
      text: `WITH d AS (SELECT DISTINCT unnest($2::text[]) AS digest)
             SELECT (SELECT coalesce(sum(b.size), 0) FROM project_blob pb JOIN blob b ON b.id = pb.blob_id
                     WHERE pb.project_id = $1)::bigint AS used,
                    coalesce(json_agg(json_build_object('digest', d.digest, 'size', b.size, 'held', pb.blob_id IS NOT NULL)), '[]') AS blobs
             FROM d LEFT JOIN blob b ON b.digest = d.digest
                    LEFT JOIN project_blob pb ON pb.blob_id = b.id AND pb.project_id = $1`,
      values: [projectId, digests],
    });
    const row = rows[0]!;
    return { used: Number(row.used), blobs: new Map(row.blobs.map((b) => [b.digest, { size: b.size === null ? null : Number(b.size), held: b.held }])) };
  }
}
