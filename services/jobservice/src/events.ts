// Events the jobservice causes, published on the stream the registry publishes to, so core treats them as
// any other: a retention run's deletions become delete events (audit log, DELETE_ARTIFACT webhooks) and
// its end a tag_retention event (TAG_RETENTION webhooks). Publishing never fails a job: an unreachable
// Redis costs the events, not the run.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { EVENT_STREAM_FIELD, type ArtifactEvent, type RegistryEvent } from '@harbor/contracts';
import type { Logger } from '@harbor/telemetry';

export type PublishEvents = (events: RegistryEvent[]) => Promise<void>;

export function eventPublisher(redis: Redis, stream: string, maxLen: number, logger: Logger): PublishEvents {
  return async (events) => {
    if (events.length === 0) return;
    const pipeline = redis.pipeline();
    for (const e of events) pipeline.xadd(stream, 'MAXLEN', '~', String(maxLen), '*', EVENT_STREAM_FIELD, JSON.stringify(e));
    try {
      await pipeline.exec();
    } catch (err) {
      logger.warn({ err, count: events.length }, 'events could not be published');
    }
  };
}

/** The delete event of an artifact a job removed. */
export function deletionEvent(repository: string, digest: string, operator: string): ArtifactEvent {
  return {
    id: randomUUID(), action: 'delete', time: new Date().toISOString(), repository, digest,
    media_type: '', size: 0, operator, client_ip: '',
  };
}
