// Service-level endpoints: /api/v2.0/ping, /api/version, /api/v2.0/health and /api/v2.0/systeminfo, and
// the caller's own account at /api/v2.0/users/current.
import type { Router } from 'express';
import { CONFIG_DEFAULTS, type ConfigValues } from '@harbor/contracts';
import type { UserRepo } from '../../store/user.repo.js';
import type { ConfigService } from '../../domain/config/config.service.js';
import { checkHealth, type Probe } from '../../domain/system/health.js';
import { ApiError } from '../errors.js';
import { principalOf } from '../middleware/security.middleware.js';
import { toUserResp } from './users.routes.js';

export interface SystemRouteDeps {
  users: UserRepo;
  probes: Record<string, Probe>;
  externalURL: string | undefined;
  version: string;
  /** The system settings systeminfo reports (Harbor's defaults when absent). */
  settings?: ConfigService;
}

export function registerSystemRoutes(router: Router, deps: SystemRouteDeps): void {
  router.get('/api/v2.0/ping', (_req, res) => {
    res.type('text/plain').send('Pong');
  });
  router.get('/api/version', (_req, res) => {
    res.json({ version: 'v2.0' });
  });
  router.get('/api/v2.0/health', async (_req, res) => {
    res.json(await checkHealth(deps.probes));
  });
  router.get('/api/v2.0/systeminfo', async (req, res) => {
    const external = deps.externalURL ?? `${req.protocol}://${req.get('host')}`;
    const settings: Readonly<ConfigValues> = deps.settings ? await deps.settings.values() : CONFIG_DEFAULTS;
    const info: Record<string, unknown> = {
      auth_mode: settings.auth_mode,
      primary_auth_mode: settings.primary_auth_mode,
      self_registration: settings.self_registration,
      harbor_version: deps.version,
      banner_message: settings.banner_message,
      current_time: new Date().toISOString(),
    };
    if (principalOf(res).kind !== 'anonymous') {
      Object.assign(info, {
        external_url: external,
        registry_url: new URL(external).host,
        project_creation_restriction: settings.project_creation_restriction,
        has_ca_root: false,
        read_only: settings.read_only,
        with_chartmuseum: false,
        notification_enable: settings.notification_enable,
        registry_storage_provider_name: 'filesystem',
      });
    }
    res.json(info);
  });
  router.get('/api/v2.0/users/current', async (_req, res) => {
    const principal = principalOf(res);
    if (principal.kind !== 'user') throw new ApiError('UNAUTHORIZED', 'UnAuthorized');
    const u = await deps.users.profile(principal.id);
    if (!u) throw new ApiError('UNAUTHORIZED', 'UnAuthorized');
    res.json(toUserResp(u));
  });
}
