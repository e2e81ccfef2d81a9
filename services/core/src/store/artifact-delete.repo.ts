// Deleting an artifact through the API: Harbor's deleteDeeply (packages/db's artifact-delete, shared with
// the jobservice's retention runs) in one transaction of core's database client; a referenced artifact
// rolls it back (ArtifactReferencedError).
import { ArtifactReferencedError, deleteArtifactDeeply, sqlTxOf, type PrismaClient } from '@harbor/db';

export { ArtifactReferencedError };

export class ArtifactDeleteRepo {
  constructor(private readonly db: PrismaClient) {}

  /** Deletes the artifact and what belongs to it; returns the digests of every artifact removed. */
  async delete(id: number): Promise<string[]> {
    const outcome = await this.db.$transaction((tx) => deleteArtifactDeeply(sqlTxOf(tx), id));
    return outcome.kind === 'deleted' ? outcome.digests : [];
  }
}
