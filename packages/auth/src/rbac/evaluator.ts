// Permission evaluators for one project: for people (system admin, project roles from membership and
// groups, public-project grants) and for robot accounts (their `{kind, namespace, access}` grants, with
// deny overriding allow as in Harbor's casbin model). Pure: callers load roles, robots and projects.
import type { Permission, RobotPermission } from '@harbor/contracts';
import { ALL_PROJECT_PERMISSIONS, projectAllows, publicProjectAllows } from './matrix.js';
import { CONCRETE_ACTIONS, PROJECT_RESOURCE_NAMES, SYSTEM_RESOURCES, type Role } from './roles.js';

/** Answers "may the caller do `action` on `resource`" within one scope (a project, or the system). */
export interface Evaluator {
  /** True only for a human system administrator; robots never are. */
  readonly sysAdmin: boolean;
  can(resource: string, action: string): boolean;
  /** Every `{resource, action}` allowed, for `/users/current/permissions`. */
  permissions(): Permission[];
}

export interface ProjectSubject {
  sysAdmin: boolean;
  /** The caller's roles on this project: direct membership plus every group membership. */
  roles: readonly Role[];
  authenticated: boolean;
}

/**
 * A person's permissions on one project. An unauthenticated caller is anonymous: any roles or admin
 * flag passed along are ignored, and only a public project's grants apply (Harbor grants those to
 * anonymous and authenticated callers alike).
 */
export function projectPermissions(subject: ProjectSubject, project: { public: boolean }): Evaluator {
  const caller = {
    sysAdmin: subject.authenticated && subject.sysAdmin,
    roles: subject.authenticated ? [...subject.roles] : [],
    publicProject: project.public,
  };
  const can = (resource: string, action: string) => projectAllows(caller, resource, action);
  return {
    sysAdmin: caller.sysAdmin,
    can,
    permissions: () => (caller.sysAdmin ? ALL_PROJECT_PERMISSIONS.map((p) => ({ ...p })) : listAllowed(PROJECT_RESOURCE_NAMES, can)),
  };
}

export interface RobotSubject {
  level: 'system' | 'project';
  permissions: readonly RobotPermission[];
}

interface Rule {
  resource: string;
  action: string;
  deny: boolean;
}

/**
 * A robot's permissions on one project. A grant applies when its namespace names the project (by name,
 * or in Harbor's stored scope form `/project/<id>`); `*` (every project) counts only for system-level
 * robots, as Harbor only lets those hold it. A project-level robot's `push` also gives `pull` on the
 * same resource (Harbor's filterRobotPolicies). A public project's grants apply as for anyone, and a
 * `deny` grant overrides every allow, public ones included. Resource or action `*` match anything.
 */
export function robotPermissions(
  robot: RobotSubject,
  project: { name: string; id: number; public?: boolean },
): Evaluator {
  const rules: Rule[] = [];
  for (const permission of robot.permissions) {
    if (permission.kind !== 'project') continue;
    const ns = permission.namespace;
    const applies = ns === project.name || ns === `/project/${project.id}` || (ns === '*' && robot.level === 'system');
    if (!applies) continue;
    for (const access of permission.access) {
      const deny = access.effect === 'deny';
      rules.push({ resource: access.resource, action: access.action, deny });
      if (!deny && robot.level === 'project' && access.action === 'push') {
        rules.push({ resource: access.resource, action: 'pull', deny: false });
      }
    }
  }
  const publicProject = project.public === true;
  const can = (resource: string, action: string) =>
    decide(rules, resource, action, publicProject && publicProjectAllows(resource, action));
  return { sysAdmin: false, can, permissions: () => listAllowed(PROJECT_RESOURCE_NAMES, can) };
}

const SYSTEM_RESOURCE_NAMES: readonly string[] = [...new Set(Object.values(SYSTEM_RESOURCES))];

/**
 * A robot's permissions on system resources (`kind: system`, namespace `/`): registries, replication,
 * garbage collection, projects (create/list), and so on. Project-level robots hold none.
 */
export function robotSystemPermissions(robot: RobotSubject): Evaluator {
  const rules: Rule[] = [];
  if (robot.level === 'system') {
    for (const permission of robot.permissions) {
      if (permission.kind !== 'system' || permission.namespace !== '/') continue;
      for (const access of permission.access) {
        rules.push({ resource: access.resource, action: access.action, deny: access.effect === 'deny' });
      }
    }
  }
  const can = (resource: string, action: string) => decide(rules, resource, action, false);
  return { sysAdmin: false, can, permissions: () => listAllowed(SYSTEM_RESOURCE_NAMES, can) };
}

function matches(rule: Rule, resource: string, action: string): boolean {
  return (rule.resource === '*' || rule.resource === resource) && (rule.action === '*' || rule.action === action);
}

// casbin's `some(allow) && !some(deny)`: one matching deny wins over any number of allows.
function decide(rules: readonly Rule[], resource: string, action: string, allowedElsewhere: boolean): boolean {
  let allowed = allowedElsewhere;
  for (const rule of rules) {
    if (!matches(rule, resource, action)) continue;
    if (rule.deny) return false;
    allowed = true;
  }
  return allowed;
}

function listAllowed(resources: readonly string[], can: (resource: string, action: string) => boolean): Permission[] {
  const out: Permission[] = [];
  for (const resource of resources) {
    for (const action of CONCRETE_ACTIONS) if (can(resource, action)) out.push({ resource, action });
  }
  return out;
}
