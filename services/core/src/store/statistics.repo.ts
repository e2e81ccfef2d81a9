// Counts behind GET /statistics: projects and repositories (public, of one member, in total) and the
// bytes of every blob the registry keeps. Reads the project, repository and blob tables.
import { Prisma, type PrismaClient, queryRows } from '@harbor/db';

export class StatisticsRepo {
  constructor(private readonly db: PrismaClient) {}

  async publicCounts(): Promise<{ projects: number; repositories: number }> {
    const [projects, repositories] = await Promise.all([
      this.db.project.count({ where: { deleted: false, public: true } }),
      this.db.repository.count({ where: { project: { deleted: false, public: true } } }),
    ]);
    return { projects, repositories };
  }

  /** Private projects the user is a member of, and their repositories. */
  async privateMemberCounts(userId: number): Promise<{ projects: number; repositories: number }> {
    const member = { deleted: false, public: false, members: { some: { entityId: userId, entityType: 'u' } } };
    const [projects, repositories] = await Promise.all([
      this.db.project.count({ where: member }),
      this.db.repository.count({ where: { project: member } }),
    ]);
    return { projects, repositories };
  }

  async totalCounts(): Promise<{ projects: number; repositories: number }> {
    const [projects, repositories] = await Promise.all([
      this.db.project.count({ where: { deleted: false } }),
      this.db.repository.count({ where: { project: { deleted: false } } }),
    ]);
    return { projects, repositories };
  }

  /** Bytes of all blobs, without foreign (non-distributable) layers, which the registry never holds. */
  async totalStorage(): Promise<number> {
    const rows = await queryRows<{ n: bigint }>(this.db, Prisma.sql`
      SELECT COALESCE(sum(size), 0)::bigint AS n FROM blob
      WHERE content_type <> 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip' AND content_type NOT LIKE '%nondistributable%'`);
    return Number(rows[0]?.n ?? 0);
  }
}
