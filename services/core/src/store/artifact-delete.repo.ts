// Deleting an artifact as Harbor's artifact controller does (deleteDeeply), in one transaction: its
// accessories go with it, then its index children unless they are tagged or another index still refers
// to them, then its tags, labels and the row itself. An artifact some index still refers to cannot be
// deleted on its own. Blob rows stay for garbage collection; the project's claims are released.
import type { DbClient, PrismaClient } from '@harbor/db';
import { releaseProjectBlobs } from './project-blob.sql.js';

export class ArtifactReferencedError extends Error {
  constructor() {
    super('the deleting artifact is referenced by others');
  }
}

interface Target {
  id: number;
  digest: string;
  repository_name: string;
  project_id: number;
  tagged: boolean;
  referenced: boolean;
}

export class ArtifactDeleteRepo {
  constructor(private readonly db: PrismaClient) {}

  /** Deletes the artifact and what belongs to it; returns the digests of every artifact removed. */
  async delete(id: number): Promise<string[]> {
    return this.db.$transaction(async (tx) => {
      const removed: Array<{ digest: string; projectId: number }> = [];
      await deleteDeeply(tx, id, true, removed);
      const byProject = new Map<number, string[]>();
      for (const r of removed) byProject.set(r.projectId, [...(byProject.get(r.projectId) ?? []), r.digest]);
      for (const [projectId, digests] of byProject) await releaseProjectBlobs(tx, projectId, digests);
      return removed.map((r) => r.digest);
    });
  }
}

async function deleteDeeply(tx: DbClient, id: number, isRoot: boolean, removed: Array<{ digest: string; projectId: number }>): Promise<void> {
  const [art] = await tx.$queryRaw<Target[]>`
    SELECT a.id, a.digest, a.repository_name, a.project_id,
           EXISTS (SELECT 1 FROM tag t WHERE t.artifact_id = a.id) AS tagged,
           EXISTS (SELECT 1 FROM artifact_reference r WHERE r.child_id = a.id) AS referenced
    FROM artifact a WHERE a.id = ${id} FOR UPDATE`;
  if (!art) return;
  // a tagged child, or one another index still needs, stays
  if (!isRoot && art.tagged) return;
  if (art.referenced) {
    if (isRoot) throw new ArtifactReferencedError();
    return;
  }
  const accessories = await tx.$queryRaw<Array<{ artifact_id: number }>>`
    SELECT artifact_id FROM artifact_accessory
    WHERE subject_artifact_repo = ${art.repository_name} AND subject_artifact_digest = ${art.digest} AND artifact_id <> ${art.id}`;
  for (const acc of accessories) await deleteDeeply(tx, acc.artifact_id, true, removed);
  const children = await tx.$queryRaw<Array<{ id: number; child_id: number }>>`
    SELECT id, child_id FROM artifact_reference WHERE parent_id = ${art.id}`;
  for (const child of children) {
    await tx.$executeRaw`DELETE FROM artifact_reference WHERE id = ${child.id}`;
    await deleteDeeply(tx, child.child_id, false, removed);
  }
  // tags, labels, the artifact's own accessory links and remaining references go with the row
  await tx.$executeRaw`DELETE FROM artifact WHERE id = ${art.id}`;
  removed.push({ digest: art.digest, projectId: art.project_id });
}
