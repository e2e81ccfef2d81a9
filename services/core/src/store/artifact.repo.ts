// Artifacts as the API reads them: one by digest or tag, and the paged listing of a repository with
// Harbor's filters (see artifact-list.sql.ts), the page cut in SQL and counted with the same conditions.
import { Prisma, type PrismaClient, queryRows } from '@harbor/db';
import { ARTIFACT_COLUMNS, ARTIFACT_FROM, toArtifact, type ArtifactRecord, type ArtifactRow } from './artifact.row.js';
import { isPlain, listConditions, listedCount, listedCounts, listOrder, type ArtifactFilter, type ArtifactSort } from './artifact-list.sql.js';

export type { ArtifactRecord } from './artifact.row.js';
export type { ArtifactFilter, ArtifactSort, TagFilter } from './artifact-list.sql.js';

export class ArtifactRepo {
  constructor(private readonly db: PrismaClient) {}

  async list(filter: ArtifactFilter, page: { offset: number; limit: number | undefined }, sorts: ArtifactSort[]):
    Promise<{ total: number; items: ArtifactRecord[] }> {
    const where = listConditions(filter);
    const order = listOrder(sorts);
    const limit = page.limit === undefined ? Prisma.empty : Prisma.sql`LIMIT ${page.limit}`;
    const [counted, rows] = await Promise.all([
      isPlain(filter)
        ? queryRows<{ n: number }>(this.db, listedCount({ id: filter.repositoryId, name: filter.repositoryName }), { prepare: true })
        : queryRows<{ n: number }>(this.db, Prisma.sql`SELECT count(*)::int AS n FROM artifact a WHERE ${where}`),
      // the page's ids first, sorted on narrow rows; the full rows (JSON columns and all) only for the page
      queryRows<ArtifactRow>(this.db, Prisma.sql`
        SELECT ${ARTIFACT_COLUMNS} FROM ${ARTIFACT_FROM}
        JOIN (SELECT a.id FROM artifact a WHERE ${where} ${order} ${limit} OFFSET ${page.offset}) page ON page.id = a.id
        ${order}`),
    ]);
    return { total: counted[0]?.n ?? 0, items: rows.map(toArtifact) };
  }

  /** Listed artifacts per repository (a repository's `artifact_count`), for the given repositories. */
  async countListed(repositoryIds: number[]): Promise<Map<number, number>> {
    if (repositoryIds.length === 0) return new Map();
    const rows = await queryRows<{ id: number; n: number }>(this.db, listedCounts(repositoryIds));
    return new Map(rows.map((r) => [r.id, r.n]));
  }

  async findByDigest(repositoryId: number, digest: string): Promise<ArtifactRecord | null> {
    const rows = await queryRows<ArtifactRow>(this.db, Prisma.sql`
      SELECT ${ARTIFACT_COLUMNS} FROM ${ARTIFACT_FROM} WHERE a.repository_id = ${repositoryId} AND a.digest = ${digest}`);
    return rows[0] ? toArtifact(rows[0]) : null;
  }

  async findByTag(repositoryId: number, tag: string): Promise<ArtifactRecord | null> {
    const rows = await queryRows<ArtifactRow>(this.db, Prisma.sql`
      SELECT ${ARTIFACT_COLUMNS} FROM ${ARTIFACT_FROM} JOIN tag t ON t.artifact_id = a.id
      WHERE t.repository_id = ${repositoryId} AND t.name = ${tag}`);
    return rows[0] ? toArtifact(rows[0]) : null;
  }

  /** Whether the artifact is itself an accessory of another (signature, SBOM, …). */
  async isAccessory(id: number): Promise<boolean> {
    const rows = await queryRows<unknown>(this.db, Prisma.sql`SELECT 1 FROM artifact_accessory WHERE artifact_id = ${id} LIMIT 1`);
    return rows.length > 0;
  }
}
