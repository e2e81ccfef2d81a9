// Harbor's notification payload for an event (src/controller/event/handler/webhook): artifact events
// list the artifacts they concern as resources (tag, or the digest when there is none, and the pull
// reference under the external host); quota events add Harbor's wording under custom_attributes.
import type { WebhookPayload, WebhookRepository, WebhookResource } from '@harbor/contracts';

/** What one notification is about, before it is rendered for a target. */
export interface HookEvent {
  eventType: string;
  occurAt: Date;
  operator: string;
  /** The request that caused it (CloudEvents `requestid`). */
  requestId: string;
  projectName: string;
  projectPublic: boolean;
  /** Full repository name, e.g. `library/busybox`. */
  repository: string;
  /** When the repository was created; unknown once it is gone. */
  repositoryCreated?: Date;
  resources: Array<{ digest?: string; tag?: string }>;
  /** Quota events: what happened, in Harbor's words. */
  details?: string;
  /** TAG_RETENTION: Harbor's `retention` block (totals and the deleted artifacts); no repository then. */
  retention?: Record<string, unknown>;
}

/** `library/busybox` → `busybox`; nested names keep everything after the project. */
export function imageName(repository: string): string {
  return repository.slice(repository.indexOf('/') + 1);
}

/** The project a repository belongs to: its first path component (`library` for a bare name). */
export function projectOfRepository(repository: string): string {
  const i = repository.indexOf('/');
  return i > 0 ? repository.slice(0, i) : 'library';
}

// A tag never holds a colon; a digest always does (`sha256:…`).
const isDigest = (ref: string) => ref.includes(':');

/** `<host>/<repository>:<tag>` or `<host>/<repository>@<digest>` (Harbor's BuildImageResourceURL). */
export function resourceUrl(host: string, repository: string, reference: string): string {
  return isDigest(reference) ? `${host}/${repository}@${reference}` : `${host}/${repository}:${reference}`;
}

/** The external URL's host (and port), as Harbor's `ExtURL` gives it: `https://harbor.dev` → `harbor.dev`. */
export function externalHost(externalURL: string): string {
  try {
    return new URL(externalURL).host;
  } catch {
    return externalURL.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
  }
}

const unix = (d: Date) => Math.floor(d.getTime() / 1000);

export function buildPayload(e: HookEvent, host: string): WebhookPayload {
  if (e.retention) {
    return { type: e.eventType, occur_at: unix(e.occurAt), operator: e.operator, event_data: { retention: { ...e.retention, hostname: host } } };
  }
  const repository: WebhookRepository = {
    ...(e.repositoryCreated ? { date_created: unix(e.repositoryCreated) } : {}),
    name: imageName(e.repository),
    namespace: e.projectName,
    repo_full_name: e.repository,
    repo_type: e.projectPublic ? 'public' : 'private',
  };
  const quota = e.details !== undefined;
  const resources: WebhookResource[] = e.resources.map((r) => {
    const reference = r.tag || r.digest || '';
    // Quota resources name what was being pushed, without a pull reference.
    if (quota) return { ...(r.digest ? { digest: r.digest } : {}), tag: r.tag ?? '' };
    return { ...(r.digest ? { digest: r.digest } : {}), tag: reference, resource_url: resourceUrl(host, e.repository, reference) };
  });
  return {
    type: e.eventType,
    occur_at: unix(e.occurAt),
    operator: e.operator,
    event_data: {
      ...(resources.length ? { resources } : {}),
      repository,
      ...(quota ? { custom_attributes: { Details: e.details! } } : {}),
    },
  };
}
