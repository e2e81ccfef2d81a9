// Artifact events the jobservice causes (a retention run deleting artifacts), published on the stream the
// registry publishes to, so core records them in the audit log and sends DELETE_ARTIFACT webhooks as for
// any other deletion. Publishing never fails a job: an unreachable Redis costs the events, not the run.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { EVENT_STREAM_FIELD, type ArtifactEvent } from '@harbor/contracts';
import type { Logger } from '@harbor/telemetry';

export interface DeletedArtifact {
  repository: string;
  digest: string;
  operator: string;
}

export type PublishDeletions = (deleted: DeletedArtifact[]) => Promise<void>;

export function deletionPublisher(redis: Redis, stream: string, maxLen: number, logger: Logger): PublishDeletions {
  return async (deleted) => {
    if (deleted.length === 0) return;
    const time = new Date().toISOString();
    const pipeline = redis.pipeline();
    for (const d of deleted) {
      const event: ArtifactEvent = {
        id: randomUUID(), action: 'delete', time, repository: d.repository, digest: d.digest,
        media_type: '', size: 0, operator: d.operator, client_ip: '',
      };
      pipeline.xadd(stream, 'MAXLEN', '~', String(maxLen), '*', EVENT_STREAM_FIELD, JSON.stringify(event));
    }
    try {
      await pipeline.exec();
    } catch (err) {
      logger.warn({ err, count: deleted.length }, 'deletion events could not be published');
    }
  };
}
