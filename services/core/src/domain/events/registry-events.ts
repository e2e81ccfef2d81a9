// Wires the registry's event stream to what core records from it (audit, pull statistics).
import type { RegistryEvent } from '@harbor/contracts';
import type { PrismaClient } from '@harbor/db';
import type { Logger } from '@harbor/telemetry';
import type { CoreConfig } from '../../config.js';
import { ArtifactEventRepo } from '../../store/artifact-event.repo.js';
import { EventProcessor, type AuditSink } from './event-processor.js';
import { StreamConsumer } from './stream-consumer.js';

/** What else happens with each batch once it is recorded (webhook notifications, …). */
export type EventListener = (events: RegistryEvent[]) => Promise<unknown>;

/** The started consumer, or null when events are turned off. */
export function startRegistryEvents(config: CoreConfig, db: PrismaClient, logger: Logger, audit?: AuditSink,
  listeners: readonly EventListener[] = []): StreamConsumer | null {
  if (!config.events.enabled) return null;
  const processor = new EventProcessor(new ArtifactEventRepo(db), audit);
  return new StreamConsumer({
    redisUrl: config.redis.url,
    stream: `${config.redis.keyPrefix}${config.events.stream}`,
    group: config.events.group,
    batchSize: config.events.batchSize,
    blockMs: config.events.blockMs,
    claimIdleMs: config.events.claimIdleMs,
    lingerMs: config.events.lingerMs,
    handle: async (events) => {
      await processor.process(events);
      // A listener's failure must not fail the batch: it would be recorded again when retried.
      for (const listen of listeners) {
        await listen(events).catch((err: unknown) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'an event listener failed'));
      }
    },
    logger,
  }).start();
}
