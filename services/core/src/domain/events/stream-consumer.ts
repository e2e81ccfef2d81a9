// Reads the registry's event stream as one member of a Redis consumer group, so that several core
// replicas share the work and each entry is handled once: XREADGROUP (blocking) hands out new entries,
// XACK confirms them after they were processed, and XAUTOCLAIM takes over entries that stayed pending
// longer than `claimIdleMs` (their consumer died, or processing failed) so none is lost. Delivery is at
// least once: an entry processed by a consumer that died before acknowledging it is processed again.
// A consumer keeps the entries it is working on fresh, so a slow batch is not taken over while it lives.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { EVENT_STREAM_FIELD, RegistryEventSchema, type RegistryEvent } from '@harbor/contracts';
import type { Logger } from '@harbor/telemetry';
import { Redis } from 'ioredis';

export interface StreamConsumerOptions {
  redisUrl: string;
  /** The stream's full key (key prefix included). */
  stream: string;
  group: string;
  /** Entries per read and per processed batch. */
  batchSize: number;
  blockMs: number;
  /** Pending entries idle this long are claimed from whichever consumer holds them. */
  claimIdleMs: number;
  /**
   * After a batch smaller than batchSize, wait this long before reading again, so that under a stream of
   * pulls the entries gather into a few large batches instead of many small ones (each costs the same
   * handful of statements). 0 reads again at once.
   */
  lingerMs?: number;
  /** Processes a batch; a rejection leaves the batch pending, to be retried after claimIdleMs. */
  handle: (events: RegistryEvent[]) => Promise<void>;
  logger: Logger;
  /** This consumer's name in the group; default host, pid and a random suffix. */
  name?: string;
}

type Entry = [id: string, fields: string[]];

const ERROR_BACKOFF_MS = 1_000;

export class StreamConsumer {
  readonly name: string;
  // XREADGROUP BLOCK holds its connection, so acknowledgements and claims use a second one.
  private readonly blocking: Redis;
  private readonly commands: Redis;
  private stopping = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(private readonly o: StreamConsumerOptions) {
    this.name = o.name ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.blocking = new Redis(o.redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
    this.commands = new Redis(o.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: true });
    for (const conn of [this.blocking, this.commands]) {
      let last = '';
      conn.on('error', (err: Error) => {
        if (!this.stopping && err.message !== last) o.logger.warn({ err: err.message }, 'redis (events) error');
        last = err.message;
      });
      conn.on('ready', () => { last = ''; });
    }
  }

  start(): this {
    this.loop ??= this.run();
    return this;
  }

  /** Stops reading, lets the batch in hand finish and be acknowledged, and closes the connections. */
  async close(): Promise<void> {
    this.stopping = true;
    this.blocking.disconnect();
    this.wake?.();
    await this.loop;
    await this.commands.quit().catch(() => this.commands.disconnect());
  }

  private async run(): Promise<void> {
    let lastClaim = 0;
    let groupReady = false;
    let lastError = '';
    while (!this.stopping) {
      try {
        if (!groupReady) groupReady = await this.ensureGroup();
        if (Date.now() - lastClaim >= this.o.claimIdleMs / 2) {
          lastClaim = Date.now();
          await this.claimPending();
        }
        const reply = await this.blocking.xreadgroup('GROUP', this.o.group, this.name, 'COUNT', this.o.batchSize,
          'BLOCK', Math.min(this.o.blockMs, Math.max(1, Math.floor(this.o.claimIdleMs / 2))), 'STREAMS', this.o.stream, '>') as Array<[string, Entry[]]> | null;
        const entries = reply?.[0]?.[1] ?? [];
        if (entries.length) await this.process(entries);
        lastError = '';
        if (entries.length && entries.length < this.o.batchSize && this.o.lingerMs) await this.sleep(this.o.lingerMs);
      } catch (err) {
        if (this.stopping) break;
        const message = (err as Error).message;
        if (/NOGROUP/.test(message)) groupReady = false; // the stream was deleted: create again
        // Once per kind of failure, not once a second while Redis or the database is away.
        if (message !== lastError) this.o.logger.warn({ err: message }, 'reading registry events failed; retrying');
        lastError = message;
        await this.sleep(ERROR_BACKOFF_MS);
      }
    }
  }

  /** Creates the group (and the stream) if missing; from the stream's start, so no early event is lost. */
  private async ensureGroup(): Promise<boolean> {
    try {
      await this.commands.xgroup('CREATE', this.o.stream, this.o.group, '0', 'MKSTREAM');
    } catch (err) {
      if (!/BUSYGROUP/.test((err as Error).message)) throw err;
    }
    return true;
  }

  /** Takes over entries left pending too long (by a dead consumer, or a failed batch) and processes them. */
  private async claimPending(): Promise<void> {
    let cursor = '0-0';
    do {
      const [next, entries] = await this.commands.xautoclaim(this.o.stream, this.o.group, this.name, this.o.claimIdleMs, cursor,
        'COUNT', this.o.batchSize) as [string, Entry[], string[]?];
      const live = entries.filter((e): e is Entry => Array.isArray(e) && Array.isArray(e[1]));
      if (live.length) {
        this.o.logger.info({ count: live.length }, 'claimed pending registry events');
        await this.process(live);
      }
      cursor = next;
    } while (cursor !== '0-0' && !this.stopping);
  }

  private async process(entries: Entry[]): Promise<void> {
    const events: RegistryEvent[] = [];
    for (const [id, fields] of entries) {
      const event = parseEntry(fields);
      if (event) events.push(event);
      else this.o.logger.warn({ id }, 'skipping a malformed registry event');
    }
    const ids = entries.map(([id]) => id);
    // While the batch is in hand its entries are kept fresh (XCLAIM … JUSTID resets their idle time), so a
    // slow batch is not taken over by another consumer and handled twice.
    const keepAlive = setInterval(() => {
      this.commands.xclaim(this.o.stream, this.o.group, this.name, 0, ...ids, 'JUSTID').catch(() => undefined);
    }, Math.max(50, Math.floor(this.o.claimIdleMs / 3)));
    try {
      // A failure leaves the whole batch pending; it is claimed again once idle for claimIdleMs.
      await this.o.handle(events);
    } finally {
      clearInterval(keepAlive);
    }
    await this.commands.xack(this.o.stream, this.o.group, ...ids);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.wake = null; resolve(); }, ms);
      this.wake = () => { clearTimeout(timer); this.wake = null; resolve(); };
    });
  }
}

function parseEntry(fields: string[]): RegistryEvent | null {
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] !== EVENT_STREAM_FIELD) continue;
    try {
      const parsed = RegistryEventSchema.safeParse(JSON.parse(fields[i + 1]));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }
  return null;
}
