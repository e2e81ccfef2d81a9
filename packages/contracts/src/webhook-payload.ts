// What webhook receivers get: Harbor's notification payload (`Default` format), the same event as a
// CloudEvents 1.0 structured-mode JSON document (`CloudEvents` format), and the CloudEvents type of each
// Harbor event type. Field names, optional fields and types are Harbor's (src/pkg/notifier/model), so
// receivers written for Harbor read these unchanged.
import { z } from 'zod';

export const WebhookResourceSchema = z.object({
  digest: z.string().optional(),
  /** The tag the event concerns, or the digest when there is none. */
  tag: z.string(),
  /** `<external host>/<repository>:<tag>` or `…@<digest>`. */
  resource_url: z.string().optional(),
  scan_overview: z.record(z.string(), z.unknown()).optional(),
});
export type WebhookResource = z.infer<typeof WebhookResourceSchema>;

export const WebhookRepositorySchema = z.object({
  /** Unix seconds; absent once the repository is gone (deletions). */
  date_created: z.number().int().optional(),
  name: z.string(),
  namespace: z.string(),
  repo_full_name: z.string(),
  repo_type: z.enum(['public', 'private']),
});
export type WebhookRepository = z.infer<typeof WebhookRepositorySchema>;

export const WebhookEventDataSchema = z.object({
  resources: z.array(WebhookResourceSchema).optional(),
  repository: WebhookRepositorySchema.optional(),
  replication: z.record(z.string(), z.unknown()).optional(),
  retention: z.record(z.string(), z.unknown()).optional(),
  /** Free-form details, e.g. `{ "Details": "…" }` of quota events. */
  custom_attributes: z.record(z.string(), z.string()).optional(),
});
export type WebhookEventData = z.infer<typeof WebhookEventDataSchema>;

/** The `Default` format: Harbor's original payload. */
export const WebhookPayloadSchema = z.object({
  type: z.string(),
  /** Unix seconds. */
  occur_at: z.number().int(),
  operator: z.string(),
  event_data: WebhookEventDataSchema.optional(),
});
export type WebhookPayload = z.infer<typeof WebhookPayloadSchema>;

/** The `CloudEvents` format (structured mode, `application/cloudevents+json`). */
export const WebhookCloudEventSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string(),
  /** `/projects/<project id>/webhook/policies/<policy id>`. */
  source: z.string(),
  type: z.string(),
  datacontenttype: z.literal('application/json'),
  /** RFC 3339, seconds. */
  time: z.string(),
  /** The request that caused the event, for tracing. */
  requestid: z.string(),
  operator: z.string(),
  data: WebhookEventDataSchema,
});
export type WebhookCloudEvent = z.infer<typeof WebhookCloudEventSchema>;

/** CloudEvents `type` of each Harbor event type. */
export const CLOUD_EVENT_TYPES: Record<string, string> = {
  DELETE_ARTIFACT: 'harbor.artifact.deleted',
  PULL_ARTIFACT: 'harbor.artifact.pulled',
  PUSH_ARTIFACT: 'harbor.artifact.pushed',
  CREATE_TAG: 'harbor.tag.created',
  QUOTA_EXCEED: 'harbor.quota.exceeded',
  QUOTA_WARNING: 'harbor.quota.warned',
  REPLICATION: 'harbor.replication.status.changed',
  SCANNING_FAILED: 'harbor.scan.failed',
  SCANNING_COMPLETED: 'harbor.scan.completed',
  SCANNING_STOPPED: 'harbor.scan.stopped',
  TAG_RETENTION: 'harbor.tag_retention.finished',
};
