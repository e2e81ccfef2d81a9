// Turns the registry's events into webhook deliveries: for each event, the enabled policies of its
// project subscribed to its type; for each of their targets, an execution (trigger EVENT) with one task,
// and a WEBHOOK or SLACK job carrying the rendered body. It only records and enqueues — sending is the
// jobservice's — so a slow or failing receiver never holds up the event stream, let alone a push.
// Pulls are many: those of one repository by one caller within a batch become one notification listing
// every artifact pulled, not one notification per pull.
import { randomUUID } from 'node:crypto';
import {
  WEBHOOK_VENDOR_TYPES, isQuotaEvent, isTagRetentionEvent,
  type JobType, type RegistryEvent, type WebhookEventType, type WebhookParams, type WebhookPayload,
} from '@harbor/contracts';
import type { JobQueues, TaskStore } from '@harbor/jobs';
import type { Logger } from '@harbor/telemetry';
import type { ActivePolicy, PolicyTarget, WebhookPolicyRepo } from '../../store/webhook-policy.repo.js';
import { renderFor } from './formats.js';
import { buildPayload, externalHost, projectOfRepository, type HookEvent } from './payload.js';

/** A notification before its project's visibility and the repository's age are known. */
export type PendingHook = Omit<HookEvent, 'projectPublic' | 'repositoryCreated'>;

export interface WebhookNotifierDeps {
  policies: Pick<WebhookPolicyRepo, 'active' | 'repositoryCreation'>;
  tasks: Pick<TaskStore, 'createExecution' | 'createTask' | 'finishExecution'>;
  queues: Pick<JobQueues, 'enqueue'>;
  /** The suite's external URL (resource URLs name its host). */
  externalURL: string;
  /** The `notification_enable` setting: off, nothing is sent. */
  enabled: () => Promise<boolean>;
  logger: Logger;
}

/** The webhook event type of a quota event's action (the registry's `quota_exceed` / `quota_warning`). */
export function quotaWebhookType(action: string): 'QUOTA_EXCEED' | 'QUOTA_WARNING' | null {
  if (action === 'quota_exceed') return 'QUOTA_EXCEED';
  if (action === 'quota_warning') return 'QUOTA_WARNING';
  return null;
}

/** Harbor's webhook event type of a registry event, or null when the event notifies nobody. */
export function webhookEventType(e: RegistryEvent): WebhookEventType | null {
  switch (e.action) {
    case 'tag_retention': return 'TAG_RETENTION';
    case 'push': return 'PUSH_ARTIFACT';
    case 'pull': return 'PULL_ARTIFACT';
    // A delete that names a tag removed the tag only; Harbor notifies artifact deletions.
    case 'delete': return e.tag ? null : 'DELETE_ARTIFACT';
    default: return quotaWebhookType(e.action);
  }
}

/** A batch as notifications: one per push, delete and quota event; one per repository and caller for pulls. */
export function pendingHooks(events: RegistryEvent[]): PendingHook[] {
  const out: PendingHook[] = [];
  const pulls = new Map<string, { hook: PendingHook; seen: Set<string> }>();
  for (const e of events) {
    const eventType = webhookEventType(e);
    if (!eventType) continue;
    const occurAt = new Date(e.time);
    if (isTagRetentionEvent(e)) {
      out.push({
        eventType, occurAt, operator: e.operator, requestId: '', projectName: e.project_name, repository: '', resources: [],
        retention: {
          total: e.total, retained: e.retained, project_name: e.project_name, retention_policy_id: e.policy_id, result: e.result,
          deleted_artifact: e.deleted.map((d) => ({
            type: 'image', status: 'SUCCESS', namespace: e.project_name,
            name_tag: `${d.repository.slice(e.project_name.length + 1)}${d.tags.length ? `:${d.tags.join(',')}` : `@${d.digest}`}`,
          })),
        },
      });
      continue;
    }
    if (isQuotaEvent(e)) {
      out.push({
        eventType, occurAt, operator: e.operator, requestId: '', projectName: e.project_name, repository: e.repository,
        resources: e.digest || e.tag ? [{ digest: e.digest, tag: e.tag }] : [], details: e.message,
      });
      continue;
    }
    const resource = { digest: e.digest, tag: e.tag };
    const base = { eventType, occurAt, operator: e.operator, requestId: e.request_id ?? '', projectName: projectOfRepository(e.repository), repository: e.repository };
    if (e.action !== 'pull') {
      out.push({ ...base, resources: [resource] });
      continue;
    }
    const key = `${e.repository}\u0000${e.operator}`;
    let group = pulls.get(key);
    if (!group) {
      group = { hook: { ...base, resources: [] }, seen: new Set() };
      pulls.set(key, group);
      out.push(group.hook);
    } else if (occurAt > group.hook.occurAt) {
      group.hook.occurAt = occurAt;
    }
    const id = `${e.digest}\u0000${e.tag ?? ''}`;
    if (!group.seen.has(id)) {
      group.seen.add(id);
      group.hook.resources.push(resource);
    }
  }
  return out;
}

