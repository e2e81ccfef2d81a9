// A project's tag immutability rules as the API manages them (Harbor's immutable handler and
// controller): the `immutable-tag` permission of the project first, then the project, then the rule,
// which must belong to that project. A rule is checked once when saved (selectors Harbor can evaluate);
// an update that only flips `disabled` keeps the rule as it was stored, as Harbor's does.
import type { PolicyRule } from '@harbor/contracts';
import { IMMUTABLE_ACTION, IMMUTABLE_TEMPLATE } from '@harbor/contracts';
import { isInt32Id, type Prisma } from '@harbor/db';
import { immutableRuleError } from '@harbor/policy';
import { ApiError } from '../../http/errors.js';
import { ImmutableRuleConflictError, type ImmutableRuleRecord, type ImmutableRuleRepo } from '../../store/immutable-rule.repo.js';
import type { ProjectRecord } from '../../store/project.repo.js';
import type { Principal } from '../identity/authenticator.js';
import type { ProjectService } from '../projects/project.service.js';

/** How a route names the project: a name or an id, unless X-Is-Resource-Name says it is a name. */
export interface ProjectRef {
  ref: string;
  isName: boolean;
}

export interface RuleListQuery {
  where: Prisma.ImmutableTagRuleWhereInput;
  orderBy: Prisma.ImmutableTagRuleOrderByWithRelationInput[];
  page: { offset: number; limit: number | undefined };
}

const RESOURCE = 'immutable-tag';

export class ImmutableRuleService {
  constructor(private readonly projects: ProjectService, private readonly rules: ImmutableRuleRepo) {}

  async list(principal: Principal, ref: ProjectRef, query: () => RuleListQuery): Promise<{ project: ProjectRecord; total: number; items: ImmutableRuleRecord[] }> {
    const project = await this.authorized(principal, ref, 'list');
    const { where, orderBy, page } = query();
    return { project, ...(await this.rules.list(project.id, where, page, orderBy)) };
  }

  async create(principal: Principal, ref: ProjectRef, body: PolicyRule): Promise<{ project: ProjectRecord; id: number }> {
    const project = await this.authorized(principal, ref, 'create');
    const rule = checked(body);
    try {
      return { project, id: await this.rules.create(project.id, rule) };
    } catch (err) {
      if (err instanceof ImmutableRuleConflictError) throw new ApiError('CONFLICT', err.message);
      throw err;
    }
  }

  /** The body's id must be the path's (checked before anything else, as in Harbor). */
  async update(principal: Principal, ref: ProjectRef, id: number, body: PolicyRule): Promise<{ project: ProjectRecord; rule: ImmutableRuleRecord }> {
    if (body.id !== id) throw new ApiError('BAD_REQUEST', "the immutable_rule_id doesn't match the id in the payload body of ImmutableRule");
    const project = await this.authorized(principal, ref, 'update');
    const stored = await this.ruleOf(project, id);
    // Harbor's console toggles a rule by sending it back with `disabled` flipped: only the flag changes
    const rule = stored.disabled !== (body.disabled ?? false) ? { ...stored.rule, disabled: body.disabled ?? false } : checked(body);
    if (!(await this.rules.update(id, project.id, rule))) throw ruleNotFound(id);
    return { project, rule: stored };
  }

  async delete(principal: Principal, ref: ProjectRef, id: number): Promise<{ project: ProjectRecord; rule: ImmutableRuleRecord }> {
    const project = await this.authorized(principal, ref, 'delete');
    const rule = await this.ruleOf(project, id);
    if (!(await this.rules.delete(id, project.id))) throw ruleNotFound(id);
    return { project, rule };
  }

  private async authorized(principal: Principal, ref: ProjectRef, action: string): Promise<ProjectRecord> {
    const project = await this.projects.resolve(ref.ref, ref.isName);
    await this.projects.authorize(principal, project, RESOURCE, action);
    return project;
  }

  private async ruleOf(project: ProjectRecord, id: number): Promise<ImmutableRuleRecord> {
    const rule = isInt32Id(id) ? await this.rules.findById(id) : null;
    if (!rule) throw ruleNotFound(id);
    if (rule.projectId !== project.id) throw new ApiError('NOT_FOUND', `project id ${project.id} does not match`);
    return rule;
  }
}

const ruleNotFound = (id: number) => new ApiError('NOT_FOUND', `immutable rule ${id} not found`);

/** The rule as it will be stored: valid selectors, Harbor's action and template filled in. */
function checked(body: PolicyRule): PolicyRule {
  const error = immutableRuleError(body);
  if (error) throw new ApiError('BAD_REQUEST', error);
  return {
    priority: body.priority ?? 0,
    disabled: body.disabled ?? false,
    action: IMMUTABLE_ACTION,
    template: IMMUTABLE_TEMPLATE,
    params: body.params ?? {},
    tag_selectors: body.tag_selectors,
    scope_selectors: body.scope_selectors,
  };
}
