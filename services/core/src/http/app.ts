// Core's HTTP application: one router module per resource, and the single place where errors become
// Harbor's error body.
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from '@harbor/telemetry';
import { ApiError, writeApiError } from './errors.js';
import { basicStrategy, security } from './middleware/security.middleware.js';
import { inputGuard } from './middleware/input-guard.middleware.js';
import { csrfGuard, sessionStrategy } from './middleware/session.middleware.js';
import { registerSessionRoutes, type SessionRouteDeps } from './routes/session.routes.js';
import { registerAuditRoutes } from './routes/audit.routes.js';
import { registerMemberRoutes } from './routes/members.routes.js';
import { registerRobotRoutes } from './routes/robots.routes.js';
import type { RobotService } from '../domain/robots/robot.service.js';
import type { AuditService } from '../domain/audit/audit.service.js';
import { registerProjectRoutes } from './routes/projects.routes.js';
import { registerMetadataRoutes } from './routes/metadata.routes.js';
import type { ProjectMetadataService } from '../domain/projects/metadata.service.js';
import { registerPermissionRoutes } from './routes/permissions.routes.js';
import { registerOpenApiRoutes } from './routes/openapi.routes.js';
import { registerSystemRoutes, type SystemRouteDeps } from './routes/system.routes.js';
import { QueryError } from './query.js';
import type { MemberService } from '../domain/projects/member.service.js';
import type { ProjectService } from '../domain/projects/project.service.js';
import { registerTokenRoutes, type TokenRouteDeps } from './routes/token.routes.js';
import { registerUserRoutes, type UserRouteDeps } from './routes/users.routes.js';
import { readOnlyGuard } from './middleware/readonly.middleware.js';
import { registerConfigurationRoutes } from './routes/configurations.routes.js';
import { registerLabelRoutes } from './routes/labels.routes.js';
import { registerQuotaRoutes } from './routes/quotas.routes.js';
import { registerSystemJobRoutes } from './routes/system-jobs.routes.js';
import { registerJobserviceRoutes } from './routes/jobservice.routes.js';
import type { SystemJobsService } from '../domain/jobs/system-jobs.service.js';
import type { JobserviceMonitor } from '../domain/jobs/jobservice-monitor.service.js';
import { registerStatisticsRoutes } from './routes/statistics.routes.js';
import { registerSearchRoutes } from './routes/search.routes.js';
import { registerWebhookRoutes } from './routes/webhooks.routes.js';
import type { WebhookPolicyService } from '../domain/webhooks/webhook-policy.service.js';
import { registerRepositoryRoutes, type RepositoryRouteDeps } from './routes/repositories.routes.js';
import { registerArtifactRoutes, type ArtifactRouteDeps } from './routes/artifacts.routes.js';
import { registerArtifactItemRoutes, type ArtifactItemRouteDeps } from './routes/artifact-items.routes.js';
import { registerImmutableRuleRoutes } from './routes/immutable-rules.routes.js';
import type { ImmutableRuleService } from '../domain/immutability/immutable-rule.service.js';
import { registerRetentionRoutes } from './routes/retention.routes.js';
import type { RetentionService } from '../domain/retention/retention.service.js';
import type { RetentionRunsService } from '../domain/retention/retention-runs.service.js';
import type { ConfigService } from '../domain/config/config.service.js';
import type { LabelService } from '../domain/labels/label.service.js';
import type { QuotaService } from '../domain/quotas/quota.service.js';
import type { StatisticsService } from '../domain/statistics/statistics.service.js';
import type { SearchService } from '../domain/search/search.service.js';

export interface CoreHttpDeps extends TokenRouteDeps, SystemRouteDeps, SessionRouteDeps, UserRouteDeps,
  RepositoryRouteDeps, ArtifactRouteDeps, ArtifactItemRouteDeps {
  projects: ProjectService;
  projectMetadata: ProjectMetadataService;
  members: MemberService;
  robots: RobotService;
  audit: AuditService;
  logger: Logger;
  settings: ConfigService;
  quotas: QuotaService;
  labels: LabelService;
  statistics: StatisticsService;
  search: SearchService;
  /** A project's tag immutability rules. */
  immutableRules: ImmutableRuleService;
  webhooks: WebhookPolicyService;
  /** Tag retention: a project's policy and its runs. */
  retention: RetentionService;
  retentionRuns: RetentionRunsService;
  /** Garbage collection, the audit-log purge and the job service monitor. */
  systemJobs: { gc: SystemJobsService; purgeAudit: SystemJobsService; monitor: JobserviceMonitor };
}

export function createApp(deps: CoreHttpDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Behind the proxy the client address comes from X-Forwarded-For (loopback and private proxies only).
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  app.use(inputGuard);
  // The token service authenticates by itself (its 401s differ); everything else gets a principal first.
  const tokenRouter = express.Router();
  registerTokenRoutes(tokenRouter, deps);
  app.use(tokenRouter);
  const consoleRouter = express.Router();
  registerSessionRoutes(consoleRouter, deps);
  app.use(consoleRouter);
  const api = express.Router();
  api.use(security([basicStrategy(deps.authenticator), sessionStrategy(deps.sessions, deps.authenticator)]));
  api.use(csrfGuard);
  api.use(readOnlyGuard(() => deps.settings.value('read_only')));
  registerSystemRoutes(api, deps);
  registerOpenApiRoutes(api, deps.version);
  registerPermissionRoutes(api);
  registerProjectRoutes(api, deps.projects, deps.audit);
  registerMetadataRoutes(api, deps.projects, deps.projectMetadata, deps.audit);
  registerAuditRoutes(api, deps.projects, deps.audit);
  registerMemberRoutes(api, deps.projects, deps.members, deps.audit);
  registerRobotRoutes(api, deps.robots, deps.audit);
  registerUserRoutes(api, deps);
  registerConfigurationRoutes(api, deps.settings, deps.audit);
  registerLabelRoutes(api, deps.labels, deps.audit);
  registerQuotaRoutes(api, deps.quotas, deps.audit);
  registerSystemJobRoutes(api, '/api/v2.0/system/gc', 'gc_id', deps.systemJobs?.gc, deps.audit, 'garbage_collection');
  registerSystemJobRoutes(api, '/api/v2.0/system/purgeaudit', 'purge_id', deps.systemJobs?.purgeAudit, deps.audit, 'purge_audit');
  registerJobserviceRoutes(api, deps.systemJobs?.monitor, deps.audit);
  registerStatisticsRoutes(api, deps.statistics);
  registerSearchRoutes(api, deps.search);
  registerWebhookRoutes(api, deps.projects, deps.webhooks, deps.audit);
  registerRepositoryRoutes(api, deps);
  registerArtifactRoutes(api, deps);
  registerArtifactItemRoutes(api, deps);
  registerImmutableRuleRoutes(api, deps);
  registerRetentionRoutes(api, deps);
  app.use(api);
  app.use((_req: Request, _res: Response, next: NextFunction) => next(new ApiError('NOT_FOUND', 'not found')));
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof ApiError) return writeApiError(res, err);
    if (err instanceof QueryError) return writeApiError(res, new ApiError(err.code, err.message));
    const status = (err as { status?: number; statusCode?: number }).status ?? (err as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      // body-parser's errors (malformed JSON, too large): the client's fault, said plainly.
      return writeApiError(res, new ApiError('BAD_REQUEST', (err as Error).message));
    }
    deps.logger.error({ err, method: req.method, path: req.path }, 'request failed');
    writeApiError(res, new ApiError('INTERNAL_SERVER_ERROR', 'internal error'));
  });
  return app;
}
