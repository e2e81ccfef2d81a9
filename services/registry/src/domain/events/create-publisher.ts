// Builds the event publisher from the `redis` configuration section: none without an address, otherwise a
// Redis stream publisher on its own connection. The connection never queues commands while Redis is away
// and bounds each command, so a Redis outage costs the registry dropped events, never stalled requests.
import { createCounter, type Logger, type Metrics } from '@harbor/telemetry';
import { Redis } from 'ioredis';
import { parseListenAddress, type RegistryConfig } from '../../config.js';
import { noEvents, type EventPublisher } from './event-publisher.js';
import { RedisStreamPublisher } from './redis-stream.publisher.js';

export function createEventPublisher(config: RegistryConfig['redis'], metrics: Metrics, logger: Logger): EventPublisher {
  if (!config?.addr) return noEvents;
  const { host, port } = parseListenAddress(config.addr.includes(':') ? config.addr : `${config.addr}:6379`);
  const redis = new Redis({
    host: host === '0.0.0.0' ? '127.0.0.1' : host,
    port,
    password: config.password || undefined,
    db: config.db,
    tls: config.tls?.enabled ? {} : undefined,
    connectTimeout: config.dialtimeout ?? 5_000,
    commandTimeout: 5_000,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    // Keep trying to reconnect, at most every 2 s.
    retryStrategy: (times) => Math.min(times * 100, 2_000),
  });
  let lastError = '';
  redis.on('error', (err: Error) => {
    if (err.message === lastError) return;
    lastError = err.message;
    logger.warn({ err: err.message }, 'redis (events) error');
  });
  redis.on('ready', () => { lastError = ''; });
  const stream = `${config.keyprefix}${config.events.stream}`;
  logger.info({ addr: config.addr, db: config.db, stream }, 'publishing artifact events');
  return new RedisStreamPublisher({
    redis,
    stream,
    maxLen: config.events.maxlen,
    bufferSize: config.events.buffer,
    logger,
    published: createCounter(metrics, 'registry_events_published_total', 'Artifact events added to the Redis stream'),
    dropped: createCounter(metrics, 'registry_events_dropped_total', 'Artifact events dropped because Redis was unreachable or the buffer was full'),
  });
}
