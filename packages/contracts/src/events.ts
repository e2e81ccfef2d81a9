// Events the registry publishes for the rest of the suite: artifact events (push, pull, delete: audit,
// pull statistics, and later webhooks, replication and scan on push) and quota events (a push refused
// for going over the project's storage limit, or one that took usage past the warning level; Harbor's
// QUOTA_EXCEED and QUOTA_WARNING). They travel through a Redis stream: each entry carries one event as
// JSON under the field EVENT_STREAM_FIELD; consumers read it in consumer groups.
import { z } from 'zod';

export const ARTIFACT_EVENT_ACTIONS = ['push', 'pull', 'delete'] as const;
export type ArtifactEventAction = (typeof ARTIFACT_EVENT_ACTIONS)[number];

export const QUOTA_EVENT_ACTIONS = ['quota_exceed', 'quota_warning'] as const;
export type QuotaEventAction = (typeof QUOTA_EVENT_ACTIONS)[number];

export const TAG_RETENTION_ACTION = 'tag_retention';

export const EVENT_ACTIONS = [...ARTIFACT_EVENT_ACTIONS, ...QUOTA_EVENT_ACTIONS, TAG_RETENTION_ACTION] as const;
export type EventAction = (typeof EVENT_ACTIONS)[number];

/** Usage at or above this share of the hard limit is reported by a quota_warning event (Harbor's 85%). */
export const QUOTA_WARNING_PERCENT = 85;

/** The stream entry field holding the event's JSON. */
export const EVENT_STREAM_FIELD = 'event';

const common = {
  /** Unique per event (UUID), so a consumer can tell a redelivery from a new event. */
  id: z.string().min(1),
  /** When the registry served the request (RFC 3339). */
  time: z.iso.datetime({ offset: true }),
  /** Full repository name, e.g. `library/busybox`. */
  repository: z.string().min(1),
  /** The token's subject; '' for anonymous callers. */
  operator: z.string(),
};

export const ArtifactEventSchema = z.object({
  ...common,
  action: z.enum(ARTIFACT_EVENT_ACTIONS),
  /** The manifest's digest. */
  digest: z.string().min(1),
  /**
   * The tag named in the request: the pushed or pulled tag, or the tag removed by a delete by tag (a delete
   * without a tag removed the artifact itself). Absent for requests by digest.
   */
  tag: z.string().optional(),
  /** The manifest's media type. */
  media_type: z.string(),
  /** The manifest's size in bytes. */
  size: z.number().int().nonnegative(),
  /** OCI artifact type (the config media type when the manifest declares none). */
  artifact_type: z.string().optional(),
  client_ip: z.string(),
  request_id: z.string().optional(),
});
export type ArtifactEvent = z.infer<typeof ArtifactEventSchema>;

/**
 * A push measured against its project's storage quota. quota_exceed: the push was refused; `used` is the
 * project's usage, which the push would have taken past `hard`. quota_warning: the push was accepted and
 * took usage from below QUOTA_WARNING_PERCENT of `hard` to at or above it; `used` is the usage after it.
 */
export const QuotaEventSchema = z.object({
  ...common,
  action: z.enum(QUOTA_EVENT_ACTIONS),
  project_id: z.number().int().positive(),
  project_name: z.string().min(1),
  /** The blob or manifest being pushed, when the request named one. */
  digest: z.string().min(1).optional(),
  /** The tag of a manifest pushed by tag. */
  tag: z.string().optional(),
  /** Bytes the project's blobs take (each blob once). */
  used: z.number().int().nonnegative(),
  /** The project's storage limit in bytes. */
  hard: z.number().int().nonnegative(),
  /** Bytes the push adds: blobs (and the manifest) the project did not hold yet. */
  adding: z.number().int().nonnegative(),
  /** Harbor's wording of what happened, for notifications. */
  message: z.string(),
});
export type QuotaEvent = z.infer<typeof QuotaEventSchema>;

/**
 * A tag retention run finished (published by the jobservice, not the registry): what it judged and what it
 * deleted, for Harbor's TAG_RETENTION notification. `operator` is the run's trigger (MANUAL, SCHEDULE).
 */
export const TagRetentionEventSchema = z.object({
  id: z.string().min(1),
  time: z.iso.datetime({ offset: true }),
  operator: z.string(),
  action: z.literal(TAG_RETENTION_ACTION),
  project_id: z.number().int().positive(),
  project_name: z.string().min(1),
  policy_id: z.number().int(),
  execution_id: z.number().int(),
  total: z.number().int().nonnegative(),
  retained: z.number().int().nonnegative(),
  result: z.enum(['SUCCESS', 'FAILURE']),
  deleted: z.array(z.object({ repository: z.string(), digest: z.string(), tags: z.array(z.string()) })),
});
export type TagRetentionEvent = z.infer<typeof TagRetentionEventSchema>;

export const RegistryEventSchema = z.discriminatedUnion('action', [ArtifactEventSchema, QuotaEventSchema, TagRetentionEventSchema]);
export type RegistryEvent = z.infer<typeof RegistryEventSchema>;

export function isArtifactEvent(e: RegistryEvent): e is ArtifactEvent {
  return (ARTIFACT_EVENT_ACTIONS as readonly string[]).includes(e.action);
}

export function isTagRetentionEvent(e: RegistryEvent): e is TagRetentionEvent {
  return e.action === TAG_RETENTION_ACTION;
}

export function isQuotaEvent(e: RegistryEvent): e is QuotaEvent {
  return (QUOTA_EVENT_ACTIONS as readonly string[]).includes(e.action);
}
