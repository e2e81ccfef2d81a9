// A project's claims on blobs (project_blob, which quota usage counts), as Harbor keeps them when
// artifacts go: a blob stays claimed while any artifact of the project is made of it; otherwise the
// claim is dropped. The blob row itself stays for garbage collection. (The statement is packages/db's.)
import { releaseProjectBlobsSql, sqlTxOf, type DbClient } from '@harbor/db';

/** Drops the project's claims on the blobs of the deleted manifests `digests` that nothing else needs. */
export async function releaseProjectBlobs(tx: DbClient, projectId: number, digests: string[]): Promise<void> {
  await releaseProjectBlobsSql(sqlTxOf(tx), projectId, digests);
}
