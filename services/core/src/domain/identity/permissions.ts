// The permission evaluator of a principal on one project: robots by their grants, people by the system
// admin flag and their project roles (anonymous callers by the project's public flag only).
import { projectPermissions, robotPermissions, roleById, type Evaluator, type Role } from '@harbor/auth';
import type { ProjectRecord, ProjectRepo } from '../../store/project.repo.js';
import type { Principal } from './authenticator.js';

export async function evaluatorFor(principal: Principal, project: ProjectRecord, projects: ProjectRepo): Promise<Evaluator> {
  if (principal.kind === 'robot') {
    return robotPermissions({ level: principal.level, permissions: principal.permissions }, { name: project.name, id: project.id, public: project.public });
  }
  const roles: Role[] = principal.kind === 'user'
    ? (await roleIdsOf(principal.id, project, projects)).map((id) => roleById(id)).filter((r): r is Role => r !== undefined)
    : [];
  return projectPermissions(
    { sysAdmin: principal.kind === 'user' && principal.sysadmin, roles, authenticated: principal.kind !== 'anonymous' },
    { public: project.public },
  );
}

/** The user's role ids in the project: those read along with the project when they were, else looked up. */
export async function roleIdsOf(userId: number, project: ProjectRecord, projects: ProjectRepo): Promise<number[]> {
  return project.memberRoles?.userId === userId ? project.memberRoles.roleIds : projects.userRoles(project.id, userId);
}
