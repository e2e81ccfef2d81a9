// Webhook policies of a project as the API manages them (Harbor's src/server/v2.0/handler/webhook.go):
// the project's `notification-policy` permission (project admins manage, maintainers read), then the
// values in Harbor's order — event types (at least one, each supported), then targets (at least one,
// an http(s) address, a supported notify type, a payload format only for http targets, `Default` when
// an http target names none) — then uniqueness of the name within the project. Deliveries are read back
// as the policy's executions, their tasks and each task's log.
import type { Prisma } from '@harbor/db';
import { isStorableText } from '@harbor/db';
import {
  SUPPORTED_WEBHOOK_EVENT_TYPES, WEBHOOK_EVENT_TYPES, WEBHOOK_NOTIFY_TYPES, WEBHOOK_PAYLOAD_FORMATS, isValidWebhookPolicyName,
  type SupportedWebhookEventTypes, type WebhookLastTrigger, type WebhookNotifyType, type WebhookPayloadFormat, type WebhookPolicy,
} from '@harbor/contracts';
import type { TaskStore } from '@harbor/jobs';
import { ApiError } from '../../http/errors.js';
import type { ProjectRecord } from '../../store/project.repo.js';
import type { ExecutionRecord, TaskMetrics, TaskRecord, WebhookExecutionRepo } from '../../store/webhook-execution.repo.js';
import { PolicyConflictError, type PolicyRecord, type PolicyTarget, type PolicyValues, type WebhookPolicyRepo } from '../../store/webhook-policy.repo.js';
import type { Principal } from '../identity/authenticator.js';
import type { ProjectService } from '../projects/project.service.js';

const RESOURCE = 'notification-policy';

type Page = { offset: number; limit: number | undefined };

export interface ListQuery<W, O> {
  where: W;
  orderBy: O[];
}

export class WebhookPolicyService {
  constructor(
    private readonly policies: WebhookPolicyRepo,
    private readonly deliveries: WebhookExecutionRepo,
    private readonly logs: Pick<TaskStore, 'log'>,
    private readonly projects: ProjectService,
  ) {}

  async list(principal: Principal, project: ProjectRecord,
    query: ListQuery<Prisma.NotificationPolicyWhereInput, Prisma.NotificationPolicyOrderByWithRelationInput>, page: Page) {
    await this.projects.authorize(principal, project, RESOURCE, 'list');
    return this.policies.list(project.id, query.where, query.orderBy, page);
  }

  async create(principal: Principal, project: ProjectRecord, creator: string, body: WebhookPolicy): Promise<PolicyRecord> {
    await this.projects.authorize(principal, project, RESOURCE, 'create');
    const values = checkPolicy(body);
    try {
      return await this.policies.create(project.id, creator, values);
    } catch (err) {
      throw conflict(err, values.name);
    }
  }

  async get(principal: Principal, project: ProjectRecord, id: number): Promise<PolicyRecord> {
    await this.projects.authorize(principal, project, RESOURCE, 'read');
    return this.inProject(project, id);
  }

  /** PUT replaces name, description, targets, event types and enabled; creator and creation time stay. */
  async update(principal: Principal, project: ProjectRecord, id: number, body: WebhookPolicy): Promise<PolicyRecord> {
    await this.projects.authorize(principal, project, RESOURCE, 'update');
    const policy = await this.inProject(project, id);
    const values = checkPolicy(body);
    try {
      if (!(await this.policies.update(id, values))) throw notFound(id);
    } catch (err) {
      throw conflict(err, values.name);
    }
    return { ...policy, ...values };
  }

  async delete(principal: Principal, project: ProjectRecord, id: number): Promise<PolicyRecord> {
    await this.projects.authorize(principal, project, RESOURCE, 'delete');
    const policy = await this.inProject(project, id);
    if (!(await this.policies.delete(id))) throw notFound(id);
    return policy;
  }

  async executions(principal: Principal, project: ProjectRecord, policyId: number,
    query: ListQuery<Prisma.ExecutionWhereInput, Prisma.ExecutionOrderByWithRelationInput>, page: Page):
    Promise<{ total: number; items: Array<ExecutionRecord & { metrics: TaskMetrics }> }> {
    await this.projects.authorize(principal, project, RESOURCE, 'read');
    await this.inProject(project, policyId);
    return this.deliveries.listExecutions(policyId, query.where, query.orderBy, page);
  }

  async tasks(principal: Principal, project: ProjectRecord, policyId: number, executionId: number,
    query: ListQuery<Prisma.TaskWhereInput, Prisma.TaskOrderByWithRelationInput>, page: Page): Promise<{ total: number; items: TaskRecord[] }> {
    await this.projects.authorize(principal, project, RESOURCE, 'read');
    await this.inProject(project, policyId);
    await this.execution(policyId, executionId);
    return this.deliveries.listTasks(executionId, query.where, query.orderBy, page);
  }

  /** A delivery's log ('' until the jobservice wrote a line of it). */
  async log(principal: Principal, project: ProjectRecord, policyId: number, executionId: number, taskId: number): Promise<string> {
    await this.projects.authorize(principal, project, RESOURCE, 'read');
    await this.inProject(project, policyId);
    await this.execution(policyId, executionId);
    const task = isId(taskId) ? await this.deliveries.task(executionId, taskId) : null;
    if (!task) throw new ApiError('NOT_FOUND', `task ${taskId} not found in execution ${executionId}`);
    return (await this.logs.log(task.jobId)) ?? '';
  }

