// A project's claims on blobs (project_blob, which quota usage counts), as Harbor keeps them when
// artifacts go: a blob stays claimed while any artifact of the project is made of it; otherwise the
// claim is dropped. The blob row itself stays for garbage collection.
import { Prisma, type DbClient } from '@harbor/db';

/** Drops the project's claims on the blobs of the deleted manifests `digests` that nothing else needs. */
export async function releaseProjectBlobs(tx: DbClient, projectId: number, digests: string[]): Promise<void> {
  if (digests.length === 0) return;
  await tx.$executeRaw(Prisma.sql`
    DELETE FROM project_blob pb USING blob b
    WHERE pb.blob_id = b.id AND pb.project_id = ${projectId}
      AND b.digest IN (SELECT ab.digest_blob FROM artifact_blob ab WHERE ab.digest_af = ANY(${digests}::text[]))
      AND NOT EXISTS (
        SELECT 1 FROM artifact a JOIN artifact_blob ab2 ON ab2.digest_af = a.digest
        WHERE a.project_id = ${projectId} AND ab2.digest_blob = b.digest)`);
}
