// A project's tag retention policy as the API manages it (Harbor's retention handler and controller):
// the `tag-retention` permission of the policy's project, one policy per project (bound by the project's
// `retention_id` metadata), rules checked once when saved, and the schedule (trigger.settings.cron, six
// fields) kept as the RETENTION schedule of the policy — none when the cron is empty. Runs, their tasks
// and logs are in retention-runs.service.ts.
import { RETENTION_ACTION, RETENTION_ALGORITHM, RETENTION_SCOPE_LEVEL, RETENTION_TRIGGER_KIND, type RetentionMetadata, type RetentionPolicy } from '@harbor/contracts';
import { isInt32Id } from '@harbor/db';
import { retentionPolicyError, retentionRuleConflict } from '@harbor/policy';
import { ApiError } from '../../http/errors.js';
import { RetentionPolicyExistsError, type RetentionPolicyRecord, type RetentionPolicyRepo } from '../../store/retention-policy.repo.js';
import type { ProjectRecord } from '../../store/project.repo.js';
import type { Principal } from '../identity/authenticator.js';
import type { ExecutionService } from '../jobs/execution.service.js';
import { ScheduleService } from '../jobs/schedule.service.js';
import type { ProjectService } from '../projects/project.service.js';

export const RETENTION_RESOURCE = 'tag-retention';

const count = () => [{ type: 'int', unit: 'COUNT', required: true }];
const days = () => [{ type: 'int', unit: 'DAYS', required: true }];

/** What Harbor's console may offer (Harbor's own list; lastXDays and latestActiveK are accepted too). */
export const RETENTION_METADATA: RetentionMetadata = {
  templates: [
    { rule_template: 'latestPushedK', display_text: 'the most recently pushed # artifacts', action: 'retain', params: count() },
    { rule_template: 'latestPulledN', display_text: 'the most recently pulled # artifacts', action: 'retain', params: count() },
    { rule_template: 'nDaysSinceLastPush', display_text: 'pushed within the last # days', action: 'retain', params: days() },
    { rule_template: 'nDaysSinceLastPull', display_text: 'pulled within the last # days', action: 'retain', params: days() },
    { rule_template: 'always', display_text: 'always', action: 'retain', params: [] },
  ],
  scope_selectors: [{ display_text: 'Repositories', kind: 'doublestar', decorations: ['repoMatches', 'repoExcludes'] }],
  tag_selectors: [{ display_text: 'Tags', kind: 'doublestar', decorations: ['matches', 'excludes'] }],
};

export interface LoadedPolicy {
  record: RetentionPolicyRecord;
  project: ProjectRecord;
}

/** The schedule of a stored policy: its cron, '' for none. */
export function cronOf(policy: RetentionPolicy): string {
  const cron = policy.trigger?.settings?.cron;
  return typeof cron === 'string' ? cron.trim() : '';
}

export class RetentionService {
  constructor(
    private readonly projects: ProjectService,
    private readonly repo: RetentionPolicyRepo,
    private readonly schedules: ScheduleService,
    private readonly executions: ExecutionService,
  ) {}

  metadata(principal: Principal): RetentionMetadata {
    if (principal.kind === 'anonymous') throw new ApiError('UNAUTHORIZED', 'UnAuthorized');
    return RETENTION_METADATA;
  }

  /**
   * The policy and its project once the caller holds `action` on tag retention there. A missing policy is
   * `missing` (Harbor answers 400 on most operations, 404 here for reads and updates).
   */
  async load(principal: Principal, id: number, action: string, missing: 'NOT_FOUND' | 'BAD_REQUEST' = 'BAD_REQUEST'): Promise<LoadedPolicy> {
    if (principal.kind === 'anonymous') throw new ApiError('UNAUTHORIZED', 'UnAuthorized');
    const record = isInt32Id(id) ? await this.repo.findById(id) : null;
    const project = record ? await this.projects.resolve(String(record.projectId), false).catch(() => null) : null;
    if (!record || !project) throw new ApiError(missing, `no such Retention policy with id ${id}`);
    await this.projects.authorize(principal, project, RETENTION_RESOURCE, action);
    return { record, project };
  }

  async get(principal: Principal, id: number): Promise<RetentionPolicyRecord> {
    return (await this.load(principal, id, 'read', 'NOT_FOUND')).record;
  }

