// The events a served request becomes: who (the token's subject, the client's address behind the proxy,
// the request id) did what to which manifest; and what a push meant for its project's storage quota.
import { randomUUID } from 'node:crypto';
import type { ArtifactEvent, ArtifactEventAction, QuotaEvent, QuotaEventAction } from '@harbor/contracts';
import { crossesWarning, exceededMessage, warningMessage, type QuotaCharge } from '../domain/quotas/project-quotas.js';
import type { ManifestRecord } from '../store/artifact.repo.js';
import type { RequestContext } from './context.js';

export function artifactEvent(ctx: RequestContext, action: ArtifactEventAction, m: ManifestRecord, tag: string | undefined): ArtifactEvent {
  const event: ArtifactEvent = {
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

/**
 * quota_exceed for a refused push (`used` the usage it would have gone past the limit from);
 * quota_warning for an accepted one (`used` the usage after it). The tag is the manifest's reference
 * when a manifest was pushed by tag.
 */
export function quotaEvent(ctx: RequestContext, action: QuotaEventAction, c: QuotaCharge, digest: string | undefined): QuotaEvent {
  const exceeded = action === 'quota_exceed';
  const event: QuotaEvent = {
    id: randomUUID(),
    action,
    time: new Date().toISOString(),
    repository: ctx.params.name!,
    operator: ctx.subject,
    project_id: c.projectId,
    project_name: c.projectName,
    used: exceeded ? c.used : c.used + c.adding,
    hard: c.hard,
    adding: c.adding,
    message: exceeded ? exceededMessage(c) : warningMessage(c),
  };
  if (digest) event.digest = digest;
  const reference = ctx.params.reference;
  if (reference !== undefined && !reference.includes(':')) event.tag = reference;
  return event;
}

/** The quota_warning an accepted push deserves, if it took usage past the warning level. */
export function quotaWarning(ctx: RequestContext, c: QuotaCharge | null, digest: string | undefined): QuotaEvent | null {
  return c && crossesWarning(c) ? quotaEvent(ctx, 'quota_warning', c, digest) : null;
}

/** The client's address: from X-Forwarded-For when the peer is a trusted (local) proxy. */
function clientIp(ctx: RequestContext): string {
  const ip = ctx.req.ip ?? ctx.req.socket.remoteAddress ?? '';
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}
