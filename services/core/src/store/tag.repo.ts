// Tags of one artifact: paged listing, creation (a name is unique within its repository), deletion.
import { isUniqueViolation, type Prisma, type PrismaClient } from '@harbor/db';
import type { TagRecord } from './artifact-detail.repo.js';

export class TagConflictError extends Error {}

const SELECT = { id: true, repositoryId: true, artifactId: true, name: true, pushTime: true, pullTime: true } as const;

export class TagRepo {
  constructor(private readonly db: PrismaClient) {}

  async list(artifactId: number, where: Prisma.TagWhereInput, page: { offset: number; limit: number | undefined },
    orderBy: Prisma.TagOrderByWithRelationInput[]): Promise<{ total: number; items: TagRecord[] }> {
    const full: Prisma.TagWhereInput = { AND: [where, { artifactId }] };
    const [total, items] = await Promise.all([
      this.db.tag.count({ where: full }),
      this.db.tag.findMany({
        where: full, select: SELECT, skip: page.offset, take: page.limit,
        orderBy: orderBy.length ? [...orderBy, { id: 'desc' }] : [{ pushTime: 'desc' }, { id: 'desc' }],
      }),
    ]);
    return { total, items };
  }

  /** Creates the tag; TagConflictError when the repository already has a tag of that name. */
  async create(repositoryId: number, artifactId: number, name: string): Promise<TagRecord> {
    try {
      return await this.db.tag.create({ data: { repositoryId, artifactId, name }, select: SELECT });
    } catch (err) {
      if (isUniqueViolation(err)) throw new TagConflictError(name);
      throw err;
    }
  }

  /** Deletes the tag of that name on the artifact; false when there is none. */
  async delete(artifactId: number, name: string): Promise<boolean> {
    const { count } = await this.db.tag.deleteMany({ where: { artifactId, name } });
    return count > 0;
  }
}
