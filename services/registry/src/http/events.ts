// The event a served manifest request becomes: who (the token's subject, the client's address behind the
// proxy, the request id) did what to which manifest.
import { randomUUID } from 'node:crypto';
import type { EventAction, RegistryEvent } from '@harbor/contracts';
import type { ManifestRecord } from '../store/artifact.repo.js';
import type { RequestContext } from './context.js';

export function artifactEvent(ctx: RequestContext, action: EventAction, m: ManifestRecord, tag: string | undefined): RegistryEvent {
  const event: RegistryEvent = {
    id: randomUUID(),
    action,
    time: new Date().toISOString(),
    repository: ctx.params.name!,
    digest: m.digest,
    media_type: m.mediaType,
    size: m.size,
    operator: ctx.subject,
    client_ip: clientIp(ctx),
  };
  if (tag !== undefined) event.tag = tag;
  if (m.artifactType) event.artifact_type = m.artifactType;
  const requestId = ctx.req.headers['x-request-id'];
  if (typeof requestId === 'string' && requestId) event.request_id = requestId;
  return event;
}

/** The client's address: from X-Forwarded-For when the peer is a trusted (local) proxy. */
function clientIp(ctx: RequestContext): string {
  const ip = ctx.req.ip ?? ctx.req.socket.remoteAddress ?? '';
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}
