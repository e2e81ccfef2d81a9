// Deleting an artifact as core's artifact API does (Harbor's deleteDeeply), in one transaction: its
// accessories go with it, then its index children unless they are tagged or another index still refers
// to them, then its tags, labels and the row itself; the project's claims on blobs nothing else needs
// are released (quota). An artifact some index still refers to is not deleted. Blob rows stay for
// garbage collection. A retention run also checks, under the row lock, that the artifact still carries
// exactly the tags it was judged by: one re-tagged since is left alone.
import { withTransaction, type Pool, type PoolClient } from '@harbor/db/sql';

export type DeleteOutcome =
  | { kind: 'deleted'; digests: string[] }
  | { kind: 'gone' }
  | { kind: 'changed'; tags: string[] }
  | { kind: 'referenced' };

interface Target {
  id: number;
  digest: string;
  repository_name: string;
  project_id: number;
  tags: string[] | null;
  referenced: boolean;
}

class Referenced extends Error {}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  const x = [...a].sort();
  const y = [...b].sort();
  return x.length === y.length && x.every((t, i) => t === y[i]);
}

/** Deletes the artifact `id` if it still carries exactly `tags`. */
export async function deleteArtifact(db: Pool, id: number, tags: readonly string[]): Promise<DeleteOutcome> {
  try {
    return await withTransaction(db, async (tx) => {
      const root = await lock(tx, id);
      if (!root) return { kind: 'gone' } as const;
      if (!sameTags(root.tags ?? [], tags)) return { kind: 'changed', tags: root.tags ?? [] } as const;
      const removed: Array<{ digest: string; projectId: number }> = [];
      await deleteDeeply(tx, root, true, removed);
      const byProject = new Map<number, string[]>();
      for (const r of removed) byProject.set(r.projectId, [...(byProject.get(r.projectId) ?? []), r.digest]);
      for (const [projectId, digests] of byProject) await releaseProjectBlobs(tx, projectId, digests);
      return { kind: 'deleted', digests: removed.map((r) => r.digest) } as const;
    });
  } catch (err) {
    if (err instanceof Referenced) return { kind: 'referenced' };
    throw err;
  }
}

async function lock(tx: PoolClient, id: number): Promise<Target | null> {
  const { rows } = await tx.query<Target>(
    `SELECT a.id, a.digest, a.repository_name, a.project_id,
            (SELECT array_agg(t.name ORDER BY t.name) FROM tag t WHERE t.artifact_id = a.id) AS tags,
            EXISTS (SELECT 1 FROM artifact_reference r WHERE r.child_id = a.id) AS referenced
     FROM artifact a WHERE a.id = $1 FOR UPDATE`, [id]);
  return rows[0] ?? null;
}

async function deleteDeeply(tx: PoolClient, art: Target, isRoot: boolean, removed: Array<{ digest: string; projectId: number }>): Promise<void> {
  // a tagged child, or one another index still needs, stays
  if (!isRoot && (art.tags ?? []).length > 0) return;
  if (art.referenced) {
    if (isRoot) throw new Referenced();
    return;
  }
  const { rows: accessories } = await tx.query<{ artifact_id: number }>(
    `SELECT artifact_id FROM artifact_accessory
     WHERE subject_artifact_repo = $1 AND subject_artifact_digest = $2 AND artifact_id <> $3`, [art.repository_name, art.digest, art.id]);
  for (const acc of accessories) {
    const target = await lock(tx, acc.artifact_id);
    if (target) await deleteDeeply(tx, target, true, removed);
  }
  const { rows: children } = await tx.query<{ id: number; child_id: number }>('SELECT id, child_id FROM artifact_reference WHERE parent_id = $1', [art.id]);
  for (const child of children) {
    await tx.query('DELETE FROM artifact_reference WHERE id = $1', [child.id]);
    const target = await lock(tx, child.child_id);
    if (target) await deleteDeeply(tx, target, false, removed);
  }
  // tags, labels, the artifact's own accessory links and remaining references go with the row
  await tx.query('DELETE FROM artifact WHERE id = $1', [art.id]);
  removed.push({ digest: art.digest, projectId: art.project_id });
}

/** Drops the project's claims on the blobs of the deleted manifests that no artifact of the project still uses. */
async function releaseProjectBlobs(tx: PoolClient, projectId: number, digests: string[]): Promise<void> {
  await tx.query(
    `DELETE FROM project_blob pb USING blob b
     WHERE pb.blob_id = b.id AND pb.project_id = $1
       AND b.digest IN (SELECT ab.digest_blob FROM artifact_blob ab WHERE ab.digest_af = ANY($2::text[]))
       AND NOT EXISTS (
         SELECT 1 FROM artifact a JOIN artifact_blob ab2 ON ab2.digest_af = a.digest
         WHERE a.project_id = $1 AND ab2.digest_blob = b.digest)`, [projectId, digests]);
}
