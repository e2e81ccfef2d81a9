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

  /** Role ids of the user in each of the projects, in one query (project lists). */
  async userRolesIn(projectIds: number[], userId: number): Promise<Map<number, number[]>> {
    const out = new Map<number, number[]>();
    if (projectIds.length === 0) return out;
    const rows = await this.db.projectMember.findMany({ where: { projectId: { in: projectIds }, entityId: userId, entityType: 'u' }, select: { projectId: true, role: true } });
    for (const r of rows) out.set(r.projectId, [...(out.get(r.projectId) ?? []), r.role]);
    return out;
  }

  /** Repositories per project, counted for the given projects only (an index range per project). */
  private async repositoryCounts(projectIds: number[]): Promise<Map<number, number>> {
    if (projectIds.length === 0) return new Map();
    const rows = await this.db.repository.groupBy({ by: ['projectId'], where: { projectId: { in: projectIds } }, _count: { _all: true } });
    return new Map(rows.map((r) => [r.projectId, r._count._all]));
  }

  private where(filter: ProjectListFilter): Prisma.ProjectWhereInput {
    const and: Prisma.ProjectWhereInput[] = [{ deleted: false }];
    if (filter.visibleTo) {
      const { userId } = filter.visibleTo;
      and.push(userId === null ? { public: true } : { OR: [{ public: true }, { members: { some: { entityId: userId, entityType: 'u' } } }] });
    }
    // Prisma hands `contains` to LIKE as is: `%`, `_` and `\` must match themselves, as Harbor's orm.Escape makes them.
    if (filter.name) and.push({ name: filter.name.fuzzy ? { contains: filter.name.value.replace(/[\\%_]/g, (c) => `\\${c}`) } : filter.name.value });
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
    const ids = rows.map((r) => r.id);
    const [owners, repoCounts] = await Promise.all([this.ownerNames(rows.map((r) => r.ownerId)), this.repositoryCounts(ids)]);
    return { total, items: rows.map((r) => toDetail(r, owners, repoCounts)) };
  }

  async detail(id: number): Promise<ProjectDetail | null> {
    const row = await this.db.project.findFirst({ where: { id, deleted: false }, select: DETAIL_SELECT });
    if (!row) return null;
    const [owners, repoCounts] = await Promise.all([this.ownerNames([row.ownerId]), this.repositoryCounts([row.id])]);
    return toDetail(row, owners, repoCounts);
  }

  /**
   * Creates the project with its metadata and the creator as project admin, in one transaction; with
   * `storageLimit` (bytes, -1 unlimited) also its quota.
   */
  async create(input: { name: string; public: boolean; ownerId: number; metadata: Record<string, string>; storageLimit?: number }): Promise<number> {
    try {
      return await this.db.$transaction(async (tx) => {
        const p = await tx.project.create({ data: { name: input.name, public: input.public, ownerId: input.ownerId }, select: { id: true } });
        const meta = Object.entries(input.metadata).filter(([k]) => k !== 'public');
        if (meta.length) await tx.projectMetadata.createMany({ data: meta.map(([name, value]) => ({ projectId: p.id, name, value })) });
        await tx.projectMember.create({ data: { projectId: p.id, entityId: input.ownerId, entityType: 'u', role: 1 } });
        if (input.storageLimit !== undefined) {
          await tx.quota.create({ data: { reference: 'project', referenceId: String(p.id), hard: { storage: input.storageLimit } } });
        }
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

  /** Deletes the project with its members and metadata (cascade), its robot accounts, quota and labels. */
  async delete(id: number): Promise<void> {
    await this.db.$transaction([
      this.db.robot.deleteMany({ where: { projectId: id, level: 'project' } }),
      this.db.quota.deleteMany({ where: { reference: 'project', referenceId: String(id) } }),
      this.db.label.deleteMany({ where: { scope: 'p', projectId: id } }),
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
  metadata: Array<{ name: string; value: string }>;
};

function toDetail(r: DetailRow, owners: Map<number, string>, repoCounts: Map<number, number>): ProjectDetail {
  const metadata: Record<string, string> = { public: String(r.public) };
  for (const m of r.metadata) metadata[m.name] = m.value;
  return {
    id: r.id, name: r.name, public: r.public, creationTime: r.creationTime, updateTime: r.updateTime,
    ownerId: r.ownerId, ownerName: owners.get(r.ownerId) ?? '', metadata, repoCount: repoCounts.get(r.id) ?? 0,
  };
}
