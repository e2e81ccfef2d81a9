// Publishes events to a Redis stream. publish() appends to a bounded in-memory buffer; a flush sends
// everything buffered in one pipeline of `XADD <stream> MAXLEN ~ N * event <json>` as soon as the event
// loop is free, so a burst of requests costs one round trip. While Redis is slow or away the buffer
// absorbs events and flushes are retried with backoff; once it is full new events are dropped, counted
// and logged — requests never wait for Redis.
import { EVENT_STREAM_FIELD, type RegistryEvent } from '@harbor/contracts';
import type { Counter, Logger } from '@harbor/telemetry';
import type { Redis } from 'ioredis';
import type { EventPublisher } from './event-publisher.js';

export interface RedisStreamPublisherOptions {
  redis: Redis;
  /** The stream's full key. */
  stream: string;
  maxLen: number;
  bufferSize: number;
  logger: Logger;
  published: Counter;
  dropped: Counter;
  /** Events per pipeline. */
  batchSize?: number;
}

const MAX_BACKOFF_MS = 5_000;
const LOG_INTERVAL_MS = 10_000;
const CLOSE_FLUSH_MS = 2_000;

export class RedisStreamPublisher implements EventPublisher {
  private buffer: string[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private backoffMs = 0;
  private closed = false;
  private droppedSinceLog = 0;
  private lastLog = 0;

  constructor(private readonly o: RedisStreamPublisherOptions) {}

  publish(event: RegistryEvent): void {
    if (this.closed || this.buffer.length >= this.o.bufferSize) {
      this.drop(1, this.closed ? 'publisher closed' : 'event buffer full');
      return;
    }
    this.buffer.push(JSON.stringify(event));
    this.schedule(0);
  }

  /** Events waiting to be sent. */
  get pending(): number {
    return this.buffer.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const deadline = Date.now() + CLOSE_FLUSH_MS;
    while (Date.now() < deadline && (this.buffer.length || this.flushing)) {
      await (this.flushing ?? this.run());
      if (this.buffer.length && this.backoffMs) break; // Redis is away: do not hold shutdown up
    }
    if (this.buffer.length) this.drop(this.buffer.splice(0).length, 'shutting down with Redis unreachable');
    const redis = this.o.redis;
    if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
    else redis.disconnect();
  }

  private schedule(delayMs: number): void {
    if (this.timer || this.flushing || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, delayMs);
  }

  private run(): Promise<void> {
    this.flushing ??= this.drain().finally(() => {
      this.flushing = null;
      if (this.buffer.length) this.schedule(this.backoffMs);
    });
    return this.flushing;
  }

  /** Sends the buffer batch by batch; on failure puts the batch back and backs off. */
  private async drain(): Promise<void> {
    const size = this.o.batchSize ?? 1_000;
    while (this.buffer.length) {
      const batch = this.buffer.splice(0, size);
      const failed = await this.send(batch);
      if (failed.length === 0) {
        this.backoffMs = 0;
        this.o.published.inc(batch.length);
        continue;
      }
      this.o.published.inc(batch.length - failed.length);
      // Oldest first: re-queued events go back in front, as far as the buffer has room.
      const room = Math.max(0, this.o.bufferSize - this.buffer.length);
      this.buffer.unshift(...failed.slice(0, room));
      if (failed.length > room) this.drop(failed.length - room, 'event buffer full');
      this.backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(100, this.backoffMs * 2));
      return;
    }
  }

  /** The events that were not added. */
  private async send(batch: string[]): Promise<string[]> {
    const pipeline = this.o.redis.pipeline();
    for (const json of batch) pipeline.xadd(this.o.stream, 'MAXLEN', '~', this.o.maxLen, '*', EVENT_STREAM_FIELD, json);
    try {
      const results = await pipeline.exec();
      if (!results) return batch;
      const failed = batch.filter((_, i) => results[i]?.[0]);
      if (failed.length) this.report(results.find((r) => r[0])![0]!);
      return failed;
    } catch (err) {
      this.report(err as Error);
      return batch;
    }
  }

  private drop(count: number, reason: string): void {
    this.o.dropped.inc(count);
    this.droppedSinceLog += count;
    this.logSometimes(() => this.o.logger.warn({ dropped: this.droppedSinceLog, reason }, 'registry events dropped'));
  }

  private report(err: Error): void {
    this.logSometimes(() => this.o.logger.warn({ err: err.message, buffered: this.buffer.length }, 'publishing registry events failed; retrying'));
  }

  /** At most one warning per interval, so an outage does not flood the log. */
  private logSometimes(write: () => void): void {
    const now = Date.now();
    if (now - this.lastLog < LOG_INTERVAL_MS) return;
    this.lastLog = now;
    write();
    this.droppedSinceLog = 0;
  }
}
