// Every job type this jobservice runs, with its handler. The runtime refuses to start when one of
// REQUIRED_HANDLERS has none (or one is registered twice).
import type { JobType } from '@harbor/contracts';
import type { Pool } from '@harbor/db/sql';
import type { StorageDriver } from '@harbor/storage';
import type { Logger } from '@harbor/telemetry';
import type { PublishEvents } from '../events.js';
import type { JobRuntime } from '../runtime.js';
import { gcHandler } from './gc.js';
import { purgeAuditLogHandler } from './purge-audit-log.js';
import { retentionHandler } from './retention.js';
import { slackHandler } from './slack.js';
import { webhookHandler } from './webhook.js';

export interface HandlerDeps {
  db: Pool;
  storage: StorageDriver;
  logger: Logger;
  /** Events a job causes (deletions, a finished retention run), published on core's event stream. */
  publishEvents?: PublishEvents;
}

/** The job types the suite runs today (scans and replication arrive with their own components). */
export const REQUIRED_HANDLERS: readonly JobType[] = ['GARBAGE_COLLECTION', 'PURGE_AUDIT_LOG', 'WEBHOOK', 'SLACK', 'RETENTION'];

export function registerHandlers(runtime: JobRuntime, deps: HandlerDeps): void {
  runtime
    .register('GARBAGE_COLLECTION', gcHandler(deps.db, deps.storage))
    .register('PURGE_AUDIT_LOG', purgeAuditLogHandler(deps.db))
    .register('RETENTION', retentionHandler(deps.db, deps.publishEvents))
    .register('WEBHOOK', webhookHandler())
    .register('SLACK', slackHandler());
}
