// Accessories of one artifact (signatures, SBOMs, other referrers), paged, newest first.
import type { Prisma, PrismaClient } from '@harbor/db';
import type { AccessoryRecord } from './artifact-detail.repo.js';

const SELECT = {
  id: true, artifactId: true, subjectArtifactId: true, subjectArtifactRepo: true, subjectArtifactDigest: true,
  type: true, size: true, digest: true, creationTime: true,
} as const;

export class AccessoryRepo {
  constructor(private readonly db: PrismaClient) {}

  async list(subject: { repositoryName: string; digest: string }, where: Prisma.AccessoryWhereInput,
    page: { offset: number; limit: number | undefined }, orderBy: Prisma.AccessoryOrderByWithRelationInput[]):
    Promise<{ total: number; items: AccessoryRecord[] }> {
    const full: Prisma.AccessoryWhereInput = { AND: [where, { subjectArtifactRepo: subject.repositoryName, subjectArtifactDigest: subject.digest }] };
    const [total, rows] = await Promise.all([
      this.db.accessory.count({ where: full }),
      this.db.accessory.findMany({
        where: full, select: SELECT, skip: page.offset, take: page.limit,
        orderBy: orderBy.length ? [...orderBy, { id: 'desc' }] : [{ creationTime: 'desc' }, { id: 'desc' }],
      }),
    ]);
    return { total, items: rows.map((r) => ({ ...r, size: Number(r.size) })) };
  }
}
