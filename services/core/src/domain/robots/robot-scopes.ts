// Where a robot's grants apply, in three spellings: the API's `{kind, namespace}` (a project by name),
// the stored form (Harbor's scopes: `/` for the system, `*` for every project, `/project/<id>` for one
// project, so a project deleted and re-created under the same name does not inherit old grants), and the
// resolved form the checks work on.
import type { RobotAccess, RobotPermission } from '@harbor/contracts';
import { ApiError } from '../../http/errors.js';
import type { ProjectRecord, ProjectRepo } from '../../store/project.repo.js';

export type RobotScope = { kind: 'system' } | { kind: 'all-projects' } | { kind: 'project'; project: ProjectRecord };

export interface ScopedPermission {
  scope: RobotScope;
  access: RobotAccess[];
}

const STORED_PROJECT = /^\/project\/(\d+)$/;

/** Project lookups memoised for one request (a listing resolves the same projects many times). */
export class ProjectLookup {
  private readonly byName = new Map<string, Promise<ProjectRecord | null>>();
  private readonly byId = new Map<number, Promise<ProjectRecord | null>>();
  constructor(private readonly projects: ProjectRepo) {}

  name(name: string): Promise<ProjectRecord | null> {
    let found = this.byName.get(name);
    if (!found) this.byName.set(name, (found = this.projects.findByName(name)));
    return found;
  }

  id(id: number): Promise<ProjectRecord | null> {
    let found = this.byId.get(id);
    if (!found) this.byId.set(id, (found = this.projects.findById(id)));
    return found;
  }
}

/** Permissions from a request: every named project must exist (Harbor's toScope answers 404). */
export async function resolveRequested(permissions: readonly RobotPermission[], lookup: ProjectLookup): Promise<ScopedPermission[]> {
  const out: ScopedPermission[] = [];
  for (const p of permissions) {
    const access = p.access.map((a) => ({ ...a }));
    if (p.kind === 'system') out.push({ scope: { kind: 'system' }, access });
    else if (p.namespace === '*') out.push({ scope: { kind: 'all-projects' }, access });
    else {
      const project = await lookup.name(p.namespace);
      if (!project) throw new ApiError('NOT_FOUND', `project ${p.namespace} not found`);
      out.push({ scope: { kind: 'project', project }, access });
    }
  }
  return out;
}

/**
 * Permissions as stored (or as a robot principal carries them). Grants on projects that no longer exist
 * are dropped, as Harbor leaves them out of a robot's permissions; names (rows written before scopes
 * were stored by id) still resolve.
 */
export async function resolveStored(stored: unknown, lookup: ProjectLookup): Promise<ScopedPermission[]> {
  if (!Array.isArray(stored)) return [];
  const out: ScopedPermission[] = [];
  for (const raw of stored as Array<Partial<RobotPermission>>) {
    if (!raw || !Array.isArray(raw.access) || typeof raw.namespace !== 'string') continue;
    const access = raw.access.filter((a): a is RobotAccess => !!a && typeof a.resource === 'string' && typeof a.action === 'string');
    if (raw.kind === 'system') {
      if (raw.namespace === '/') out.push({ scope: { kind: 'system' }, access });
      continue;
    }
    if (raw.kind !== 'project') continue;
    if (raw.namespace === '*') {
      out.push({ scope: { kind: 'all-projects' }, access });
      continue;
    }
    const m = STORED_PROJECT.exec(raw.namespace);
    const project = m ? await lookup.id(Number(m[1])) : await lookup.name(raw.namespace);
    if (project) out.push({ scope: { kind: 'project', project }, access });
  }
  return out;
}

const namespaceOf = (scope: RobotScope, stored: boolean): string =>
  scope.kind === 'system' ? '/' : scope.kind === 'all-projects' ? '*' : stored ? `/project/${scope.project.id}` : scope.project.name;

const permissionsOf = (scoped: readonly ScopedPermission[], stored: boolean): RobotPermission[] =>
  scoped.map((p) => ({
    kind: p.scope.kind === 'system' ? 'system' : 'project',
    namespace: namespaceOf(p.scope, stored),
    access: p.access.map((a) => ({ resource: a.resource, action: a.action, ...(a.effect !== undefined ? { effect: a.effect } : {}) })),
  }));

/** The form written to the robot table. */
export const toStoredPermissions = (scoped: readonly ScopedPermission[]) => permissionsOf(scoped, true);

/** The form the API shows: projects by name. */
export const toApiPermissions = (scoped: readonly ScopedPermission[]) => permissionsOf(scoped, false);

/** A key naming the scope, for comparing two robots' grants. */
export function scopeKey(scope: RobotScope): string {
  return scope.kind === 'project' ? `project:${scope.project.id}` : scope.kind;
}
