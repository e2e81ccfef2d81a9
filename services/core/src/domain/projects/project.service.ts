// Projects as the API manages them: who may see, create, change and delete which project, and the
// rules Harbor applies (unique names, the creator becomes project admin, no deleting a project that
// still holds repositories).
import { projectPermissions, ROLE_IDS, roleById, type Evaluator, type Role } from '@harbor/auth';
import { isValidProjectName } from '@harbor/contracts';
import { isInt32Id, isStorableText } from '@harbor/db';
import { ApiError } from '../../http/errors.js';
import { ProjectConflictError, type ProjectDetail, type ProjectListFilter, type ProjectRecord, type ProjectRepo } from '../../store/project.repo.js';
import type { UserRepo } from '../../store/user.repo.js';
import type { ConfigService } from '../config/config.service.js';
import type { QuotaService } from '../quotas/quota.service.js';
import type { Principal } from '../identity/authenticator.js';
import { evaluatorFor, roleIdsOf } from '../identity/permissions.js';


export interface ProjectView extends ProjectDetail {
  currentUserRoleIds: number[];
}

/** The system settings and quotas project creation and summaries consult (absent: Harbor's defaults, no quotas). */
export interface ProjectServiceOptions {
  settings?: ConfigService;
  quotas?: QuotaService;
}

export class ProjectService {
  constructor(private readonly projects: ProjectRepo, private readonly users: UserRepo, private readonly options: ProjectServiceOptions = {}) {}

  /** What else goes when a project goes (its tag retention policy and schedule), run after the project is deleted. */
  private readonly deleteHooks: Array<(projectId: number) => Promise<void>> = [];

  onDelete(hook: (projectId: number) => Promise<void>): void {
    this.deleteHooks.push(hook);
  }

  /**
   * The project named by `ref` (a name, or an id unless `isName`), or NOT_FOUND. Given the caller, a
   * user's roles there are read along, for the permission check that usually follows.
   */
  async resolve(ref: string, isName: boolean, caller?: Principal): Promise<ProjectRecord> {
    const byId = !isName && /^\d+$/.test(ref);
    const storable = byId ? isInt32Id(Number(ref)) : isStorableText(ref);
    const memberId = caller?.kind === 'user' ? caller.id : undefined;
    const project = !storable ? null : byId ? await this.projects.findById(Number(ref), memberId) : await this.projects.findByName(ref, memberId);
    if (!project) throw new ApiError('NOT_FOUND', `project ${ref} not found`);
    return project;
  }

  /** Fails with 401 for anonymous callers and 403 for others when the action is not allowed. */
  async authorize(principal: Principal, project: ProjectRecord, resource: string, action: string): Promise<Evaluator> {
    const evaluator = await evaluatorFor(principal, project, this.projects);
    if (!evaluator.can(resource, action)) {
      if (principal.kind === 'anonymous') throw new ApiError('UNAUTHORIZED', 'UnAuthorized');
      // A project the caller may not even read is reported as missing, so names do not leak.
      if (!evaluator.can('project', 'read')) throw new ApiError('NOT_FOUND', `project ${project.name} not found`);
      throw new ApiError('FORBIDDEN', 'forbidden');
    }
    return evaluator;
  }

  /** Ids of the projects where the user's own roles allow the action (system admin aside). */
  async projectsAllowing(userId: number, resource: string, action: string): Promise<number[]> {
    return (await this.projects.memberships(userId))
      .filter((m) => projectPermissions({ sysAdmin: false, roles: m.roles.map((id) => roleById(id)).filter((r): r is Role => r !== undefined), authenticated: true },
        { public: false }).can(resource, action))
      .map((m) => m.projectId);
  }

  async view(principal: Principal, project: ProjectRecord): Promise<ProjectView> {
    await this.authorize(principal, project, 'project', 'read');
    const detail = await this.projects.detail(project.id);
    if (!detail) throw new ApiError('NOT_FOUND', `project ${project.name} not found`);
    return { ...detail, currentUserRoleIds: principal.kind === 'user' ? await roleIdsOf(principal.id, project, this.projects) : [] };
  }

