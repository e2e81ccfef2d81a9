// Artifact events the registry publishes for the rest of the suite (audit, pull statistics, and later
// webhooks, replication and scan on push). They travel through a Redis stream: each entry carries one
// event as JSON under the field EVENT_STREAM_FIELD; consumers read it in consumer groups.
import { z } from 'zod';

export const EVENT_ACTIONS = ['push', 'pull', 'delete'] as const;
export type EventAction = (typeof EVENT_ACTIONS)[number];

/** The stream entry field holding the event's JSON. */
export const EVENT_STREAM_FIELD = 'event';

export const RegistryEventSchema = z.object({
  /** Unique per event (UUID), so a consumer can tell a redelivery from a new event. */
  id: z.string().min(1),
  action: z.enum(EVENT_ACTIONS),
  /** When the registry served the request (RFC 3339). */
  time: z.iso.datetime({ offset: true }),
  /** Full repository name, e.g. `library/busybox`. */
  repository: z.string().min(1),
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
  /** The token's subject; '' for anonymous callers. */
  operator: z.string(),
  client_ip: z.string(),
  request_id: z.string().optional(),
});
export type RegistryEvent = z.infer<typeof RegistryEventSchema>;
