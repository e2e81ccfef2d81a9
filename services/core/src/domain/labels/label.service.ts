// Labels as the API manages them (Harbor's src/server/v2.0/handler/label.go): global labels are read by
// anyone signed in and managed by system administrators (and system robots granted `label`); project
// labels follow the project's `label` permission. Harbor's order: the scope, the permission, then the
// values (name 1–128 bytes), then uniqueness of the name within its scope and project.
import { robotSystemPermissions } from '@harbor/auth';
import { LABEL_COLOR_MAX_LENGTH, isValidLabelName, type LabelReq } from '@harbor/contracts';
import { isInt32Id, isStorableText, type Prisma } from '@harbor/db';
import { ApiError } from '../../http/errors.js';
import { LabelConflictError, type LabelListFilter, type LabelRecord, type LabelRepo } from '../../store/label.repo.js';
import type { ProjectRecord } from '../../store/project.repo.js';
import type { Principal } from '../identity/authenticator.js';
import type { ProjectService } from '../projects/project.service.js';

export type LabelAction = 'create' | 'read' | 'update' | 'delete' | 'list';

export interface LabelListQuery {
  scope: string | undefined;
  projectId: number | undefined;
  name: string | undefined;
  where: Prisma.LabelWhereInput;
  orderBy: Prisma.LabelOrderByWithRelationInput[];
}

export class LabelService {
  constructor(private readonly labels: LabelRepo, private readonly projects: ProjectService) {}

  async list(principal: Principal, query: LabelListQuery, page: { offset: number; limit: number | undefined }): Promise<{ total: number; items: LabelRecord[] }> {
    if (query.scope !== 'g' && query.scope !== 'p') throw new ApiError('BAD_REQUEST', `invalid scope: ${query.scope ?? ''}`);
    const filter: LabelListFilter = { scope: query.scope, where: query.where, nameContains: query.name || undefined };
    if (query.scope === 'p') {
      if (!query.projectId) throw new ApiError('BAD_REQUEST', 'must with project ID when to query project labels');
      const project = await this.projects.resolve(String(query.projectId), false);
      await this.projects.authorize(principal, project, 'label', 'list');
      filter.projectId = project.id;
    } else {
      requireGlobalAccess(principal, 'list');
    }
    return this.labels.list(filter, page, query.orderBy);
  }

  async get(principal: Principal, id: number): Promise<LabelRecord> {
    const label = await this.found(id);
    await this.requireAccess(principal, label, 'read');
    return label;
  }

  async create(principal: Principal, req: LabelReq): Promise<LabelRecord> {
    const scope = req.scope;
    if (scope !== 'g' && scope !== 'p') throw new ApiError('BAD_REQUEST', `invalid: ${scope ?? ''}`);
    const projectId = scope === 'g' ? 0 : req.project_id ?? 0;
    if (scope === 'p' && projectId <= 0) throw new ApiError('BAD_REQUEST', `invalid: ${projectId}`);
    await this.requireAccess(principal, { scope, projectId }, 'create');
    const values = checkValues(req);
    try {
      return await this.labels.create({ ...values, scope, projectId });
    } catch (err) {
      if (err instanceof LabelConflictError) throw new ApiError('CONFLICT', `label ${values.name} already exists`);
      throw err;
    }
  }

  /** PUT replaces name, description and color (absent ones become empty, as in Harbor); scope and project stay. */
  async update(principal: Principal, id: number, req: LabelReq): Promise<LabelRecord> {
    const label = await this.found(id);
    await this.requireAccess(principal, label, 'update');
    const values = checkValues(req);
    try {
      if (!(await this.labels.update(id, values))) throw notFound(id);
    } catch (err) {
      if (err instanceof LabelConflictError) throw new ApiError('CONFLICT', `label ${values.name} already exists`);
      throw err;
    }
    return { ...label, ...values };
  }

  async delete(principal: Principal, id: number): Promise<LabelRecord> {
    const label = await this.found(id);
    await this.requireAccess(principal, label, 'delete');
    if (!(await this.labels.delete(id))) throw notFound(id);
    return label;
  }

  private async found(id: number): Promise<LabelRecord> {
    const label = isInt32Id(id) ? await this.labels.findById(id) : null;
    if (!label) throw notFound(id);
    return label;
  }

  private async requireAccess(principal: Principal, label: { scope: 'g' | 'p'; projectId: number }, action: LabelAction): Promise<ProjectRecord | null> {
    if (label.scope === 'g') {
      requireGlobalAccess(principal, action);
      return null;
    }
    const project = await this.projects.resolve(String(label.projectId), false);
    await this.projects.authorize(principal, project, 'label', action);
    return project;
  }
}

const notFound = (id: number) => new ApiError('NOT_FOUND', `label ${id} not found`);

/** Global labels: anyone signed in reads them; changing them takes the system `label` permission. */
function requireGlobalAccess(principal: Principal, action: LabelAction): void {
  if (principal.kind === 'anonymous') throw new ApiError('UNAUTHORIZED', 'UnAuthorized');
  if (action === 'read' || action === 'list') return;
  const allowed = principal.kind === 'user'
    ? principal.sysadmin
    : robotSystemPermissions({ level: principal.level, permissions: principal.permissions }).can('label', action);
  if (!allowed) throw new ApiError('FORBIDDEN', 'only system administrators can manage global labels');
}

function checkValues(req: LabelReq): { name: string; description: string; color: string } {
  const name = req.name ?? '';
  const description = req.description ?? '';
  const color = req.color ?? '';
  if (!isValidLabelName(name)) throw new ApiError('BAD_REQUEST', 'label name must be 1-128 bytes long');
  if (color.length > LABEL_COLOR_MAX_LENGTH) throw new ApiError('BAD_REQUEST', `label color must be at most ${LABEL_COLOR_MAX_LENGTH} characters`);
  if (![name, description, color].every(isStorableText)) throw new ApiError('BAD_REQUEST', 'the label contains characters that cannot be stored');
  return { name, description, color };
}
