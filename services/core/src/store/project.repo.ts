// Projects: existence, public flag, metadata, members' roles, and the listing the API pages through.
// The only code in core that touches the project, project_metadata and project_member tables.
import type { Prisma, PrismaClient } from '@harbor/db';
import { isUniqueViolation } from '@harbor/db';

export interface ProjectRecord {
  id: number;
  name: string;
  public: boolean;
  creationTime: Date;
}

export interface ProjectDetail extends ProjectRecord {
  ownerId: number;
  ownerName: string;
  updateTime: Date;
  metadata: Record<string, string>;
  repoCount: number;
}

export interface ProjectListFilter {
  /** Only projects a non-admin caller may see: public ones, and those the user is a member of. */
  visibleTo?: { userId: number | null };
  name?: { value: string; fuzzy: boolean };
  public?: boolean;
  /** Owner's user id (resolved from the owner's name by the caller). */
  ownerId?: number;
}

export class ProjectConflictError extends Error {}

const DETAIL_SELECT = {
  id: true, name: true, public: true, creationTime: true, updateTime: true, ownerId: true,
  metadata: { select: { name: true, value: true } },
  _count: { select: { repositories: true } },
} as const;

export class ProjectRepo {
  constructor(private readonly db: PrismaClient) {}

  async findByName(name: string): Promise<ProjectRecord | null> {
    return this.db.project.findFirst({ where: { name, deleted: false }, select: { id: true, name: true, public: true, creationTime: true } });
  }

  async findById(id: number): Promise<ProjectRecord | null> {
    return this.db.project.findFirst({ where: { id, deleted: false }, select: { id: true, name: true, public: true, creationTime: true } });
  }

  /** Role ids of the user in the project (direct membership; groups come with LDAP/OIDC). */
  async userRoles(projectId: number, userId: number): Promise<number[]> {
    const rows = await this.db.projectMember.findMany({ where: { projectId, entityId: userId, entityType: 'u' }, select: { role: true } });
    return rows.map((r) => r.role);
  }

  private where(filter: ProjectListFilter): Prisma.ProjectWhereInput {
    const and: Prisma.ProjectWhereInput[] = [{ deleted: false }];
    if (filter.visibleTo) {
      const { userId } = filter.visibleTo;
      and.push(userId === null ? { public: true } : { OR: [{ public: true }, { members: { some: { entityId: userId, entityType: 'u' } } }] });
    }
    if (filter.name) and.push({ name: filter.name.fuzzy ? { contains: filter.name.value } : filter.name.value });
    if (filter.public !== undefined) and.push({ public: filter.public });
    if (filter.ownerId !== undefined) and.push({ ownerId: filter.ownerId });
    return { AND: and };
  }

  async list(filter: ProjectListFilter, page: { offset: number; limit: number | undefined }, orderBy: Prisma.ProjectOrderByWithRelationInput[]):
    Promise<{ total: number; items: ProjectDetail[] }> {
    const where = this.where(filter);
    const [total, rows] = await Promise.all([
      this.db.project.count({ where }),
      this.db.project.findMany({ where, select: DETAIL_SELECT, orderBy: orderBy.length ? orderBy : [{ creationTime: 'asc' }, { id: 'asc' }], skip: page.offset, take: page.limit }),
    ]);
    const owners = await this.ownerNames(rows.map((r) => r.ownerId));
    return { total, items: rows.map((r) => toDetail(r, owners)) };
  }

  async detail(id: number): Promise<ProjectDetail | null> {
    const row = await this.db.project.findFirst({ where: { id, deleted: false }, select: DETAIL_SELECT });
    return row ? toDetail(row, await this.ownerNames([row.ownerId])) : null;
  }

  /** Creates the project with its metadata and the creator as project admin, in one transaction. */
  async create(input: { name: string; public: boolean; ownerId: number; metadata: Record<string, string> }): Promise<number> {
    try {
      return await this.db.$transaction(async (tx) => {
        const p = await tx.project.create({ data: { name: input.name, public: input.public, ownerId: input.ownerId }, select: { id: true } });
        const meta = Object.entries(input.metadata).filter(([k]) => k !== 'public');
        if (meta.length) await tx.projectMetadata.createMany({ data: meta.map(([name, value]) => ({ projectId: p.id, name, value })) });
        await tx.projectMember.create({ data: { projectId: p.id, entityId: input.ownerId, entityType: 'u', role: 1 } });
        return p.id;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new ProjectConflictError(input.name);
      throw err;
    }
  }

  async updateMetadata(id: number, metadata: Record<string, string>): Promise<void> {
    await this.db.$transaction(async (tx) => {
      if (metadata.public !== undefined) await tx.project.update({ where: { id }, data: { public: metadata.public === 'true' } });
      for (const [name, value] of Object.entries(metadata)) {
        if (name === 'public') continue;
        await tx.projectMetadata.upsert({ where: { projectId_name: { projectId: id, name } }, create: { projectId: id, name, value }, update: { value } });
      }
      await tx.project.update({ where: { id }, data: { updateTime: new Date() } });
    });
  }

  async deleteMetadata(id: number, name: string): Promise<void> {
    await this.db.projectMetadata.deleteMany({ where: { projectId: id, name } });
  }

  async repositoryCount(id: number): Promise<number> {
    return this.db.repository.count({ where: { projectId: id } });
  }

  /** Deletes the project with its members and metadata (cascade) and its robot accounts. */
  async delete(id: number): Promise<void> {
    await this.db.$transaction([
      this.db.robot.deleteMany({ where: { projectId: id, level: 'project' } }),
      this.db.project.delete({ where: { id } }),
    ]);
  }

  /** Members per role id, for the project summary. */
  async memberCounts(id: number): Promise<Map<number, number>> {
    const rows = await this.db.projectMember.groupBy({ by: ['role'], where: { projectId: id }, _count: { _all: true } });
    return new Map(rows.map((r) => [r.role, r._count._all]));
  }

  private async ownerNames(ids: number[]): Promise<Map<number, string>> {
    const users = await this.db.user.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, username: true } });
    return new Map(users.map((u) => [u.id, u.username]));
  }
}

type DetailRow = {
  id: number; name: string; public: boolean; creationTime: Date; updateTime: Date; ownerId: number;
  metadata: Array<{ name: string; value: string }>; _count: { repositories: number };
};

function toDetail(r: DetailRow, owners: Map<number, string>): ProjectDetail {
  const metadata: Record<string, string> = { public: String(r.public) };
  for (const m of r.metadata) metadata[m.name] = m.value;
  return {
    id: r.id, name: r.name, public: r.public, creationTime: r.creationTime, updateTime: r.updateTime,
    ownerId: r.ownerId, ownerName: owners.get(r.ownerId) ?? '', metadata, repoCount: r._count.repositories,
  };
}
