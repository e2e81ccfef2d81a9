// Wiring of the system settings and what follows them: the settings service (defaults from core's
// configuration), project quotas and audit-log forwarding. Called once by the composition root.
import { CONFIG_DEFAULTS, type ConfigValues } from '@harbor/contracts';
import type { PrismaClient } from '@harbor/db';
import type { Logger } from '@harbor/telemetry';
import type { CoreConfig } from '../config.js';
import { AuditForwarder, tcpReachable } from '../domain/audit/audit-forwarder.js';
import { ConfigService } from '../domain/config/config.service.js';
import { QuotaService } from '../domain/quotas/quota.service.js';
import { ConfigRepo } from '../store/config.repo.js';
import { QuotaRepo } from '../store/quota.repo.js';
import type { UserRepo } from '../store/user.repo.js';

export interface SettingsServices {
  settings: ConfigService;
  quotas: QuotaService;
  forwarder: AuditForwarder;
}

/** Harbor's defaults, with those core's configuration file (or CORE_SETTINGS_* variables) sets. */
export function settingsDefaults(config: CoreConfig): ConfigValues {
  const s = config.settings;
  return {
    ...CONFIG_DEFAULTS,
    token_expiration: config.token.expirationMinutes,
    session_timeout: config.session.ttlMinutes,
    project_creation_restriction: s.projectCreationRestriction,
    self_registration: s.selfRegistration,
    robot_token_duration: s.robotTokenDuration,
    robot_name_prefix: s.robotNamePrefix,
    read_only: s.readOnly,
    notification_enable: s.notificationEnable,
    quota_per_project_enable: s.quotaPerProjectEnable,
    storage_per_project: s.storagePerProject,
  };
}

export function createSettingsServices(config: CoreConfig, db: PrismaClient, users: UserRepo, logger: Logger): SettingsServices {
  const settings = new ConfigService(new ConfigRepo(db), settingsDefaults(config), {
    cacheMs: config.settings.cacheSeconds * 1000,
    usersBesidesAdmin: async () => (await users.list({ where: {}, orderBy: [], includeDefaultAdmin: false }, { offset: 0, limit: 1 })).total,
    endpointReachable: (host, port) => tcpReachable(host, port),
  });
  const forwarder = new AuditForwarder(async () => {
    const v = await settings.values();
    return { endpoint: v.audit_log_forward_endpoint, skipDatabase: v.skip_audit_log_database };
  }, logger);
  return { settings, quotas: new QuotaService(new QuotaRepo(db), settings), forwarder };
}
