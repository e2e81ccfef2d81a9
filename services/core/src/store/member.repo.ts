// Project members (project_member): users ('u') and, later, groups ('g') with a role.
import type { PrismaClient } from '@harbor/db';
import { escapeLike, isUniqueViolation } from '@harbor/db';

export interface MemberRecord {
  id: number;
  projectId: number;
  entityId: number;
  entityType: 'u' | 'g';
  entityName: string;
  role: number;
}

export class MemberConflictError extends Error {}

export class MemberRepo {
  constructor(private readonly db: PrismaClient) {}

  async list(projectId: number, entityName: string | undefined, page: { offset: number; limit: number | undefined }): Promise<{ total: number; items: MemberRecord[] }> {
    let userIds: number[] | undefined;
    if (entityName) {
      const users = await this.db.user.findMany({ where: { username: { contains: escapeLike(entityName), mode: 'insensitive' }, deleted: false }, select: { id: true } });
      userIds = users.map((u) => u.id);
    }
    const where = { projectId, entityType: 'u', ...(userIds ? { entityId: { in: userIds } } : {}) };
    const [total, rows] = await Promise.all([
      this.db.projectMember.count({ where }),
      this.db.projectMember.findMany({ where, orderBy: { id: 'asc' }, skip: page.offset, take: page.limit }),
    ]);
    return { total, items: await this.withNames(rows) };
  }

  async get(projectId: number, id: number): Promise<MemberRecord | null> {
    const row = await this.db.projectMember.findFirst({ where: { id, projectId } });
    return row ? (await this.withNames([row]))[0] : null;
  }

  async add(projectId: number, userId: number, role: number): Promise<number> {
    try {
      const row = await this.db.projectMember.create({ data: { projectId, entityId: userId, entityType: 'u', role }, select: { id: true } });
      return row.id;
    } catch (err) {
      if (isUniqueViolation(err)) throw new MemberConflictError();
      throw err;
    }
  }

  async updateRole(projectId: number, id: number, role: number): Promise<boolean> {
    const { count } = await this.db.projectMember.updateMany({ where: { id, projectId }, data: { role, updateTime: new Date() } });
    return count > 0;
  }

  async remove(projectId: number, id: number): Promise<boolean> {
    const { count } = await this.db.projectMember.deleteMany({ where: { id, projectId } });
    return count > 0;
  }

  private async withNames(rows: Array<{ id: number; projectId: number; entityId: number; entityType: string; role: number }>): Promise<MemberRecord[]> {
    const users = await this.db.user.findMany({ where: { id: { in: rows.filter((r) => r.entityType === 'u').map((r) => r.entityId) } }, select: { id: true, username: true } });
    const names = new Map(users.map((u) => [u.id, u.username]));
    return rows.map((r) => ({
      id: r.id, projectId: r.projectId, entityId: r.entityId, entityType: r.entityType === 'g' ? 'g' : 'u',
      entityName: names.get(r.entityId) ?? '', role: r.role,
    }));
  }
}
