// Repositories as the API lists and manages them: lookup by full name, paged listing, the description,
// creation for copies, and deletion with everything the repository holds. Blob rows stay for garbage
// collection; only the project's claims on blobs no artifact of the project needs any more are dropped.
import { type DbClient, Prisma, type PrismaClient, queryRows } from '@harbor/db';
import { listedCountOf } from './artifact-list.sql.js';
import { releaseProjectBlobs } from './project-blob.sql.js';
import { scalarWhereToSql } from './where.sql.js';

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

type RepositoryRow = {
  id: number; project_id: number; name: string; description: string; pull_count: number; creation_time: Date; update_time: Date;
};

/** Repository fields the API filters and sorts on, as columns. */
const REPOSITORY_COLUMNS: Record<string, string> = {
  id: 'r.id', name: 'r.name', projectId: 'r.project_id', description: 'r.description', pullCount: 'r.pull_count',
  creationTime: 'r.creation_time', updateTime: 'r.update_time',
};

const SELECT = { id: true, projectId: true, name: true, description: true, pullCount: true, creationTime: true, updateTime: true } as const;

export class RepositoryRepo {
  constructor(private readonly db: PrismaClient) {}

  /** Every artifact route looks its repository up: a prepared statement. */
  async findByName(name: string): Promise<RepositoryRecord | null> {
    const [r] = await queryRows<RepositoryRecord>(this.db, Prisma.sql`
      SELECT id, project_id AS "projectId", name, description, pull_count AS "pullCount", creation_time AS "creationTime",
             update_time AS "updateTime"
      FROM repository WHERE name = ${name} LIMIT 1`, { prepare: true });
    return r ?? null;
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

  /**
   * One page of a project's repositories with each one's listed-artifact count, and the total. `where`
   * holds column conditions only (what the `q` parser and the blob filter produce).
   */
  async listInProject(projectId: number, where: Prisma.RepositoryWhereInput, page: { offset: number; limit: number | undefined },
    orderBy: Prisma.RepositoryOrderByWithRelationInput[]): Promise<{ total: number; items: Array<RepositoryRecord & { artifactCount: number }> }> {
    const conditions = Prisma.sql`r.project_id = ${projectId} AND ${scalarWhereToSql(where as Record<string, unknown>, REPOSITORY_COLUMNS)}`;
    const order = orderBy.flatMap((o) => Object.entries(o).map(([field, dir]) => `${REPOSITORY_COLUMNS[field]!.slice(2)} ${dir === 'desc' ? 'DESC' : 'ASC'}`));
    // Harbor's default order: newest first; the id breaks ties either way.
    const orderSql = (alias: string) => Prisma.raw([...(order.length ? order : ['creation_time DESC']), 'id DESC'].map((o) => `${alias}.${o}`).join(', '));
    // The page walks the (project_id, creation_time, id) index and stops at the limit; the total is a
    // separate count run at the same time (a window count over the page query would read and sort every
    // repository of the project on each request).
    const [rows, counted] = await Promise.all([
      queryRows<RepositoryRow & { artifact_count: number | null }>(this.db, Prisma.sql`
        WITH page AS (
          SELECT r.id, r.project_id, r.name, r.description, r.pull_count, r.creation_time, r.update_time
          FROM repository r WHERE ${conditions}
          ORDER BY ${orderSql('r')} LIMIT ${page.limit ?? null} OFFSET ${page.offset}
        )
        SELECT page.*, ${listedCountOf(Prisma.raw('page.id'), Prisma.raw('page.name'))} AS artifact_count FROM page
        ORDER BY ${orderSql('page')}`),
      queryRows<{ n: number }>(this.db, Prisma.sql`SELECT count(*)::int AS n FROM repository r WHERE ${conditions}`),
    ]);
    const total = Number(counted[0]?.n ?? 0);
    return {
      total,
      items: rows.map((r) => ({
        id: r.id, projectId: r.project_id, name: r.name, description: r.description, pullCount: r.pull_count,
        creationTime: r.creation_time, updateTime: r.update_time, artifactCount: r.artifact_count ?? 0,
      })),
    };
  }

  /** Ids of repositories holding an artifact made of the blob (Harbor's `blob_digest` filter). */
  async idsHoldingBlob(digest: string): Promise<number[]> {
    const rows = await queryRows<{ id: number }>(this.db, Prisma.sql`
      SELECT DISTINCT a.repository_id AS id FROM artifact a
      JOIN artifact_blob ab ON ab.digest_af = a.digest WHERE ab.digest_blob = ${digest}`);
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