export class WebhookNotifier {
  constructor(private readonly deps: WebhookNotifierDeps) {}

  /** Queues the deliveries a batch of events calls for. Failures are logged per delivery, never thrown. */
  async notify(events: RegistryEvent[]): Promise<number> {
    const pending = pendingHooks(events);
    if (pending.length === 0 || !(await this.deps.enabled())) return 0;
    const policies = await this.deps.policies.active([...new Set(pending.map((h) => h.projectName))]);
    if (policies.length === 0) return 0;
    const matches = pending.flatMap((hook) => policies
      .filter((p) => p.projectName === hook.projectName && p.eventTypes.includes(hook.eventType))
      .map((policy) => ({ hook, policy })));
    if (matches.length === 0) return 0;
    const created = await this.deps.policies.repositoryCreation([...new Set(matches.map((m) => m.hook.repository).filter(Boolean))]);
    const host = externalHost(this.deps.externalURL);
    let queued = 0;
    for (const { hook, policy } of matches) {
      const full: HookEvent = { ...hook, projectPublic: policy.projectPublic, repositoryCreated: created.get(hook.repository) };
      const payload = buildPayload(full, host);
      for (const target of policy.targets) {
        if (await this.dispatch(policy, full, payload, target)) queued++;
      }
    }
    return queued;
  }

  private async dispatch(policy: ActivePolicy, hook: HookEvent, payload: WebhookPayload, target: PolicyTarget): Promise<boolean> {
    const type: JobType = target.type === 'slack' ? 'SLACK' : 'WEBHOOK';
    let executionId: number | undefined;
    try {
      const { body, headers } = renderFor(target, payload, { projectId: policy.projectId, policyId: policy.id, requestId: hook.requestId });
      executionId = await this.deps.tasks.createExecution(WEBHOOK_VENDOR_TYPES[target.type] ?? 'WEBHOOK', policy.id, 'EVENT',
        { event_type: hook.eventType, payload: JSON.stringify(payload) });
      const jobId = randomUUID();
      const taskId = await this.deps.tasks.createTask(executionId, jobId);
      const params: WebhookParams = {
        policy_id: policy.id,
        event_type: hook.eventType,
        target: {
          type: target.type, address: target.address, skip_cert_verify: target.skip_cert_verify === true,
          payload_format: target.payload_format ?? 'Default',
          ...(target.auth_header ? { auth_header: target.auth_header } : {}),
        },
        body,
        headers,
      };
      await this.deps.queues.enqueue(type, jobId, { task_id: taskId, execution_id: executionId, params });
      return true;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.deps.logger.warn({ err: message, policy: policy.id, event: hook.eventType }, 'queueing a webhook delivery failed');
      if (executionId !== undefined) {
        await this.deps.tasks.finishExecution(executionId, 'Error', `the delivery could not be queued: ${message}`).catch(() => undefined);
      }
      return false;
    }
  }
}
