// The blob index: which blobs exist, their sizes, and which repositories (and projects) may serve them.
import type { Pool } from '@harbor/db/sql';
import type { RepositoryRef } from './repository.repo.js';

export interface BlobRecord {
  digest: string;
  size: number;
  contentType: string;
}

export class BlobRepo {
  constructor(private readonly db: Pool) {}

  /** The blob if `repository` may serve it. */
  async findLinked(repository: string, digest: string): Promise<BlobRecord | null> {
    const { rows } = await this.db.query<{ digest: string; size: number; content_type: string }>({
      name: 'blob_find_linked',
      text: `SELECT b.digest, b.size, b.content_type FROM blob b
             JOIN repository_blob rb ON rb.blob_id = b.id
             JOIN repository r ON r.id = rb.repository_id
             WHERE r.name = $1 AND b.digest = $2 LIMIT 1`,
      values: [repository, digest],
    });
    const row = rows[0];
    return row ? { digest: row.digest, size: row.size, contentType: row.content_type } : null;
  }

  /** Records the blob and links it to the repository and its project. Idempotent and race-free. */
  async link(repo: RepositoryRef, blob: BlobRecord): Promise<void> {
    await this.db.query(
      `WITH b AS (
         INSERT INTO blob (digest, size, content_type) VALUES ($1, $2, $3)
         ON CONFLICT (digest) DO UPDATE SET digest = EXCLUDED.digest RETURNING id
       ), rb AS (
         INSERT INTO repository_blob (repository_id, blob_id) SELECT $4, id FROM b ON CONFLICT DO NOTHING
       )
       INSERT INTO project_blob (project_id, blob_id) SELECT $5, id FROM b ON CONFLICT DO NOTHING`,
      [blob.digest, blob.size, blob.contentType, repo.id, repo.projectId]);
  }

  /**
   * Takes blobs back from garbage collection before a push relies on them: a blob GC has marked goes back
   * to `none`, and every named blob's clock restarts (GC's time window then protects it). Runs outside any
   * transaction and waits on GC's row lock: when GC is deleting a blob right now, this returns after it
   * committed and the blob is gone (the caller then stores it afresh or reports it unknown).
   */
  async claim(digests: string[]): Promise<void> {
    if (digests.length === 0) return;
    await this.db.query({
      name: 'blob_claim',
      text: `UPDATE blob SET status = 'none', version = version + CASE WHEN status = 'none' THEN 0 ELSE 1 END, update_time = now()
             WHERE digest = ANY($1::text[])`,
      values: [digests],
    });
  }

  /** Removes the repository's link; false when there was none. */
  async unlink(repository: string, digest: string): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `DELETE FROM repository_blob rb USING repository r, blob b
       WHERE rb.repository_id = r.id AND rb.blob_id = b.id AND r.name = $1 AND b.digest = $2`,
      [repository, digest]);
    return (rowCount ?? 0) > 0;
  }

  /** Of the given digests, those the repository may not serve. */
  async missing(repository: string, digests: string[]): Promise<string[]> {
    if (digests.length === 0) return [];
    const { rows } = await this.db.query<{ digest: string }>(
      `SELECT b.digest FROM blob b
       JOIN repository_blob rb ON rb.blob_id = b.id
       JOIN repository r ON r.id = rb.repository_id
       WHERE r.name = $1 AND b.digest = ANY($2::text[])`,
      [repository, digests]);
    const present = new Set(rows.map((r) => r.digest));
    return [...new Set(digests)].filter((d) => !present.has(d));
  }
}
