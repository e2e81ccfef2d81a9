// Projects: existence, public flag, metadata, members' roles, and the listing the API pages through.
// The only code in core that touches the project, project_metadata and project_member tables.
import { escapeLike, isUniqueViolation, Prisma, type PrismaClient, queryRows } from '@harbor/db';

export interface ProjectRecord {
  id: number;
  name: string;
  public: boolean;
  creationTime: Date;
  /** The role ids one user holds here, when the lookup was asked to read them along (see `findByName`). */
  memberRoles?: { userId: number; roleIds: number[] };
}

type ProjectRow = Omit<ProjectRecord, 'memberRoles'> & { roleIds?: number[] };

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

  // These run on nearly every API request (finding the project, then the caller's roles in it). Asked
  // for a user's roles, the lookup reads them in the same statement: one round trip instead of two.

  async findByName(name: string, memberId?: number): Promise<ProjectRecord | null> {
    return this.findOne(Prisma.sql`name = ${name}`, memberId);
  }

  async findById(id: number, memberId?: number): Promise<ProjectRecord | null> {
    return this.findOne(Prisma.sql`id = ${id}`, memberId);
  }

  private async findOne(condition: Prisma.Sql, memberId: number | undefined): Promise<ProjectRecord | null> {
    const roles = memberId === undefined ? Prisma.empty : Prisma.sql`, ARRAY(SELECT m.role FROM project_member m
      WHERE m.project_id = p.id AND m.entity_id = ${memberId} AND m.entity_type = 'u') AS "roleIds"`;
    const [row] = await queryRows<ProjectRow>(this.db, Prisma.sql`
      SELECT p.id, p.name, p.public, p.creation_time AS "creationTime"${roles} FROM project p WHERE p.${condition} AND NOT p.deleted LIMIT 1`,
      { prepare: true }); // four fixed shapes: by name or id, with or without the roles
    if (!row) return null;
    const { roleIds, ...project } = row;
    return memberId === undefined ? project : { ...project, memberRoles: { userId: memberId, roleIds: roleIds ?? [] } };
  }

  /** Role ids of the user in the project (direct membership; groups come with LDAP/OIDC). */
  async userRoles(projectId: number, userId: number): Promise<number[]> {
    const rows = await queryRows<{ role: number }>(this.db, Prisma.sql`
      SELECT role FROM project_member WHERE project_id = ${projectId} AND entity_id = ${userId} AND entity_type = 'u'`);
    return rows.map((r) => r.role);
  }

  /** Every project the user is a member of, with the role ids held there. */
  async memberships(userId: number): Promise<Array<{ projectId: number; roles: number[] }>> {
    const rows = await queryRows<{ project_id: number; roles: number[] }>(this.db, Prisma.sql`
      SELECT project_id, array_agg(role) AS roles FROM project_member WHERE entity_id = ${userId} AND entity_type = 'u' GROUP BY project_id`);
    return rows.map((r) => ({ projectId: r.project_id, roles: r.roles }));
  }

  /** Repositories per project, counted for the given projects only (an index range per project). */
  private async repositoryCounts(projectIds: number[]): Promise<Map<number, number>> {
    if (projectIds.length === 0) return new Map();
    const rows = await this.db.repository.groupBy({ by: ['projectId'], where: { projectId: { in: projectIds } }, _count: { _all: true } });
    return new Map(rows.map((r) => [r.projectId, r._count._all]));
  }

  /**
   * One page of projects in one statement: each row with its metadata, owner name, repository count and
   * (for `roleOf`) that user's roles, plus the total from a window count. A page past the end has no row
   * to carry the total, so only then is it counted separately.
   */
  async list(filter: ProjectListFilter, page: { offset: number; limit: number | undefined }, orderBy: Prisma.ProjectOrderByWithRelationInput[],
    roleOf?: number): Promise<{ total: number; items: Array<ProjectDetail & { roles: number[] }> }> {
    const where = listConditions(filter);
    const order = orderBy.flatMap((o) => Object.entries(o).map(([field, dir]) => `${SORT_COLUMNS[field] ?? 'p.id'} ${dir === 'desc' ? 'DESC' : 'ASC'}`));
    const orderSql = Prisma.raw([...(order.length ? order : ['p.creation_time ASC']), 'p.id ASC'].join(', '));
    const rows = await queryRows<ListRow>(this.db, Prisma.sql`
      SELECT p.id, p.name, p.public, p.creation_time, p.update_time, p.owner_id, coalesce(u.username, '') AS owner_name,
             (SELECT count(*) FROM repository r WHERE r.project_id = p.id)::int AS repo_count,
             (SELECT coalesce(json_object_agg(m.name, m.value), '{}'::json) FROM project_metadata m WHERE m.project_id = p.id) AS metadata,
             (SELECT coalesce(json_agg(pm.role), '[]'::json) FROM project_member pm
               WHERE pm.project_id = p.id AND pm.entity_id = ${roleOf ?? -1} AND pm.entity_type = 'u') AS roles,
             count(*) OVER ()::int AS total
      FROM project p LEFT JOIN harbor_user u ON u.user_id = p.owner_id
      WHERE ${where}
      ORDER BY ${orderSql}
      LIMIT ${page.limit ?? null} OFFSET ${page.offset}`);
    const total = rows[0]?.total ?? (page.offset > 0 ? await this.count(where) : 0);
    return {
      total,
      items: rows.map((r) => ({
        id: r.id, name: r.name, public: r.public, creationTime: r.creation_time, updateTime: r.update_time, ownerId: r.owner_id,
        ownerName: r.owner_name, repoCount: r.repo_count, metadata: { ...r.metadata, public: String(r.public) }, roles: r.roles,
      })),
    };
  }

  private async count(where: Prisma.Sql): Promise<number> {
    const [row] = await queryRows<{ n: number }>(this.db, Prisma.sql`SELECT count(*)::int AS n FROM project p WHERE ${where}`);
    return row?.n ?? 0;
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

  /** Deletes the project with its members and metadata (cascade), its robot accounts, quota, labels and webhook policies. */
  async delete(id: number): Promise<void> {
    await this.db.$transaction([
      this.db.robot.deleteMany({ where: { projectId: id, level: 'project' } }),
      this.db.quota.deleteMany({ where: { reference: 'project', referenceId: String(id) } }),
      this.db.label.deleteMany({ where: { scope: 'p', projectId: id } }),
      // Webhook policies, and the record of their deliveries (tasks go with their executions).
      this.db.$executeRaw`DELETE FROM execution WHERE vendor_type IN ('WEBHOOK', 'SLACK')
        AND vendor_id IN (SELECT id FROM notification_policy WHERE project_id = ${id})`,
      this.db.notificationPolicy.deleteMany({ where: { projectId: id } }),
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

type ListRow = {
  id: number; name: string; public: boolean; creation_time: Date; update_time: Date; owner_id: number; owner_name: string;
  repo_count: number; metadata: Record<string, string>; roles: number[]; total: number;
};

/** The sortable fields the API offers, as columns (never caller text). */
const SORT_COLUMNS: Record<string, string> = { name: 'p.name', creationTime: 'p.creation_time', updateTime: 'p.update_time', id: 'p.id' };

function listConditions(filter: ProjectListFilter): Prisma.Sql {
  const and: Prisma.Sql[] = [Prisma.sql`NOT p.deleted`];
  if (filter.visibleTo) {
    const { userId } = filter.visibleTo;
    and.push(userId === null
      ? Prisma.sql`p.public`
      : Prisma.sql`(p.public OR EXISTS (SELECT 1 FROM project_member pm WHERE pm.project_id = p.id AND pm.entity_id = ${userId} AND pm.entity_type = 'u'))`);
  }
  // `%`, `_` and `\` in a fuzzy name match themselves, as Harbor's orm.Escape makes them.
  if (filter.name) {
    and.push(filter.name.fuzzy
      ? Prisma.sql`p.name LIKE ${`%${escapeLike(filter.name.value)}%`}`
      : Prisma.sql`p.name = ${filter.name.value}`);
  }
  if (filter.public !== undefined) and.push(Prisma.sql`p.public = ${filter.public}`);
  if (filter.ownerId !== undefined) and.push(Prisma.sql`p.owner_id = ${filter.ownerId}`);
  return Prisma.join(and, ' AND ');
}
