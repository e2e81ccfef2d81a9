// Who may manage which robot: the `robot` resource at the robot's level (Harbor's requireAccess), and
// the no-escalation rules of Harbor ≥ 2.12: a person may only hand a robot what they hold themselves;
// a robot may only create robots whose grants are within its own.
import { robotSystemPermissions } from '@harbor/auth';
import { ApiError } from '../../http/errors.js';
import type { ProjectRecord, ProjectRepo } from '../../store/project.repo.js';
import { principalName, type Principal } from '../identity/authenticator.js';
import { evaluatorFor } from '../identity/permissions.js';
import { ProjectLookup, resolveStored, scopeKey, type ScopedPermission } from './robot-scopes.js';

export type RobotLevel = 'system' | 'project';

export class RobotAccessPolicy {
  constructor(private readonly projects: ProjectRepo) {}

  /**
   * 401 for anonymous callers, 403 when `action` on `robot` is not allowed at the level. `project` is
   * null when a project robot's project is unknown: only the system admin passes then (Harbor checks
   * the id-based resource, which only an admin holds for a project that does not exist).
   */
  async require(principal: Principal, level: RobotLevel, project: ProjectRecord | null, action: string): Promise<void> {
    if (principal.kind === 'anonymous') throw new ApiError('UNAUTHORIZED', 'UnAuthorized');
    if (principal.kind === 'user' && principal.sysadmin) return;
    let allowed = false;
    if (level === 'system') {
      allowed = principal.kind === 'robot' && robotSystemPermissions(principal).can('robot', action);
    } else if (project) {
      allowed = (await evaluatorFor(principal, project, this.projects)).can('robot', action);
    }
    if (!allowed) throw new ApiError('FORBIDDEN', principalName(principal));
  }

  /**
   * Refuses grants the caller could not exercise: for people, every allowed grant must be something
   * they may do on that project (system and all-project grants are the admin's alone); for robots,
   * every allowed grant must be one of their own (Harbor's isValidPermissionScope). Deny grants only
   * take away, so they are always fine.
   */
  async checkNoEscalation(principal: Principal, wanted: readonly ScopedPermission[], lookup: ProjectLookup): Promise<void> {
    if (principal.kind === 'anonymous') throw new ApiError('UNAUTHORIZED', 'UnAuthorized');
    if (principal.kind === 'user') {
      if (principal.sysadmin) return;
      for (const p of wanted) {
        const allowed = allows(p);
        if (allowed.length === 0) continue;
        if (p.scope.kind !== 'project') throw new ApiError('FORBIDDEN', `${principal.username} cannot grant ${p.scope.kind === 'system' ? 'system' : 'all-project'} permissions`);
        const evaluator = await evaluatorFor(principal, p.scope.project, this.projects);
        const missing = allowed.find((a) => !evaluator.can(a.resource, a.action));
        if (missing) {
          throw new ApiError('FORBIDDEN', `${principal.username} does not hold ${missing.resource}:${missing.action} on project ${p.scope.project.name} and cannot grant it`);
        }
      }
      return;
    }
    const own = await resolveStored(principal.permissions, lookup);
    const key = (resource: string, action: string) => `${resource}\u0000${action}`;
    const allowedBy = new Map<string, Set<string>>();
    const deniedBy = new Map<string, Set<string>>();
    for (const p of own) {
      const k = scopeKey(p.scope);
      for (const a of p.access) {
        const target = a.effect === 'deny' ? deniedBy : allowedBy;
        if (!target.has(k)) target.set(k, new Set());
        target.get(k)!.add(key(a.resource, a.action));
      }
    }
    const has = (map: Map<string, Set<string>>, k: string, item: string) => map.get(k)?.has(item) ?? false;
    // Only a system robot's `*` grants reach every project (robotPermissions reads them the same way).
    const coversAll = principal.level === 'system';
    for (const p of wanted) {
      const k = scopeKey(p.scope);
      for (const a of allows(p)) {
        const item = key(a.resource, a.action);
        const viaAll = p.scope.kind === 'project' && coversAll;
        const granted = has(allowedBy, k, item) || (viaAll && has(allowedBy, 'all-projects', item));
        const denied = has(deniedBy, k, item) || (viaAll && has(deniedBy, 'all-projects', item));
        if (!granted || denied) {
          throw new ApiError('FORBIDDEN', `permission scope is invalid. It must be equal to or more restrictive than the creator robot's permissions: ${principalName(principal)}`);
        }
      }
    }
  }
}

const allows = (p: ScopedPermission) => p.access.filter((a) => a.effect !== 'deny');
