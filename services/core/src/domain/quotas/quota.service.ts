// Project storage quotas as the API shows them (Harbor's src/server/v2.0/handler/quota.go): listing,
// reading and changing hard limits take the system `quota` permission (system administrators, system
// robots granted it); every project has a quota, made with the project or, for projects from before,
// at start-up and on first use. Enforcement at push time belongs to the registry.
import { ApiError } from '../../http/errors.js';
import type { QuotaListFilter, QuotaRecord, QuotaRepo } from '../../store/quota.repo.js';
import type { ConfigService } from '../config/config.service.js';
import type { Principal } from '../identity/authenticator.js';
import { requireSystemAccess } from '../identity/system-access.js';

export type QuotaAction = 'list' | 'read' | 'update';

export class QuotaService {
  constructor(private readonly quotas: QuotaRepo, private readonly settings: ConfigService) {}

  /** Gives every project without a quota the default one (storage_per_project), while per-project quotas are on. */
  async ensureAll(): Promise<number> {
    const settings = await this.settings.values();
    if (!settings.quota_per_project_enable) return 0;
    return this.quotas.ensureProjectQuotas({ storage: settings.storage_per_project });
  }

  async list(principal: Principal, filter: QuotaListFilter, page: { offset: number; limit: number | undefined }, sort: string):
    Promise<{ total: number; items: QuotaRecord[] }> {
    requireSystemAccess(principal, 'quota', 'list');
    await this.ensureAll();
    return this.quotas.list(filter, page, sort);
  }

  async get(principal: Principal, id: number): Promise<QuotaRecord> {
    requireSystemAccess(principal, 'quota', 'read');
    return this.found(id);
  }

  /** Harbor's RequireSystemAccess on `quota`: 401 for anonymous callers, 403 without the permission. */
  authorize(principal: Principal, action: QuotaAction): void {
    requireSystemAccess(principal, 'quota', action);
  }

  /** PUT: a new storage limit (checked by the caller: -1 or positive bytes). */
  async update(principal: Principal, id: number, storage: number): Promise<QuotaRecord> {
    requireSystemAccess(principal, 'quota', 'update');
    const quota = await this.found(id);
    const hard = { ...quota.hard, storage };
    if (!(await this.quotas.updateHard(id, hard))) throw notFound(id);
    return { ...quota, hard };
  }

  /** The project's quota for its summary, made with the default limits when the project has none yet. */
  async forProject(projectId: number): Promise<QuotaRecord | null> {
    if (!(await this.settings.value('quota_per_project_enable'))) return null;
    const found = await this.quotas.findByProject(projectId);
    if (found) return found;
    await this.ensureAll();
    return this.quotas.findByProject(projectId);
  }

  /**
   * The storage limit of a new project, as Harbor's CreateProject decides it: none when per-project
   * quotas are off; the requested one only for system administrators (0 or absent = the default).
   */
  async limitForNewProject(principal: Principal, requested: number | undefined): Promise<number | undefined> {
    const settings = await this.settings.values();
    if (!settings.quota_per_project_enable) return undefined;
    const sysAdmin = principal.kind === 'user' && principal.sysadmin;
    if (!sysAdmin || requested === undefined || requested === 0) return settings.storage_per_project;
    if (requested !== -1 && requested <= 0) throw new ApiError('BAD_REQUEST', `invalid value for resource storage: ${requested}`);
    return requested;
  }

  private async found(id: number): Promise<QuotaRecord> {
    const quota = Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647 ? await this.quotas.findById(id) : null;
    if (!quota) throw notFound(id);
    return quota;
  }
}

const notFound = (id: number) => new ApiError('NOT_FOUND', `quota ${id} not found`);
