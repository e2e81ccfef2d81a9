// What core does with the registry's artifact events: an audit row for each push, pull and delete (as
// Harbor's audit handler writes them), and for pulls the artifact's and tag's last pull time and the
// repository's pull count. A batch of events becomes one transaction of at most four statements: pulls
// are aggregated first (latest time per artifact and tag, count per repository).
import { isArtifactEvent, type ArtifactEvent, type RegistryEvent } from '@harbor/contracts';
import type { ArtifactEventRepo, EventAuditEntry, PullStats } from '../../store/artifact-event.repo.js';

// Column widths of audit_log: longer values are cut rather than failing the whole batch.
const MAX_RESOURCE = 1024;
const MAX_USERNAME = 255;
const MAX_IP = 64;

/** `<repo>:<tag>` when the request named a tag, otherwise `<repo>@<digest>`. */
export function auditResource(e: ArtifactEvent): string {
  return e.tag ? `${e.repository}:${e.tag}` : `${e.repository}@${e.digest}`;
}

export function aggregatePulls(events: ArtifactEvent[]): PullStats {
  const artifacts = new Map<string, { repository: string; digest: string; time: Date }>();
  const tags = new Map<string, { repository: string; tag: string; time: Date }>();
  const repositories = new Map<string, number>();
  for (const e of events) {
    if (e.action !== 'pull') continue;
    const time = new Date(e.time);
    const a = artifacts.get(`${e.repository}\u0000${e.digest}`);
    if (!a) artifacts.set(`${e.repository}\u0000${e.digest}`, { repository: e.repository, digest: e.digest, time });
    else if (time > a.time) a.time = time;
    if (e.tag) {
      const t = tags.get(`${e.repository}\u0000${e.tag}`);
      if (!t) tags.set(`${e.repository}\u0000${e.tag}`, { repository: e.repository, tag: e.tag, time });
      else if (time > t.time) t.time = time;
    }
    repositories.set(e.repository, (repositories.get(e.repository) ?? 0) + 1);
  }
  return {
    artifacts: [...artifacts.values()],
    tags: [...tags.values()],
    repositories: [...repositories].map(([repository, count]) => ({ repository, count })),
  };
}

/** Where audit entries may also go (the audit_log_forward_endpoint setting), as for every other audit entry. */
export interface AuditSink {
  send(event: EventAuditEntry): Promise<void>;
  skipDatabase(): Promise<boolean>;
}

export class EventProcessor {
  constructor(private readonly repo: ArtifactEventRepo, private readonly sink?: AuditSink) {}

  async process(all: RegistryEvent[]): Promise<void> {
    // Quota events are not audited and count no pulls (they become notifications elsewhere).
    const events = all.filter(isArtifactEvent);
    if (events.length === 0) return;
    const projects = await this.repo.projectIds([...new Set(events.map((e) => e.repository))]);
    const audit: EventAuditEntry[] = events.map((e) => ({
      projectId: projects.get(e.repository) ?? 0,
      operation: e.action,
      // Deleting by tag removes only the tag (Harbor logs tag deletions as such); anything else concerns
      // the artifact.
      resourceType: e.action === 'delete' && e.tag ? 'tag' : 'artifact',
      resource: auditResource(e).slice(0, MAX_RESOURCE),
      username: (e.operator || 'anonymous').slice(0, MAX_USERNAME),
      clientIp: e.client_ip.slice(0, MAX_IP),
      opTime: new Date(e.time),
    }));
    let keep = audit;
    if (this.sink) {
      for (const entry of audit) await this.sink.send(entry);
      if (await this.sink.skipDatabase()) keep = [];
    }
    await this.repo.record(keep, aggregatePulls(events));
  }
}
