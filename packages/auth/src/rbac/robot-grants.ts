// What a robot account may be granted, per level: the lists `GET /api/v2.0/permissions` answers with
// and robot creation is checked against (Harbor's rbac.PoliciesMap plus its "no limit" provider's extras,
// src/common/rbac/const.go).
import type { Permission, RobotPermission } from '@harbor/contracts';

type Spec = Readonly<Record<string, string>>;

const LETTERS: Readonly<Record<string, string>> = {
  C: 'create',
  R: 'read',
  U: 'update',
  D: 'delete',
  L: 'list',
  S: 'stop',
};

// resource → letters (C R U D L S) and/or spelled-out actions separated by spaces.
const SYSTEM_SPEC: Spec = {
  'audit-log': 'L',
  'preheat-instance': 'CRUDL',
  project: 'CL',
  'replication-policy': 'CRUDL',
  replication: 'CRL',
  'replication-adapter': 'L',
  registry: 'CRUDL',
  'scan-all': 'CRUS',
  'system-volumes': 'R',
  'garbage-collection': 'CRULS',
  'purge-audit': 'CRULS',
  'jobservice-monitor': 'LS',
  scanner: 'CRUDL',
  label: 'CRUD',
  'security-hub': 'RL',
  catalog: 'R',
  quota: 'RUL',
  robot: 'CRDL',
  user: 'CRUDL',
  'ldap-user': 'CL',
  'user-group': 'CRUDL',
};

const PROJECT_SPEC: Spec = {
  log: 'L',
  project: 'RUD',
  metadata: 'CRUDL',
  repository: 'RUDL pull push',
  artifact: 'CRDL',
  scan: 'CRS',
  sbom: 'CRS',
  tag: 'CDL',
  accessory: 'L',
  'artifact-addition': 'R',
  'artifact-label': 'CD',
  scanner: 'CR',
  'preheat-policy': 'CRUDL',
  'immutable-tag': 'CUDL',
  'notification-policy': 'CRUDL',
  'tag-retention': 'CRUDL',
  label: 'CRUDL',
  quota: 'R',
  robot: 'CRDL',
  'export-cve': 'CR',
  member: 'CRUDL',
};

function expand(spec: Spec): Permission[] {
  const out: Permission[] = [];
  for (const [resource, text] of Object.entries(spec)) {
    for (const word of text.split(' ')) {
      const actions = /^[A-Z]+$/.test(word) ? [...word].map((letter) => LETTERS[letter]) : [word];
      for (const action of actions) out.push({ resource, action });
    }
  }
  return out;
}

export const ROBOT_SYSTEM_GRANTABLE: readonly Permission[] = expand(SYSTEM_SPEC);
export const ROBOT_PROJECT_GRANTABLE: readonly Permission[] = expand(PROJECT_SPEC);

/**
 * The grants in `permissions` that a robot may not hold (unknown resource/action pairs for the
 * permission's kind); empty when all are grantable. Wildcards are not grantable through the API.
 */
export function ungrantableRobotAccess(permissions: readonly RobotPermission[]): Permission[] {
  const bad: Permission[] = [];
  for (const permission of permissions) {
    const allowed = permission.kind === 'system' ? ROBOT_SYSTEM_GRANTABLE : ROBOT_PROJECT_GRANTABLE;
    for (const access of permission.access) {
      if (!allowed.some((p) => p.resource === access.resource && p.action === access.action)) {
        bad.push({ resource: access.resource, action: access.action });
      }
    }
  }
  return bad;
}
