// Harbor's vocabulary of authorisation: project roles with their ids, and the resource and action
// strings exactly as goharbor/harbor spells them (src/common/const.go, src/common/rbac/const.go).
import type { RoleName } from '@harbor/contracts';

/** A project role, by the name Harbor's API shows (`role_name`). */
export type Role = RoleName;

/** Role ids as stored in `project_member.role` and sent as `role_id`. */
export const ROLE_IDS = {
  projectAdmin: 1,
  developer: 2,
  guest: 3,
  maintainer: 4,
  limitedGuest: 5,
} as const satisfies Record<Role, number>;

/** Strongest first, the order Harbor's portal lists them in. */
export const ROLES: readonly Role[] = ['projectAdmin', 'maintainer', 'developer', 'guest', 'limitedGuest'];

export function roleId(role: Role): number {
  return ROLE_IDS[role];
}

export function roleById(id: number): Role | undefined {
  return ROLES.find((role) => ROLE_IDS[role] === id);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Actions. `*` matches every action in robot grants. */
export const ACTIONS = {
  all: '*',
  create: 'create',
  read: 'read',
  update: 'update',
  delete: 'delete',
  list: 'list',
  pull: 'pull',
  push: 'push',
  operate: 'operate',
  // Lets the scanner's robot pull artifacts that policies (vulnerability, signature) would block.
  scannerPull: 'scanner-pull',
  stop: 'stop',
} as const;
export type Action = (typeof ACTIONS)[keyof typeof ACTIONS];

/** Every concrete action (without `*`), in the order permission listings use. */
export const CONCRETE_ACTIONS: readonly Action[] = Object.values(ACTIONS).filter((a) => a !== '*');

/**
 * Project-level resources. Harbor names the project itself `ResourceSelf` (an empty sub-resource of
 * `/project/<id>`); here it is `project`, the name robot grants use for it.
 */
export const PROJECT_RESOURCES = {
  project: 'project',
  member: 'member',
  metadata: 'metadata',
  log: 'log',
  label: 'label',
  quota: 'quota',
  repository: 'repository',
  tagRetention: 'tag-retention',
  immutableTag: 'immutable-tag',
  configuration: 'configuration',
  robot: 'robot',
  notificationPolicy: 'notification-policy',
  scan: 'scan',
  sbom: 'sbom',
  scanner: 'scanner',
  artifact: 'artifact',
  artifactAddition: 'artifact-addition',
  tag: 'tag',
  accessory: 'accessory',
  artifactLabel: 'artifact-label',
  preheatPolicy: 'preheat-policy',
  exportCve: 'export-cve',
} as const;
export type ProjectResource = (typeof PROJECT_RESOURCES)[keyof typeof PROJECT_RESOURCES];
export const PROJECT_RESOURCE_NAMES: readonly ProjectResource[] = Object.values(PROJECT_RESOURCES);

/** System-level resources (grantable to system robots; everything else about them needs an admin). */
export const SYSTEM_RESOURCES = {
  auditLog: 'audit-log',
  catalog: 'catalog',
  project: 'project',
  user: 'user',
  userGroup: 'user-group',
  ldapUser: 'ldap-user',
  registry: 'registry',
  replication: 'replication',
  replicationAdapter: 'replication-adapter',
  replicationPolicy: 'replication-policy',
  distribution: 'distribution',
  preheatInstance: 'preheat-instance',
  garbageCollection: 'garbage-collection',
  scanAll: 'scan-all',
  scanner: 'scanner',
  label: 'label',
  quota: 'quota',
  robot: 'robot',
  systemVolumes: 'system-volumes',
  purgeAudit: 'purge-audit',
  exportCve: 'export-cve',
  jobserviceMonitor: 'jobservice-monitor',
  securityHub: 'security-hub',
} as const;
export type SystemResource = (typeof SYSTEM_RESOURCES)[keyof typeof SYSTEM_RESOURCES];
