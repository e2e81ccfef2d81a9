// Composition root: builds storage, database, services and the HTTP server from a configuration.
// Used by main.ts and by tests that start the registry in-process.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { TokenVerifier } from '@harbor/auth';
import { createPool, ensureDatabase, migrateDatabase } from '@harbor/db/sql';
import { createDriver, type StorageDriver } from '@harbor/storage';
import { createLogger, createMetrics, type Logger } from '@harbor/telemetry';
import { parseListenAddress, type RegistryConfig } from './config.js';
import { BlobService } from './domain/blobs/blob.service.js';
import { ManifestService } from './domain/manifests/manifest.service.js';
import { UploadService } from './domain/uploads/upload.service.js';
import { createApp } from './http/app.js';
import { startDebugServer } from './http/debug-server.js';
import { TokenAuth } from './http/middleware/token-auth.middleware.js';
import { BasicExchange } from './http/middleware/basic-exchange.js';
import { ArtifactRepo } from './store/artifact.repo.js';
import { BlobRepo } from './store/blob.repo.js';
import { projectNameOf, RepositoryRepo } from './store/repository.repo.js';
import { UploadPurger } from './domain/uploads/upload-purger.js';
import { createEventPublisher } from './domain/events/create-publisher.js';
import { ProjectCreationTimes } from './store/project.repo.js';
import { SystemSettings } from './store/settings.repo.js';
import { ImmutableRuleStore } from './store/immutable-rules.repo.js';
import { ImmutabilityGuard } from './domain/manifests/immutability.js';
import { QuotaRepo } from './store/quota.repo.js';
import { ProjectQuotas } from './domain/quotas/project-quotas.js';

export interface RunningRegistry {
  url: string;
  port: number;
  /** The debug listener (metrics, health) when `http.debug.addr` is set. */
  debugUrl: string | null;
  server: Server;
  storage: StorageDriver;
  close(): Promise<void>;
}

export function createStorage(config: RegistryConfig): StorageDriver {
  const s = config.storage;
  if (s.s3) return createDriver('s3', s.s3 as Record<string, unknown>);
  return createDriver('filesystem', (s.filesystem ?? { rootdirectory: '/var/lib/registry' }) as Record<string, unknown>);
}

export async function startRegistry(config: RegistryConfig, logger: Logger = createLogger('registry', config.log.level)): Promise<RunningRegistry> {
  await ensureDatabase(config.database.url);
  const { applied } = await migrateDatabase(config.database.url, { log: (msg) => logger.info(msg) });
  const db = createPool(config.database.url, { max: 10, application: 'harbor-registry' });
  const storage = createStorage(config);

  const repositories = new RepositoryRepo(db);
  const blobRepo = new BlobRepo(db);
  const artifacts = new ArtifactRepo(db);
  const uploads = new UploadService(storage);
  const token = config.auth?.token;
  const projectTimes = new ProjectCreationTimes(db);
  const settings = new SystemSettings(db);
  const quotas = new ProjectQuotas(new QuotaRepo(db), () => settings.quotaPerProject());
  const auth = token
    ? new TokenAuth({
      realm: token.realm,
      service: token.service,
      verifier: new TokenVerifier({ issuer: token.issuer, service: token.service, rootCertBundlePem: readFileSync(token.rootcertbundle, 'utf8') }),
      basic: token.basic ? new BasicExchange(token.exchangeurl ?? token.realm, token.service) : undefined,
      projectCreated: (repository) => projectTimes.get(projectNameOf(repository)),
    })
    : null;
  const metrics = createMetrics('registry');
  const events = createEventPublisher(config.redis, metrics, logger);
  const app = createApp({
    blobs: new BlobService(storage, repositories, blobRepo, !config.storage.redirect.disable, quotas),
    uploads,
    manifests: new ManifestService(storage, repositories, blobRepo, artifacts, quotas, new ImmutabilityGuard(new ImmutableRuleStore(db))),
    quotas,
    repositories,
    artifacts,
    auth,
    deleteEnabled: config.storage.delete.enabled,
    relativeUrls: Boolean((config.http as { relativeurls?: boolean }).relativeurls),
    readOnly: () => settings.readOnly(),
    events,
    logger,
    metrics,
  });

  const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 0, headersTimeout: 60_000 }, app);
  const { host, port } = parseListenAddress(config.http.addr);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  const debugAddr = config.http.debug?.addr;
  const debug = debugAddr ? await startDebugServer(metrics, parseListenAddress(debugAddr).host, parseListenAddress(debugAddr).port) : null;
  const purging = config.storage.maintenance.uploadpurging;
  const purger = purging.enabled ? new UploadPurger(uploads, purging, logger).start() : null;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  logger.info({ addr: `${host}:${bound}`, auth: token ? 'token' : 'none' }, 'registry listening');
  return {
    url: `http://${shownHost}:${bound}`,
    port: bound,
    debugUrl: debug ? `http://${shownHost}:${(debug.address() as AddressInfo).port}` : null,
    server,
    storage,
    async close() {
      purger?.stop();
      debug?.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await events.close();
      await db.end();
    },
  };
}
