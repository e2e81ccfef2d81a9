// Repositories as the API lists and manages them: lookup by full name, paged listing, the description,
// creation for copies, and deletion with everything the repository holds. Blob rows stay for garbage
// collection; only the project's claims on blobs no artifact of the project needs any more are dropped.
import { Prisma, type DbClient, type PrismaClient } from '@harbor/db';
import { releaseProjectBlobs } from './project-blob.sql.js';

export interface RepositoryRecord {
  id: number;
  projectId: number;
  /** Full name, project included (`library/busybox`). */
  name: string;
  description: string;
  pullCount: number;
  creationTime: Date;
  updateTime: Date;
}

const SELECT = { id: true, projectId: true, name: true, description: true, pullCount: true, creationTime: true, updateTime: true } as const;

export class RepositoryRepo {
  constructor(private readonly db: PrismaClient) {}

  async findByName(name: string): Promise<RepositoryRecord | null> {
    return this.db.repository.findUnique({ where: { name }, select: SELECT });
  }

  async list(where: Prisma.RepositoryWhereInput, page: { offset: number; limit: number | undefined },
    orderBy: Prisma.RepositoryOrderByWithRelationInput[]): Promise<{ total: number; items: RepositoryRecord[] }> {
    const [total, items] = await Promise.all([
      this.db.repository.count({ where }),
      this.db.repository.findMany({
        where, select: SELECT, skip: page.offset, take: page.limit,
        // Harbor's default order: newest first
        orderBy: orderBy.length ? [...orderBy, { id: 'desc' }] : [{ creationTime: 'desc' }, { id: 'desc' }],
      }),
    ]);
    return { total, items };
  }

  /** Ids of repositories holding an artifact made of the blob (Harbor's `blob_digest` filter). */
  async idsHoldingBlob(digest: string): Promise<number[]> {
    const rows = await this.db.$queryRaw<Array<{ id: number }>>`
      SELECT DISTINCT a.repository_id AS id FROM artifact a
      JOIN artifact_blob ab ON ab.digest_af = a.digest WHERE ab.digest_blob = ${digest}`;
    return rows.map((r) => r.id);
  }

  async updateDescription(id: number, description: string): Promise<void> {
    await this.db.repository.update({ where: { id }, data: { description } });
  }

  /** The repository, created in the project when missing; concurrent callers get the same row. */
  async ensure(tx: DbClient, name: string, projectId: number): Promise<RepositoryRecord> {
    await tx.$executeRaw`INSERT INTO repository (name, project_id) VALUES (${name}, ${projectId}) ON CONFLICT (name) DO NOTHING`;
    return tx.repository.findUniqueOrThrow({ where: { name }, select: SELECT });
  }

  /**
   * Deletes the repository with its artifacts, tags, references, accessories and labels (one
   * transaction), then releases the project's blobs that no remaining artifact of the project uses.
   */
  async delete(repo: RepositoryRecord): Promise<void> {
    await this.db.$transaction(async (tx) => {
      const digests = await tx.$queryRaw<Array<{ digest: string }>>`
        SELECT digest FROM artifact WHERE repository_id = ${repo.id}`;
      await tx.$executeRaw`DELETE FROM artifact_accessory WHERE subject_artifact_repo = ${repo.name}`;
      await tx.$executeRaw`DELETE FROM artifact WHERE repository_id = ${repo.id}`;
      await tx.$executeRaw`DELETE FROM repository WHERE id = ${repo.id}`;
      await releaseProjectBlobs(tx, repo.projectId, digests.map((d) => d.digest));
    });
  }
}
