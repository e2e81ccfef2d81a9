// Deleting an artifact as Harbor's artifact controller does (deleteDeeply), inside the caller's
// transaction: its accessories go with it, then its index children unless they are tagged or another
// index still refers to them, then its tags, labels and the row itself; the project's claims on blobs
// nothing else needs are released (quota). An artifact some index still refers to cannot be deleted on
// its own. Blob rows stay for garbage collection. Plain SQL over a minimal client, so core (through its
// Prisma transaction) and the jobservice (a pg client) run the same statements.

/** What the deletion needs of a client: one statement with `$n` parameters, returning its rows. */
export interface SqlTx {
  query<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: T[] }>;
}

export type DeleteOutcome =
  | { kind: 'deleted'; digests: string[] }
  | { kind: 'gone' }
  /** `expectTags` was given and the artifact carries other tags now. */
  | { kind: 'changed'; tags: string[] };

interface Target {
  id: number;
  digest: string;
  repository_name: string;
  project_id: number;
  tags: string[] | null;
  referenced: boolean;
}

/** The artifact (or one of its accessories) is still referenced by an index: roll the transaction back. */
export class ArtifactReferencedError extends Error {
  constructor() {
    super('the deleting artifact is referenced by others');
  }
}

/**
 * Deletes the artifact `id` and what belongs to it (call inside a transaction). With `expectTags`, only
 * if it still carries exactly those tags (a retention run's verdict may be stale). Throws
 * ArtifactReferencedError, possibly after some deletions: the caller's transaction must then roll back.
 */
export async function deleteArtifactDeeply(tx: SqlTx, id: number, opts: { expectTags?: readonly string[] } = {}): Promise<DeleteOutcome> {
  const root = await lock(tx, id);
  if (!root) return { kind: 'gone' };
  if (opts.expectTags && !sameTags(root.tags ?? [], opts.expectTags)) return { kind: 'changed', tags: root.tags ?? [] };
  const removed: Array<{ digest: string; projectId: number }> = [];
  await deleteDeeply(tx, root, true, removed);
  const byProject = new Map<number, string[]>();
  for (const r of removed) byProject.set(r.projectId, [...(byProject.get(r.projectId) ?? []), r.digest]);
  for (const [projectId, digests] of byProject) await releaseProjectBlobs(tx, projectId, digests);
  return { kind: 'deleted', digests: removed.map((r) => r.digest) };
}

/** Drops the project's claims on the blobs of the deleted manifests `digests` that nothing else needs. */
export async function releaseProjectBlobs(tx: SqlTx, projectId: number, digests: string[]): Promise<void> {
  if (digests.length === 0) return;
  await tx.query(
    `DELETE FROM project_blob pb USING blob b
     WHERE pb.blob_id = b.id AND pb.project_id = $1::int
       AND b.digest IN (SELECT ab.digest_blob FROM artifact_blob ab WHERE ab.digest_af = ANY($2::text[]))
       AND NOT EXISTS (
         SELECT 1 FROM artifact a JOIN artifact_blob ab2 ON ab2.digest_af = a.digest
         WHERE a.project_id = $1::int AND ab2.digest_blob = b.digest)`, [projectId, digests]);
}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  const x = [...a].sort();
  const y = [...b].sort();
  return x.length === y.length && x.every((t, i) => t === y[i]);
}

async function lock(tx: SqlTx, id: number): Promise<Target | null> {
  const { rows } = await tx.query<Target>(
    `SELECT a.id, a.digest, a.repository_name, a.project_id,
            (SELECT array_agg(t.name ORDER BY t.name) FROM tag t WHERE t.artifact_id = a.id) AS tags,
            EXISTS (SELECT 1 FROM artifact_reference r WHERE r.child_id = a.id) AS referenced
     FROM artifact a WHERE a.id = $1::int FOR UPDATE`, [id]);
  return rows[0] ?? null;
}

async function deleteDeeply(tx: SqlTx, art: Target, isRoot: boolean, removed: Array<{ digest: string; projectId: number }>): Promise<void> {
  // a tagged child, or one another index still needs, stays
  if (!isRoot && (art.tags ?? []).length > 0) return;
  if (art.referenced) {
    if (isRoot) throw new ArtifactReferencedError();
    return;
  }
  const { rows: accessories } = await tx.query<{ artifact_id: number }>(
    `SELECT artifact_id FROM artifact_accessory
     WHERE subject_artifact_repo = $1 AND subject_artifact_digest = $2 AND artifact_id <> $3::int`, [art.repository_name, art.digest, art.id]);
  for (const acc of accessories) {
    const target = await lock(tx, acc.artifact_id);
    if (target) await deleteDeeply(tx, target, true, removed);
  }
  const { rows: children } = await tx.query<{ id: number; child_id: number }>('SELECT id, child_id FROM artifact_reference WHERE parent_id = $1::int', [art.id]);
  for (const child of children) {
    await tx.query('DELETE FROM artifact_reference WHERE id = $1::int', [child.id]);
    const target = await lock(tx, child.child_id);
    if (target) await deleteDeeply(tx, target, false, removed);
  }
  // tags, labels, the artifact's own accessory links and remaining references go with the row
  await tx.query('DELETE FROM artifact WHERE id = $1::int', [art.id]);
  removed.push({ digest: art.digest, projectId: art.project_id });
}