  async create(principal: Principal, body: RetentionPolicy): Promise<{ project: ProjectRecord; id: number }> {
    if (principal.kind === 'anonymous') throw new ApiError('UNAUTHORIZED', 'UnAuthorized');
    const project = await this.scopeProject(body);
    await this.projects.authorize(principal, project, RETENTION_RESOURCE, 'create');
    const policy = checked(body, project.id);
    let id: number;
    try {
      id = await this.repo.create(project.id, policy);
    } catch (err) {
      if (err instanceof RetentionPolicyExistsError) throw new ApiError('BAD_REQUEST', err.message);
      throw err;
    }
    try {
      await this.applySchedule(id, '', cronOf(policy));
    } catch (err) {
      await this.repo.delete(id, project.id);
      throw err;
    }
    return { project, id };
  }

  /** The body's scope, when given, must be the policy's project (Harbor: "the retention policy id does not match"). */
  async update(principal: Principal, id: number, body: RetentionPolicy): Promise<LoadedPolicy> {
    const loaded = await this.load(principal, id, 'update', 'NOT_FOUND');
    const scope = body.scope;
    if (scope && ((scope.level ?? RETENTION_SCOPE_LEVEL) !== RETENTION_SCOPE_LEVEL || (scope.ref !== undefined && scope.ref !== loaded.project.id))) {
      throw new ApiError('NOT_FOUND', `the retention policy id ${id} does not match`);
    }
    const policy = checked(body, loaded.project.id);
    if (!(await this.repo.update(id, policy))) throw new ApiError('NOT_FOUND', `no such Retention policy with id ${id}`);
    try {
      await this.applySchedule(id, cronOf(loaded.record.policy), cronOf(policy));
    } catch (err) {
      // a cron the scheduler refuses leaves the policy as it was
      await this.repo.update(id, loaded.record.policy);
      throw err;
    }
    return loaded;
  }

  /** Removes the schedule, stops unfinished runs, and deletes the policy with its runs. */
  async delete(principal: Principal, id: number): Promise<LoadedPolicy> {
    const loaded = await this.load(principal, id, 'delete');
    await this.remove(id, loaded.project.id);
    return loaded;
  }

  /** Everything a project's retention leaves behind, when the project goes. */
  async removeForProject(projectId: number): Promise<void> {
    for (const id of await this.repo.idsOfProject(projectId)) await this.remove(id, projectId);
  }

  private async remove(id: number, projectId: number): Promise<void> {
    await this.schedules.set('RETENTION', id, { type: 'None' }, {});
    const { items } = await this.executions.list('RETENTION', id, { offset: 0, limit: undefined });
    for (const e of items) if (e.status === 'Running' || e.status === 'Pending') await this.executions.stop('RETENTION', e.id);
    await this.repo.delete(id, projectId);
  }

  private async applySchedule(id: number, before: string, after: string): Promise<void> {
    if (before === after) return;
    if (after === '') await this.schedules.set('RETENTION', id, { type: 'None' }, {});
    else await this.schedules.set('RETENTION', id, { type: 'Custom', cron: after }, { policy_id: id, dry_run: false });
  }

  /** The project a new policy names: level project and an existing project id, else 400 as Harbor. */
  private async scopeProject(body: RetentionPolicy): Promise<ProjectRecord> {
    const level = body.scope?.level ?? '';
    if (level !== RETENTION_SCOPE_LEVEL) throw new ApiError('BAD_REQUEST', `scope ${level} is not support`);
    const ref = body.scope?.ref ?? 0;
    const project = ref > 0 && isInt32Id(ref) ? await this.projects.resolve(String(ref), false).catch(() => null) : null;
    if (!project) throw new ApiError('BAD_REQUEST', `invalid Project id ${ref}`);
    return project;
  }
}

/** The policy as it will be stored: valid rules and cron, Harbor's defaults filled in, the project as scope. */
function checked(body: RetentionPolicy, projectId: number): RetentionPolicy {
  const error = retentionPolicyError(body);
  if (error) throw new ApiError('BAD_REQUEST', error);
  const conflict = retentionRuleConflict(body.rules ?? []);
  if (conflict) throw new ApiError('CONFLICT', conflict);
  const cron = cronOf(body);
  if (cron !== '') ScheduleService.cronOf({ type: 'Custom', cron });
  return {
    algorithm: RETENTION_ALGORITHM,
    rules: (body.rules ?? []).map((r) => ({
      ...(r.id === undefined ? {} : { id: r.id }),
      priority: r.priority ?? 0,
      disabled: r.disabled ?? false,
      action: RETENTION_ACTION,
      template: r.template,
      params: r.params ?? {},
      tag_selectors: r.tag_selectors ?? [],
      scope_selectors: r.scope_selectors ?? {},
    })),
    trigger: { kind: RETENTION_TRIGGER_KIND, settings: { cron } },
    scope: { level: RETENTION_SCOPE_LEVEL, ref: projectId },
  };
}
