// A retention run's deletion of one artifact: Harbor's deleteDeeply (packages/db's artifact-delete, the
// same statements core's artifact API runs) in its own transaction, and only if the artifact still carries
// exactly the tags it was judged by — one re-tagged since is left alone.
import { ArtifactReferencedError, deleteArtifactDeeply, withTransaction, type DeleteOutcome as Deleted, type Pool } from '@harbor/db/sql';

export type DeleteOutcome = Deleted | { kind: 'referenced' };

/** Deletes the artifact `id` if it still carries exactly `tags`; one an index still refers to is kept. */
export async function deleteArtifact(db: Pool, id: number, tags: readonly string[]): Promise<DeleteOutcome> {
  try {
    return await withTransaction(db, (tx) => deleteArtifactDeeply(tx, id, { expectTags: tags }));
  } catch (err) {
    if (err instanceof ArtifactReferencedError) return { kind: 'referenced' };
    throw err;
  }
}
