// The operations of a project's webhook policies and their deliveries — Harbor's operationIds, paths and
// parameters (tag `webhook`).
import {
  ExecutionSchema, SupportedWebhookEventTypesSchema, TaskSchema, WebhookLastTriggerSchema, WebhookPolicyRespSchema, WebhookPolicySchema,
} from '../webhook.js';
import type { Operation } from './operation.js';

const P = '/projects/{project_name_or_id}/webhook';
const POLICY = `${P}/policies/{webhook_policy_id}`;
const LIST = ['q', 'sort', 'page', 'page_size'] as const;

export const WEBHOOK_OPERATIONS: readonly Operation[] = [
  { id: 'ListWebhookPoliciesOfProject', method: 'get', path: `${P}/policies`, tag: 'webhook', summary: 'List project webhook policies.', query: LIST, response: [WebhookPolicyRespSchema], paginated: true },
  { id: 'CreateWebhookPolicyOfProject', method: 'post', path: `${P}/policies`, tag: 'webhook', summary: 'Create project webhook policy.', body: WebhookPolicySchema, status: 201 },
  { id: 'GetWebhookPolicyOfProject', method: 'get', path: POLICY, tag: 'webhook', summary: 'Get project webhook policy', response: WebhookPolicyRespSchema },
  { id: 'UpdateWebhookPolicyOfProject', method: 'put', path: POLICY, tag: 'webhook', summary: 'Update webhook policy of a project.', body: WebhookPolicySchema },
  { id: 'DeleteWebhookPolicyOfProject', method: 'delete', path: POLICY, tag: 'webhook', summary: 'Delete webhook policy of a project' },
  { id: 'ListExecutionsOfWebhookPolicy', method: 'get', path: `${POLICY}/executions`, tag: 'webhook', summary: 'List executions for a specific webhook policy', query: LIST, response: [ExecutionSchema], paginated: true },
  { id: 'ListTasksOfWebhookExecution', method: 'get', path: `${POLICY}/executions/{execution_id}/tasks`, tag: 'webhook', summary: 'List tasks for a specific webhook execution', query: LIST, response: [TaskSchema], paginated: true },
  { id: 'GetLogsOfWebhookTask', method: 'get', path: `${POLICY}/executions/{execution_id}/tasks/{task_id}/log`, tag: 'webhook', summary: 'Get logs for a specific webhook task' },
  { id: 'LastTrigger', method: 'get', path: `${P}/lasttrigger`, tag: 'webhook', summary: 'Get project webhook policy last trigger info', response: [WebhookLastTriggerSchema] },
  { id: 'GetSupportedEventTypes', method: 'get', path: `${P}/events`, tag: 'webhook', summary: 'Get supported event types and notify types.', response: SupportedWebhookEventTypesSchema },
];