  /** One row per policy and event type, with the time it last fired (Harbor's portal overview). */
  async lastTriggers(principal: Principal, project: ProjectRecord): Promise<WebhookLastTrigger[]> {
    await this.projects.authorize(principal, project, RESOURCE, 'read');
    const policies = await this.policies.all(project.id);
    const last = await this.deliveries.lastTriggers(policies.map((p) => p.id));
    return policies.flatMap((p) => p.eventTypes.map((t) => {
      const time = last.get(`${p.id}\u0000${t}`);
      return {
        policy_name: p.name, event_type: t, enabled: p.enabled, creation_time: p.creationTime.toISOString(),
        ...(time ? { last_trigger_time: time.toISOString() } : {}),
      };
    }));
  }

  async supportedEvents(principal: Principal, project: ProjectRecord): Promise<SupportedWebhookEventTypes> {
    await this.projects.authorize(principal, project, RESOURCE, 'read');
    return SUPPORTED_WEBHOOK_EVENT_TYPES;
  }

  private async inProject(project: ProjectRecord, id: number): Promise<PolicyRecord> {
    const policy = isId(id) ? await this.policies.findById(id) : null;
    if (!policy) throw notFound(id);
    if (policy.projectId !== project.id) {
      throw new ApiError('NOT_FOUND', `project id:${project.id}, webhook policy id: ${id} not found`);
    }
    return policy;
  }

  private async execution(policyId: number, executionId: number): Promise<ExecutionRecord> {
    const execution = isId(executionId) ? await this.deliveries.execution(policyId, executionId) : null;
    if (!execution) throw new ApiError('NOT_FOUND', `execution ${executionId} not found in policy ${policyId}`);
    return execution;
  }
}

const isId = (n: number) => Number.isInteger(n) && n > 0 && n <= 2_147_483_647;

const notFound = (id: number) => new ApiError('NOT_FOUND', `notificationPolicy ${id} not found`);

function conflict(err: unknown, name: string): unknown {
  return err instanceof PolicyConflictError ? new ApiError('CONFLICT', `notification policy named ${name} already exists`) : err;
}

/** The policy's values once Harbor's rules accept them. */
export function checkPolicy(body: WebhookPolicy): PolicyValues {
  const name = body.name ?? '';
  const eventTypes = body.event_types ?? [];
  if (eventTypes.length === 0) throw new ApiError('BAD_REQUEST', 'empty event type');
  for (const t of eventTypes) {
    if (!(WEBHOOK_EVENT_TYPES as readonly string[]).includes(t)) throw new ApiError('BAD_REQUEST', `unsupported event type ${t}`);
  }
  const targets = body.targets ?? [];
  if (targets.length === 0) throw new ApiError('BAD_REQUEST', `empty notification target with policy ${name}`);
  const checked: PolicyTarget[] = targets.map((t) => {
    const address = parseEndpoint(t.address ?? '');
    const type = t.type ?? '';
    if (!(WEBHOOK_NOTIFY_TYPES as readonly string[]).includes(type)) {
      throw new ApiError('BAD_REQUEST', `unsupported target type ${type} with policy ${name}`);
    }
    // The header travels as it is: a line break would smuggle in other headers.
    if (t.auth_header && /[\r\n\0]/.test(t.auth_header)) throw new ApiError('BAD_REQUEST', 'the auth header must be a single line');
    const format = t.payload_format ?? '';
    if (format && type === 'slack') throw new ApiError('BAD_REQUEST', 'set payload format is not allowed for slack');
    if (format && !(WEBHOOK_PAYLOAD_FORMATS as readonly string[]).includes(format)) {
      throw new ApiError('BAD_REQUEST', `unsupported payload format type: ${format}`);
    }
    return {
      type: type as WebhookNotifyType,
      address,
      ...(t.auth_header ? { auth_header: t.auth_header } : {}),
      skip_cert_verify: t.skip_cert_verify ?? false,
      ...(type === 'http' ? { payload_format: (format || 'Default') as WebhookPayloadFormat } : {}),
    };
  });
  if (!isValidWebhookPolicyName(name)) throw new ApiError('BAD_REQUEST', 'the policy name must be at most 256 bytes long');
  const description = body.description ?? '';
  if (![name, description, ...eventTypes].every(isStorableText)) throw new ApiError('BAD_REQUEST', 'the policy contains characters that cannot be stored');
  return { name, description, enabled: body.enabled ?? false, targets: checked, eventTypes: [...new Set(eventTypes)] };
}

/**
 * Harbor's ParseEndpoint: spaces and trailing slashes trimmed, `http://` assumed without a scheme, only
 * http and https accepted, and the result must be an absolute URL with a host.
 */
export function parseEndpoint(raw: string): string {
  let endpoint = raw.trim().replace(/\/+$/, '');
  if (endpoint.length === 0) throw new ApiError('BAD_REQUEST', 'empty URL');
  const i = endpoint.indexOf('://');
  if (i >= 0) {
    const scheme = endpoint.slice(0, i);
    if (scheme !== 'http' && scheme !== 'https') throw new ApiError('BAD_REQUEST', `invalid scheme: ${scheme}`);
  } else {
    endpoint = `http://${endpoint}`;
  }
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ApiError('BAD_REQUEST', `invalid URL: ${raw}`);
  }
  if (!url.hostname || /\s/.test(endpoint)) throw new ApiError('BAD_REQUEST', `invalid URL: ${raw}`);
  return endpoint;
}
