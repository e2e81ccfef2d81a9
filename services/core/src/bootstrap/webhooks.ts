// Wiring of webhook policies: the API's service, and the notifier that turns the registry's events into
// deliveries queued for the jobservice (one place, called from the composition root).
import { parseListenAddress } from '@harbor/config';
import type { PrismaClient } from '@harbor/db';
import type { JobQueues, TaskStore } from '@harbor/jobs';
import type { Logger } from '@harbor/telemetry';
import type { CoreConfig } from '../config.js';
import type { ConfigService } from '../domain/config/config.service.js';
import type { ProjectService } from '../domain/projects/project.service.js';
import { WebhookNotifier } from '../domain/webhooks/webhook-notifier.js';
import { WebhookPolicyService } from '../domain/webhooks/webhook-policy.service.js';
import { WebhookExecutionRepo } from '../store/webhook-execution.repo.js';
import { WebhookPolicyRepo } from '../store/webhook-policy.repo.js';

export interface WebhookServices {
  policies: WebhookPolicyService;
  notifier: WebhookNotifier;
}

/** The address receivers are told artifacts live at: the external URL, else core's own listen address. */
function publicURL(config: CoreConfig): string {
  if (config.externalURL) return config.externalURL;
  const { host, port } = parseListenAddress(config.http.addr);
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${reachable}:${port}`;
}

export function webhookServices(config: CoreConfig, db: PrismaClient, deps: {
  projects: ProjectService; queues: JobQueues; tasks: TaskStore; settings: ConfigService; logger: Logger;
}): WebhookServices {
  const policies = new WebhookPolicyRepo(db);
  return {
    policies: new WebhookPolicyService(policies, new WebhookExecutionRepo(db), deps.tasks, deps.projects),
    notifier: new WebhookNotifier({
      policies,
      tasks: deps.tasks,
      queues: deps.queues,
      externalURL: publicURL(config),
      enabled: () => deps.settings.value('notification_enable'),
      logger: deps.logger,
    }),
  };
}
