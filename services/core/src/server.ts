// Composition root of core: database (migrated), first-run admin and signing key, services, HTTP.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hashPassword, TokenMinter } from '@harbor/auth';
import { createPrismaClient } from '@harbor/db';
import { ensureDatabase, migrateDatabase } from '@harbor/db/sql';
import { parseListenAddress } from '@harbor/config';
import { createLogger, type Logger } from '@harbor/telemetry';
import type { CoreConfig } from './config.js';
import { ensureSigningKey } from './bootstrap/signing-key.js';
import { Authenticator } from './domain/identity/authenticator.js';
import { FailureLimiter } from './domain/identity/failure-limiter.js';
import { TokenService } from './domain/token/token.service.js';
import { ProjectService } from './domain/projects/project.service.js';
import { MemberService } from './domain/projects/member.service.js';
import { ProjectMetadataService } from './domain/projects/metadata.service.js';
import { MemberRepo } from './store/member.repo.js';
import { AuditRepo } from './store/audit.repo.js';
import { AuditService } from './domain/audit/audit.service.js';
import { Redis } from 'ioredis';
import { SessionRepo } from './store/session.repo.js';
import { createApp } from './http/app.js';
import { artifactServices } from './bootstrap/artifacts.js';
import { registryProbe } from './domain/system/health.js';
import { ProjectRepo } from './store/project.repo.js';
import { RobotRepo } from './store/robot.repo.js';
import { RobotService } from './domain/robots/robot.service.js';
import { UserRepo } from './store/user.repo.js';
import { UserService } from './domain/users/user.service.js';
import { CurrentPermissions } from './domain/users/current-permissions.js';
import { startRegistryEvents } from './domain/events/registry-events.js';
import { createSettingsServices } from './bootstrap/settings.js';
import { LabelService } from './domain/labels/label.service.js';
import { LabelRepo } from './store/label.repo.js';
import { StatisticsService } from './domain/statistics/statistics.service.js';
import { StatisticsRepo } from './store/statistics.repo.js';
import { SearchService } from './domain/search/search.service.js';
import { SearchRepo } from './store/search.repo.js';
import { createJobServices } from './bootstrap/jobs.js';
import { webhookServices } from './bootstrap/webhooks.js';
import { retentionServices } from './bootstrap/retention.js';
import { SystemJobsService } from './domain/jobs/system-jobs.service.js';
import { JobserviceMonitor } from './domain/jobs/jobservice-monitor.service.js';
import { GcParamsSchema, PurgeAuditLogParamsSchema } from '@harbor/contracts';

export interface RunningCore {
  url: string;
  port: number;
  server: Server;
  /** The certificate the registry must trust (auth.token.rootcertbundle). */
  certPath: string;
  close(): Promise<void>;
}


export async function startCore(config: CoreConfig, logger: Logger = createLogger('core', config.log.level)): Promise<RunningCore> {
  await ensureDatabase(config.database.url);
  await migrateDatabase(config.database.url, { log: (msg) => logger.info(msg) });
  const db = createPrismaClient(config.database.url);
  const users = new UserRepo(db);
  if (await users.ensureAdmin(await hashPassword(config.admin.initialPassword))) logger.info('admin user created');
  const key = await ensureSigningKey({ ...config.token, dataDir: config.dataDir });
  const minter = new TokenMinter({ issuer: config.token.issuer, privateKeyPem: key.keyPem, certificatePem: key.certPem, expirySeconds: config.token.expirationMinutes * 60 });
  const projectRepo = new ProjectRepo(db);
  const { settings, quotas, forwarder } = createSettingsServices(config, db, users, logger);
  await quotas.ensureAll();
  const tokens = new TokenService(minter, projectRepo, {
    service: config.token.service, issuer: config.token.issuer, expirySeconds: config.token.expirationMinutes * 60,
    keyPem: key.keyPem, certPem: key.certPem, currentExpirySeconds: async () => (await settings.value('token_expiration')) * 60,
  });
  const projectService = new ProjectService(projectRepo, users, { settings, quotas });
  const robotPrefix = () => settings.value('robot_name_prefix');
  const redis = new Redis(config.redis.url, { keyPrefix: config.redis.keyPrefix, lazyConnect: false, maxRetriesPerRequest: 2 });
  redis.on('error', (err) => logger.warn({ err: err.message }, 'redis error'));
  const audit = new AuditService(new AuditRepo(db), projectService, logger, forwarder);
  const jobs = createJobServices(config, db);
  const webhooks = webhookServices(config, db, { projects: projectService, queues: jobs.queues, tasks: jobs.tasks, settings, logger });
  // Schedules live in PostgreSQL and in Redis: put back into Redis whatever it lost.
  await jobs.schedules.reconcile().catch((err: unknown) => logger.warn({ err }, 'schedules could not be re-applied'));
  const app = createApp({
    authenticator: new Authenticator(users, new RobotRepo(db), new FailureLimiter(redis), robotPrefix),
    tokens,
    users,
    projects: projectService,
    projectMetadata: new ProjectMetadataService(projectService, projectRepo),
    members: new MemberService(new MemberRepo(db), users, projectService),
    robots: new RobotService(new RobotRepo(db), projectRepo, robotPrefix),
    accounts: new UserService(users, { selfRegistration: () => settings.value('self_registration') }),
    settings,
    quotas,
    labels: new LabelService(new LabelRepo(db), projectService),
    statistics: new StatisticsService(new StatisticsRepo(db)),
    search: new SearchService(projectService, new SearchRepo(db)),
    webhooks: webhooks.policies,
    ...retentionServices(db, projectService, jobs),
    systemJobs: {
      gc: new SystemJobsService({ type: 'GARBAGE_COLLECTION', resource: 'garbage-collection', params: GcParamsSchema, noun: 'garbage collection' }, jobs.executions, jobs.schedules),
      purgeAudit: new SystemJobsService({ type: 'PURGE_AUDIT_LOG', resource: 'purge-audit', params: PurgeAuditLogParamsSchema, noun: 'audit log purge' }, jobs.executions, jobs.schedules),
      monitor: new JobserviceMonitor(jobs.queues, jobs.tasks, jobs.schedules),
    },
    ...artifactServices(db, projectService, { url: config.registryURL, minter, service: config.token.service }),
    currentPermissions: new CurrentPermissions(projectRepo),
    audit,
    sessions: new SessionRepo(redis, async () => 60 * (await settings.value('session_timeout'))),
    logger,
    externalURL: config.externalURL,
    version: 'v2.14.0-ts',
    probes: {
      core: async () => undefined,
      database: async () => { await db.$queryRaw`SELECT 1`; },
      registry: registryProbe(config.registryURL),
    },
  });
  const server = createServer(app);
  const { host, port } = parseListenAddress(config.http.addr);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  logger.info({ addr: `${host}:${bound}` }, 'core listening');
  const registryEvents = startRegistryEvents(config, db, logger, forwarder, [(events) => webhooks.notifier.notify(events)]);
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${bound}`,
    port: bound,
    server,
    certPath: key.certPath,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await registryEvents?.close();
      await jobs.close();
      forwarder.close();
      await db.$disconnect();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
