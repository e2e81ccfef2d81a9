// Webhook (notification) policies of a project, as Harbor's swagger defines them: `WebhookPolicy`,
// `WebhookTargetObject`, `WebhookLastTrigger`, `SupportedWebhookEventTypes`, and the `Execution` and
// `Task` shapes their deliveries are listed with. Request bodies are checked for JSON types only (a wrong
// type is go-swagger's 422); Harbor's handler checks the values afterwards (400): at least one known
// event type, at least one target with a known notify type, an http(s) address, and a payload format
// only for http targets.
import { z } from 'zod';
import { DateTimeSchema, IntSchema, byteLength, dropNulls } from './common.js';

/** Event types a policy may subscribe to, in the order Harbor lists them (`/webhook/events`). */
export const WEBHOOK_EVENT_TYPES = [
  'PUSH_ARTIFACT', 'PULL_ARTIFACT', 'DELETE_ARTIFACT', 'QUOTA_EXCEED', 'QUOTA_WARNING',
  'SCANNING_FAILED', 'SCANNING_STOPPED', 'SCANNING_COMPLETED', 'REPLICATION', 'TAG_RETENTION',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Where a target's deliveries go: a plain HTTP(S) receiver or a Slack incoming webhook. */
export const WEBHOOK_NOTIFY_TYPES = ['http', 'slack'] as const;
export type WebhookNotifyType = (typeof WEBHOOK_NOTIFY_TYPES)[number];

/** Body formats of http targets (Slack targets always get Slack's message JSON). */
export const WEBHOOK_PAYLOAD_FORMATS = ['Default', 'CloudEvents'] as const;
export type WebhookPayloadFormat = (typeof WEBHOOK_PAYLOAD_FORMATS)[number];

/** The execution vendor type of each notify type (the `execution.vendor_type` of its deliveries). */
export const WEBHOOK_VENDOR_TYPES: Record<WebhookNotifyType, 'WEBHOOK' | 'SLACK'> = { http: 'WEBHOOK', slack: 'SLACK' };

/** notification_policy.name is VARCHAR(256). */
export const WEBHOOK_POLICY_NAME_MAX_BYTES = 256;

export const WebhookTargetObjectSchema = z.preprocess(
  dropNulls,
  z.object({
    type: z.string().optional(),
    address: z.string().optional(),
    auth_header: z.string().optional(),
    skip_cert_verify: z.boolean().optional(),
    payload_format: z.string().optional(),
  }),
);
export type WebhookTargetObject = z.infer<typeof WebhookTargetObjectSchema>;

/**
 * POST and PUT body, and the GET answer. As in Harbor, an absent `enabled` decodes as false and the
 * project comes from the path (a `project_id` in the body is ignored).
 */
export const WebhookPolicySchema = z.preprocess(
  dropNulls,
  z.object({
    id: IntSchema.optional(),
    name: z.string().optional(),
    description: z.string().optional(),
    project_id: IntSchema.optional(),
    targets: z.array(WebhookTargetObjectSchema).optional(),
    event_types: z.array(z.string()).optional(),
    creator: z.string().optional(),
    creation_time: z.string().optional(),
    update_time: z.string().optional(),
    enabled: z.boolean().optional(),
  }),
);
export type WebhookPolicy = z.infer<typeof WebhookPolicySchema>;

/** What the API answers for a stored policy. */
export const WebhookPolicyRespSchema = z.object({
  id: IntSchema,
  name: z.string(),
  description: z.string(),
  project_id: IntSchema,
  targets: z.array(z.object({
    type: z.enum(WEBHOOK_NOTIFY_TYPES),
    address: z.string(),
    auth_header: z.string().optional(),
    skip_cert_verify: z.boolean(),
    payload_format: z.enum(WEBHOOK_PAYLOAD_FORMATS).optional(),
  })),
  event_types: z.array(z.string()),
  creator: z.string(),
  creation_time: DateTimeSchema,
  update_time: DateTimeSchema,
  enabled: z.boolean(),
});
export type WebhookPolicyResp = z.infer<typeof WebhookPolicyRespSchema>;

/** One row per (policy, event type) of the project, with the time that event last triggered it. */
export const WebhookLastTriggerSchema = z.object({
  policy_name: z.string(),
  event_type: z.string(),
  enabled: z.boolean(),
  creation_time: DateTimeSchema,
  last_trigger_time: DateTimeSchema.optional(),
});
export type WebhookLastTrigger = z.infer<typeof WebhookLastTriggerSchema>;

export const PayloadFormatSchema = z.object({
  notify_type: z.string(),
  formats: z.array(z.string()),
});

export const SupportedWebhookEventTypesSchema = z.object({
  event_type: z.array(z.string()),
  notify_type: z.array(z.string()),
  payload_formats: z.array(PayloadFormatSchema),
});
export type SupportedWebhookEventTypes = z.infer<typeof SupportedWebhookEventTypesSchema>;

/** The answer of `/webhook/events`: what this suite can deliver. */
export const SUPPORTED_WEBHOOK_EVENT_TYPES: SupportedWebhookEventTypes = {
  event_type: [...WEBHOOK_EVENT_TYPES],
  notify_type: [...WEBHOOK_NOTIFY_TYPES],
  // Only http targets take a payload format.
  payload_formats: [{ notify_type: 'http', formats: [...WEBHOOK_PAYLOAD_FORMATS] }],
};

/** Harbor writes execution and task times with Go's RFC 3339 (seconds); an unset time is Go's zero time. */
const GoTimeSchema = z.string();

export const ExecutionMetricsSchema = z.object({
  task_count: IntSchema,
  success_task_count: IntSchema,
  error_task_count: IntSchema,
  pending_task_count: IntSchema,
  running_task_count: IntSchema,
  scheduled_task_count: IntSchema,
  stopped_task_count: IntSchema,
});

export const ExecutionSchema = z.object({
  id: IntSchema,
  vendor_type: z.string(),
  vendor_id: IntSchema,
  status: z.string(),
  status_message: z.string(),
  metrics: ExecutionMetricsSchema.optional(),
  trigger: z.string(),
  extra_attrs: z.record(z.string(), z.unknown()),
  start_time: GoTimeSchema,
  end_time: GoTimeSchema,
});
export type Execution = z.infer<typeof ExecutionSchema>;

export const TaskSchema = z.object({
  id: IntSchema,
  execution_id: IntSchema,
  status: z.string(),
  status_message: z.string(),
  run_count: IntSchema,
  extra_attrs: z.record(z.string(), z.unknown()),
  creation_time: GoTimeSchema,
  update_time: GoTimeSchema,
  start_time: GoTimeSchema,
  end_time: GoTimeSchema,
});
export type Task = z.infer<typeof TaskSchema>;

export function isValidWebhookPolicyName(name: string): boolean {
  return byteLength(name) <= WEBHOOK_POLICY_NAME_MAX_BYTES;
}
