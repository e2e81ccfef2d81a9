// Projects as the token service and RBAC need them: existence, public flag, creation time, and the
// roles a user holds in them.
import type { PrismaClient } from '@harbor/db';

export interface ProjectRecord {
  id: number;
  name: string;
  public: boolean;
  creationTime: Date;
}

export class ProjectRepo {
  constructor(private readonly db: PrismaClient) {}

  async findByName(name: string): Promise<ProjectRecord | null> {
    const p = await this.db.project.findFirst({
      where: { name, deleted: false },
      select: { id: true, name: true, public: true, creationTime: true },
    });
    return p;
  }

  /** Role ids of the user in the project (direct membership; groups come with LDAP/OIDC). */
  async userRoles(projectId: number, userId: number): Promise<number[]> {
    const rows = await this.db.projectMember.findMany({
      where: { projectId, entityId: userId, entityType: 'u' },
      select: { role: true },
    });
    return rows.map((r) => r.role);
  }
}
