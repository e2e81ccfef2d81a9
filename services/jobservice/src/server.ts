// Composition root: database (migrated), storage, queues, the job runtime with every handler, and a small
// HTTP listener for health and metrics. Used by main.ts and by tests in-process.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { parseListenAddress } from '@harbor/config';
import { createPool, ensureDatabase, migrateDatabase } from '@harbor/db/sql';
import { Redis } from 'ioredis';
import { JobQueues, redisOptions, TaskStore, type JobRedisConfig, type Sql } from '@harbor/jobs';
import { eventPublisher } from './events.js';
import { createDriver, type StorageDriver } from '@harbor/storage';
import { createLogger, createMetrics, type Logger } from '@harbor/telemetry';
import { Counter, Histogram } from 'prom-client';
import type { JobserviceConfig } from './config.js';
import { registerHandlers, REQUIRED_HANDLERS } from './handlers/index.js';
import { JobRuntime } from './runtime.js';

export interface RunningJobservice {
  url: string;
  runtime: JobRuntime;
  close(): Promise<void>;
}

export function redisConfigOf(config: JobserviceConfig): JobRedisConfig {
  return {
    url: config.redis.url, sentinels: config.redis.sentinels, sentinelMasterSet: config.redis.sentinelMasterSet,
    password: config.redis.password, keyPrefix: config.redis.keyPrefix,
  };
}

export function createStorage(config: JobserviceConfig): StorageDriver {
  if (config.storage.s3) return createDriver('s3', config.storage.s3);
  return createDriver('filesystem', config.storage.filesystem ?? { rootdirectory: '/var/lib/registry' });
}

export async function startJobservice(config: JobserviceConfig, logger: Logger = createLogger('jobservice', config.log.level),
  opts: { lockMs?: number } = {}): Promise<RunningJobservice> {
  await ensureDatabase(config.database.url);
  await migrateDatabase(config.database.url, { log: (msg) => logger.info(msg) });
  const db = createPool(config.database.url, { max: 10, application: 'harbor-jobservice' });
  const sql: Sql = async <T>(text: string, values?: unknown[]) => (await db.query(text, values)).rows as T[];
  const store = new TaskStore(sql);
  const redis = redisConfigOf(config);
  const queues = new JobQueues(redis);
  const metrics = createMetrics('harbor_jobservice');
  const runs = new Counter({ name: 'harbor_jobservice_job_runs_total', help: 'Job runs by type and outcome (Pending: failed, will be retried)', labelNames: ['type', 'status'], registers: [metrics.registry] });
  const durations = new Histogram({ name: 'harbor_jobservice_job_run_seconds', help: 'Duration of job runs', labelNames: ['type'], registers: [metrics.registry], buckets: [0.05, 0.25, 1, 5, 30, 120, 600, 3600] });
  const runtime = new JobRuntime({
    redis, store, queues, logger, concurrency: config.concurrency, lockMs: opts.lockMs,
    onRun: (type, status, seconds) => { runs.inc({ type, status }); durations.observe({ type }, seconds); },
  });
  // Its own connection that gives up on a command after a few retries: publishing must not hang a job.
  const eventsRedis = new Redis({ ...redisOptions(redis), maxRetriesPerRequest: 2 });
  eventsRedis.on('error', () => undefined);
  const publishEvents = eventPublisher(eventsRedis, `${config.redis.keyPrefix}${config.events.stream}`, config.events.maxLen, logger);
  registerHandlers(runtime, { db, storage: createStorage(config), logger, publishEvents });
  await runtime.start(REQUIRED_HANDLERS);

  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => { res.json({ status: 'healthy' }); });
  app.get('/metrics', (_req, res) => {
    metrics.registry.metrics().then((text) => res.type(metrics.registry.contentType).send(text), () => res.status(500).end());
  });
  const { host, port } = parseListenAddress(config.http.addr);
  const server: Server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host || undefined, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  logger.info({ port: bound }, 'jobservice running');
  return {
    url: `http://${!host || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${bound}`,
    runtime,
    close: async () => {
      await new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); });
      await runtime.close();
      await queues.close();
      eventsRedis.disconnect();
      await db.end();
    },
  };
}
