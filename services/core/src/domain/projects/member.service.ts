// Project membership: who may list, add, re-role and remove members (Harbor's `member` resource), and
// the rules (known users only, one membership per user, valid roles).
import { roleById } from '@harbor/auth';
import { ApiError } from '../../http/errors.js';
import { MemberConflictError, type MemberRecord, type MemberRepo } from '../../store/member.repo.js';
import type { ProjectRecord } from '../../store/project.repo.js';
import type { UserRepo } from '../../store/user.repo.js';
import type { Principal } from '../identity/authenticator.js';
import type { ProjectService } from './project.service.js';

export interface MemberView extends MemberRecord {
  roleName: string;
}

const view = (m: MemberRecord): MemberView => ({ ...m, roleName: roleById(m.role) ?? '' });

export class MemberService {
  constructor(private readonly members: MemberRepo, private readonly users: UserRepo, private readonly projects: ProjectService) {}

  async list(principal: Principal, project: ProjectRecord, entityName: string | undefined, page: { offset: number; limit: number | undefined }) {
    await this.projects.authorize(principal, project, 'member', 'list');
    const { total, items } = await this.members.list(project.id, entityName, page);
    return { total, items: items.map(view) };
  }

  async get(principal: Principal, project: ProjectRecord, id: number): Promise<MemberView> {
    await this.projects.authorize(principal, project, 'member', 'read');
    const m = await this.members.get(project.id, id);
    if (!m) throw new ApiError('NOT_FOUND', `member ${id} not found`);
    return view(m);
  }

  async add(principal: Principal, project: ProjectRecord, input: { roleId: number; userId?: number; username?: string; group: boolean }): Promise<number> {
    await this.projects.authorize(principal, project, 'member', 'create');
    if (input.group) throw new ApiError('BAD_REQUEST', 'group members need LDAP or OIDC groups, which are not configured');
    if (!roleById(input.roleId)) throw new ApiError('BAD_REQUEST', `invalid role_id ${input.roleId}`);
    const user = input.userId ? await this.users.findById(input.userId) : input.username ? await this.users.findByName(input.username) : null;
    if (!user) throw new ApiError('NOT_FOUND', 'user not found');
    try {
      return await this.members.add(project.id, user.id, input.roleId);
    } catch (err) {
      if (err instanceof MemberConflictError) throw new ApiError('CONFLICT', `user ${user.username} is already a member of project ${project.name}`);
      throw err;
    }
  }

  async updateRole(principal: Principal, project: ProjectRecord, id: number, roleId: number): Promise<void> {
    await this.projects.authorize(principal, project, 'member', 'update');
    if (!roleById(roleId)) throw new ApiError('BAD_REQUEST', `invalid role_id ${roleId}`);
    if (!(await this.members.updateRole(project.id, id, roleId))) throw new ApiError('NOT_FOUND', `member ${id} not found`);
  }

  async remove(principal: Principal, project: ProjectRecord, id: number): Promise<void> {
    await this.projects.authorize(principal, project, 'member', 'delete');
    if (!(await this.members.remove(project.id, id))) throw new ApiError('NOT_FOUND', `member ${id} not found`);
  }
}