  async list(principal: Principal, filter: Omit<ProjectListFilter, 'visibleTo' | 'ownerId'> & { owner?: string }, page: { offset: number; limit: number | undefined },
    orderBy: Parameters<ProjectRepo['list']>[2]): Promise<{ total: number; items: ProjectView[] }> {
    const sysAdmin = principal.kind === 'user' && principal.sysadmin;
    const full: ProjectListFilter = { name: filter.name, public: filter.public };
    if (!sysAdmin) full.visibleTo = { userId: principal.kind === 'user' ? principal.id : null };
    if (filter.owner !== undefined) {
      const ownerId = await this.users.idByName(filter.owner);
      if (ownerId === null) return { total: 0, items: [] };
      full.ownerId = ownerId;
    }
    const { total, items } = await this.projects.list(full, page, orderBy, principal.kind === 'user' ? principal.id : undefined);
    return { total, items: items.map(({ roles, ...p }) => ({ ...p, currentUserRoleIds: roles })) };
  }

  async create(principal: Principal, input: { name: string; public?: boolean; metadata?: Record<string, string>; storageLimit?: number }): Promise<number> {
    if (principal.kind === 'anonymous') throw new ApiError('UNAUTHORIZED', 'UnAuthorized');
    if (principal.kind !== 'user') throw new ApiError('FORBIDDEN', 'only users can create projects');
    if (!principal.sysadmin && (await this.options.settings?.value('project_creation_restriction')) === 'adminonly') {
      throw new ApiError('FORBIDDEN', 'Only system admin can create project');
    }
    const storageLimit = await this.options.quotas?.limitForNewProject(principal, input.storageLimit);
    if (!isValidProjectName(input.name)) {
      throw new ApiError('BAD_REQUEST', `project name ${JSON.stringify(input.name)} is invalid: lower-case letters, digits and single '.', '_' or '-' between them, at most 255 characters`);
    }
    const metadata = { ...(input.metadata ?? {}) };
    const isPublic = input.public ?? metadata.public === 'true';
    try {
      return await this.projects.create({ name: input.name, public: isPublic, ownerId: principal.id, metadata, storageLimit });
    } catch (err) {
      if (err instanceof ProjectConflictError) throw new ApiError('CONFLICT', `The project named ${input.name} already exists`);
      throw err;
    }
  }

  async update(principal: Principal, project: ProjectRecord, metadata: Record<string, string>): Promise<void> {
    await this.authorize(principal, project, 'project', 'update');
    await this.projects.updateMetadata(project.id, metadata);
  }

  async deletable(project: ProjectRecord): Promise<{ deletable: boolean; message: string }> {
    const repos = await this.projects.repositoryCount(project.id);
    return repos > 0
      ? { deletable: false, message: 'the project contains repositories, can not be deleted' }
      : { deletable: true, message: '' };
  }

  async delete(principal: Principal, project: ProjectRecord): Promise<void> {
    await this.authorize(principal, project, 'project', 'delete');
    const check = await this.deletable(project);
    if (!check.deletable) throw new ApiError('PRECONDITION', check.message);
    await this.projects.delete(project.id);
    for (const hook of this.deleteHooks) await hook(project.id);
  }

  async summary(principal: Principal, project: ProjectRecord): Promise<Record<string, unknown>> {
    const evaluator = await this.authorize(principal, project, 'project', 'read');
    const [repos, members] = await Promise.all([this.projects.repositoryCount(project.id), this.projects.memberCounts(project.id)]);
    // Harbor adds the quota for callers who may read it, when per-project quotas are on.
    const quota = this.options.quotas && evaluator.can('quota', 'read') ? await this.options.quotas.forProject(project.id) : null;
    return {
      ...(quota ? { quota: { hard: quota.hard, used: quota.used } } : {}),
      repo_count: repos,
      project_admin_count: members.get(ROLE_IDS.projectAdmin) ?? 0,
      maintainer_count: members.get(ROLE_IDS.maintainer) ?? 0,
      developer_count: members.get(ROLE_IDS.developer) ?? 0,
      guest_count: members.get(ROLE_IDS.guest) ?? 0,
      limited_guest_count: members.get(ROLE_IDS.limitedGuest) ?? 0,
    };
  }
}
