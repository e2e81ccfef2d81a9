// Wires the registry's event stream to what core records from it (audit, pull statistics).
import type { PrismaClient } from '@harbor/db';
import type { Logger } from '@harbor/telemetry';
import type { CoreConfig } from '../../config.js';
import { ArtifactEventRepo } from '../../store/artifact-event.repo.js';
import { EventProcessor, type AuditSink } from './event-processor.js';
import { StreamConsumer } from './stream-consumer.js';

/** The started consumer, or null when events are turned off. */
export function startRegistryEvents(config: CoreConfig, db: PrismaClient, logger: Logger, audit?: AuditSink): StreamConsumer | null {
  if (!config.events.enabled) return null;
  const processor = new EventProcessor(new ArtifactEventRepo(db), audit);
  return new StreamConsumer({
    redisUrl: config.redis.url,
    stream: `${config.redis.keyPrefix}${config.events.stream}`,
    group: config.events.group,
    batchSize: config.events.batchSize,
    blockMs: config.events.blockMs,
    claimIdleMs: config.events.claimIdleMs,
    handle: (events) => processor.process(events),
    logger,
  }).start();
}
