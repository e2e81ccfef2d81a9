// The project permission matrix: what each project role grants, what a public project grants to
// everyone (anonymous included), and the system-admin rule. Mirrors rolePoliciesMap in goharbor/harbor
// src/common/rbac/project/rbac_role.go (v2.13+: no helm charts; maintainer reads but no longer edits
// metadata; only project admins list logs; sbom and export-cve present) and publicProjectPolicies.
import type { Permission } from '@harbor/contracts';
import { CONCRETE_ACTIONS, PROJECT_RESOURCE_NAMES, ROLES, type Action, type ProjectResource, type Role } from './roles.js';

type Grants = Readonly<Partial<Record<ProjectResource, readonly Action[]>>>;

const LETTERS: Readonly<Record<string, Action>> = {
  C: 'create',
  R: 'read',
  U: 'update',
  D: 'delete',
  L: 'list',
  O: 'operate',
  S: 'stop',
};

/** `g('CRUDL', 'pull')`: the letters of HARBOR.md's table, plus spelled-out actions. */
function g(letters: string, ...extra: Action[]): readonly Action[] {
  return [...[...letters].map((letter) => LETTERS[letter]), ...extra];
}

// Read across as in the table: one object per role, one line per resource; a missing resource is "–".
export const ROLE_GRANTS: Readonly<Record<Role, Grants>> = {
  projectAdmin: {
    project: g('RUD'),
    member: g('CRUDL'),
    metadata: g('CRUD'),
    log: g('L'),
    label: g('CRUDL'),
    quota: g('R'),
    repository: g('CRUDL', 'pull', 'push'),
    'tag-retention': g('CRUDLO'),
    'immutable-tag': g('CUDL'),
    configuration: g('RU'),
    robot: g('CRUDL'),
    'notification-policy': g('CRUDL'),
    scan: g('CRS'),
    sbom: g('CRS'),
    scanner: g('RC'),
    artifact: g('CRDL'),
    'artifact-addition': g('R'),
    tag: g('CLD'),
    accessory: g('L'),
    'artifact-label': g('CD'),
    'preheat-policy': g('CRUDL'),
    'export-cve': g('CRL'),
  },
  maintainer: {
    project: g('R'),
    member: g('RL'),
    metadata: g('R'),
    label: g('CRUDL'),
    quota: g('R'),
    repository: g('CRUDL', 'pull', 'push'),
    'tag-retention': g('CRUDLO'),
    'immutable-tag': g('CUDL'),
    configuration: g('R'),
    robot: g('RL'),
    'notification-policy': g('RL'),
    scan: g('CRS'),
    sbom: g('CRS'),
    scanner: g('R'),
    artifact: g('CRDL'),
    'artifact-addition': g('R'),
    tag: g('CLD'),
    accessory: g('L'),
    'artifact-label': g('CD'),
    'export-cve': g('CRL'),
  },
  developer: {
    project: g('R'),
    member: g('RL'),
    label: g('RL'),
    quota: g('R'),
    repository: g('CRUL', 'pull', 'push'),
    'tag-retention': g('CRUDLO'),
    configuration: g('R'),
    robot: g('RL'),
    scan: g('R'),
    sbom: g('R'),
    scanner: g('R'),
    artifact: g('CRL'),
    'artifact-addition': g('R'),
    tag: g('CL'),
    accessory: g('L'),
    'artifact-label': g('CD'),
    'export-cve': g('CRL'),
  },
  guest: {
    project: g('R'),
    member: g('RL'),
    label: g('RL'),
    quota: g('R'),
    repository: g('RL', 'pull'),
    configuration: g('R'),
    robot: g('RL'),
    scan: g('R'),
    sbom: g('R'),
    scanner: g('R'),
    artifact: g('RL'),
    'artifact-addition': g('R'),
    tag: g('L'),
    accessory: g('L'),
  },
  limitedGuest: {
    project: g('R'),
    quota: g('R'),
    repository: g('RL', 'pull'),
    configuration: g('R'),
    scan: g('R'),
    sbom: g('R'),
    scanner: g('R'),
    artifact: g('RL'),
    'artifact-addition': g('R'),
    tag: g('L'),
    accessory: g('L'),
  },
};

/** What a public project grants to every caller, anonymous included, on top of any role. */
export const PUBLIC_PROJECT_GRANTS: Grants = {
  project: g('R'),
  label: g('RL'),
  repository: g('L', 'pull'),
  scan: g('R'),
  scanner: g('R'),
  tag: g('L'),
  artifact: g('RL'),
  'artifact-addition': g('R'),
  accessory: g('L'),
};

function granted(grants: Grants, resource: string, action: string): boolean {
  // Own keys only: a resource named `constructor` or `toString` must not reach Object.prototype.
  if (!Object.hasOwn(grants, resource)) return false;
  return (grants as Readonly<Record<string, readonly string[]>>)[resource].includes(action);
}

/** Whether `role` alone grants `action` on `resource` in its project. Unknown names are denied. */
export function roleAllows(role: Role, resource: string, action: string): boolean {
  return Object.hasOwn(ROLE_GRANTS, role) && granted(ROLE_GRANTS[role], resource, action);
}

/** Whether a public project grants `action` on `resource` to anyone. */
export function publicProjectAllows(resource: string, action: string): boolean {
  return granted(PUBLIC_PROJECT_GRANTS, resource, action);
}

/**
 * The combination Harbor applies for a human caller on one project: a system admin may do everything
 * (Harbor's admin evaluator answers true for any resource); otherwise the union of the caller's roles
 * (own membership and group memberships) and, for a public project, the public grants.
 */
export function projectAllows(
  caller: { sysAdmin: boolean; roles: readonly Role[]; publicProject: boolean },
  resource: string,
  action: string,
): boolean {
  if (caller.sysAdmin) return true;
  if (caller.publicProject && publicProjectAllows(resource, action)) return true;
  return caller.roles.some((role) => roleAllows(role, resource, action));
}

function toPermissions(grants: Grants): Permission[] {
  const out: Permission[] = [];
  for (const resource of PROJECT_RESOURCE_NAMES) {
    const granted = grants[resource] ?? [];
    for (const action of CONCRETE_ACTIONS) if (granted.includes(action)) out.push({ resource, action });
  }
  return out;
}

/** Everything one role grants, as `{resource, action}` pairs. */
export function rolePermissions(role: Role): Permission[] {
  return toPermissions(ROLE_GRANTS[role]);
}

/** The public-project grants as `{resource, action}` pairs. */
export function publicProjectPermissions(): Permission[] {
  return toPermissions(PUBLIC_PROJECT_GRANTS);
}

/** The union of every role's grants: what Harbor lists as a system admin's project permissions. */
export const ALL_PROJECT_PERMISSIONS: readonly Permission[] = (() => {
  const seen = new Set<string>();
  const out: Permission[] = [];
  for (const role of ROLES) {
    for (const p of rolePermissions(role)) {
      const key = `${p.resource}:${p.action}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push(p);
      }
    }
  }
  return out;
})();
