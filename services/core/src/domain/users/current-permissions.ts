// GET /users/current/permissions: what the caller may do within a scope — a project (`/project/<id>`)
// or the system (`/system`) — as `{resource, action}` pairs, with resources absolute
// (`/project/1/repository`) or relative to the scope (`repository`; the project itself is `.`),
// following Harbor's GetCurrentUserPermissions and its namespace and resource helpers
// (src/pkg/permission/types, src/common/rbac/{project,system}/namespace.go).
import { ALL_PROJECT_PERMISSIONS, ROBOT_SYSTEM_GRANTABLE, robotSystemPermissions } from '@harbor/auth';
import type { Permission } from '@harbor/contracts';
import type { ProjectRepo } from '../../store/project.repo.js';
import type { Principal } from '../identity/authenticator.js';
import { evaluatorFor } from '../identity/permissions.js';
import { unauthorized } from './user-access.js';

type Namespace = { kind: 'project'; id: number } | { kind: 'system' };

const INT32_MAX = 2147483647;
const key = (p: Permission) => `${p.resource}\u0000${p.action}`;
const PROJECT_POLICIES = new Set(ALL_PROJECT_PERMISSIONS.map(key));
const SYSTEM_POLICIES = new Set(ROBOT_SYSTEM_GRANTABLE.map(key));

/** Harbor's NamespaceFromResource: `/project/<int>` (anything may follow) or any `/system…` string. */
export function parseNamespace(scope: string): Namespace | undefined {
  const m = /^\/project\/([^/]*)\/?/.exec(scope);
  if (m) {
    if (!/^[+-]?\d+$/.test(m[1])) return undefined;
    const id = Number(m[1]);
    return Number.isSafeInteger(id) ? { kind: 'project', id } : undefined;
  }
  return scope.startsWith('/system') ? { kind: 'system' } : undefined;
}

/** Harbor's Resource.RelativeTo: the rest after the scope, without a leading `/`; `.` for the scope itself. */
export function relativeTo(resource: string, scope: string): string | undefined {
  if (!resource.startsWith(scope)) return undefined;
  const rest = resource.slice(scope.length).replace(/^\//, '');
  return rest === '' ? '.' : rest;
}

export class CurrentPermissions {
  constructor(private readonly projects: ProjectRepo) {}

  async list(principal: Principal, scope: string, relative: boolean): Promise<Permission[]> {
    if (principal.kind === 'anonymous') throw unauthorized();
    const ns = parseNamespace(scope);
    if (!ns) return [];
    const granted = ns.kind === 'project' ? await this.onProject(principal, ns.id) : this.onSystem(principal);
    const out: Permission[] = [];
    for (const p of granted) {
      const resource = relative ? relativeTo(p.resource, scope) : p.resource;
      if (resource !== undefined) out.push({ resource, action: p.action });
    }
    return out;
  }

  /** Absolute resources: the project itself is `/project/<id>`, its parts `/project/<id>/<part>`. */
  private async onProject(principal: Principal, id: number): Promise<Permission[]> {
    const project = id > 0 && id <= INT32_MAX ? await this.projects.findById(id) : null;
    if (!project) return [];
    const evaluator = await evaluatorFor(principal, project, this.projects);
    return evaluator.permissions()
      .filter((p) => PROJECT_POLICIES.has(key(p)))
      .map((p) => ({ resource: p.resource === 'project' ? `/project/${id}` : `/project/${id}/${p.resource}`, action: p.action }));
  }

  /** System admins hold every system permission; system robots their `system` grants; others none. */
  private onSystem(principal: Principal): Permission[] {
    let granted: readonly Permission[] = [];
    if (principal.kind === 'user' && principal.sysadmin) granted = ROBOT_SYSTEM_GRANTABLE;
    if (principal.kind === 'robot') {
      granted = robotSystemPermissions({ level: principal.level, permissions: principal.permissions }).permissions().filter((p) => SYSTEM_POLICIES.has(key(p)));
    }
    return granted.map((p) => ({ resource: `/system/${p.resource}`, action: p.action }));
  }
}
