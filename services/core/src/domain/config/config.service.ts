// The system settings (Harbor's configurations): every key's value (stored, else the default), kept
// for a few seconds per core replica since several replicas share the database; the administrators'
// view and update of them with Harbor's rules (auth mode fixed once users exist, the audit-log
// forwarding pair, positive durations).
import { AUTH_MODES, CONFIG_KEYS, SECRET_CONFIG_KEYS, type AuthMode, type ConfigKey, type ConfigValues, type Configurations } from '@harbor/contracts';
import { ApiError } from '../../http/errors.js';
import type { ConfigRepo } from '../../store/config.repo.js';
import type { Principal } from '../identity/authenticator.js';
import { encodeSetting, mergeSettings, parseEndpoint, parseSettingsUpdate } from './settings.js';

export interface ConfigServiceOptions {
  /** How long values are reused before the database is read again; 0 reads every time. */
  cacheMs: number;
  /** Accounts other than the default admin (Harbor refuses to change the auth mode once there are any). */
  usersBesidesAdmin: () => Promise<number>;
  /** The auth modes this installation implements; others are refused even where Harbor would take them. */
  supportedAuthModes?: readonly AuthMode[];
  /** Whether the audit-log forwarding endpoint answers (Harbor dials it before saving). */
  endpointReachable?: (host: string, port: number) => Promise<boolean>;
}

export interface ConfigItemView {
  value: string | number | boolean;
  editable: boolean;
}

const SECRETS = new Set<ConfigKey>(SECRET_CONFIG_KEYS);

export class ConfigService {
  private cached: { values: Readonly<ConfigValues>; expires: number } | undefined;
  private loading: Promise<Readonly<ConfigValues>> | undefined;
  private generation = 0;
  private readonly supportedAuthModes: readonly AuthMode[];

  constructor(private readonly repo: ConfigRepo, private readonly defaults: Readonly<ConfigValues>, private readonly options: ConfigServiceOptions) {
    this.supportedAuthModes = options.supportedAuthModes ?? ['db_auth'];
  }

  /** Every key's current value. */
  async values(): Promise<Readonly<ConfigValues>> {
    if (this.cached && this.cached.expires > Date.now()) return this.cached.values;
    if (!this.loading) {
      // a read that started before a change must not be kept as the current values
      const generation = this.generation;
      const loading = this.repo.all()
        .then((stored) => {
          const values = mergeSettings(this.defaults, stored);
          if (generation === this.generation) this.cached = { values, expires: Date.now() + this.options.cacheMs };
          return values;
        })
        .finally(() => { if (this.loading === loading) this.loading = undefined; });
      this.loading = loading;
    }
    return this.loading;
  }

  /** Forgets the kept values: the next read goes to the database. */
  invalidate(): void {
    this.generation++;
    this.cached = undefined;
    this.loading = undefined;
  }

  async value<K extends ConfigKey>(key: K): Promise<ConfigValues[K]> {
    return (await this.values())[key];
  }

  /** GET /configurations: every key but the secrets as {value, editable}. */
  async view(principal: Principal): Promise<Record<string, ConfigItemView>> {
    requireAdmin(principal);
    const [values, authModeEditable] = await Promise.all([this.values(), this.authModeChangeable()]);
    const out: Record<string, ConfigItemView> = {};
    for (const key of CONFIG_KEYS) {
      if (SECRETS.has(key)) continue;
      out[key] = { value: values[key], editable: key === 'auth_mode' ? authModeEditable : true };
    }
    return out;
  }

  /** PUT /configurations: checks the whole body, then writes every given key or none. Returns the keys written. */
  async update(principal: Principal, body: unknown): Promise<ConfigKey[]> {
    requireAdmin(principal);
    const update = parseSettingsUpdate(body);
    this.invalidate();
    const current = await this.values();
    await this.checkAuthMode(update, current);
    await this.checkAuditForwarding(update, current);
    const keys = (Object.keys(update) as ConfigKey[]).filter((k) => update[k] !== undefined);
    if (keys.length === 0) return [];
    await this.repo.save(new Map(keys.map((k) => [k, encodeSetting(update[k]!)])));
    this.invalidate();
    return keys;
  }

  private async authModeChangeable(): Promise<boolean> {
    return (await this.options.usersBesidesAdmin()) === 0;
  }

  private async checkAuthMode(update: Configurations, current: Readonly<ConfigValues>): Promise<void> {
    const mode = update.auth_mode;
    if (mode === undefined || mode === current.auth_mode) return;
    if (!(await this.authModeChangeable())) {
      throw new ApiError('BAD_REQUEST', 'the auth mode cannot be modified as new users have been inserted into database');
    }
    if (!this.supportedAuthModes.includes(mode)) {
      const supported = AUTH_MODES.filter((m) => this.supportedAuthModes.includes(m)).join(', ');
      throw new ApiError('BAD_REQUEST', `the auth mode ${mode} is not supported by this installation (supported: ${supported})`);
    }
  }

  private async checkAuditForwarding(update: Configurations, current: Readonly<ConfigValues>): Promise<void> {
    if (update.skip_audit_log_database === undefined && update.audit_log_forward_endpoint === undefined) return;
    const endpoint = update.audit_log_forward_endpoint ?? current.audit_log_forward_endpoint;
    const skip = update.skip_audit_log_database ?? current.skip_audit_log_database;
    if (skip && endpoint.length === 0) {
      throw new ApiError('BAD_REQUEST', 'audit log forward endpoint should be configured before enable skip audit log in database');
    }
    if (update.audit_log_forward_endpoint) {
      const target = parseEndpoint(update.audit_log_forward_endpoint);
      if (!target) throw new ApiError('BAD_REQUEST', `invalid audit log forward endpoint ${update.audit_log_forward_endpoint}: expected host:port`);
      const reachable = this.options.endpointReachable ? await this.options.endpointReachable(target.host, target.port) : true;
      if (!reachable) throw new ApiError('BAD_REQUEST', `could not connect to the audit endpoint: ${update.audit_log_forward_endpoint}`);
    }
  }
}

/** Harbor's RequireSystemAccess on the configuration resource: only system administrators hold it. */
function requireAdmin(principal: Principal): void {
  if (principal.kind === 'anonymous') throw new ApiError('UNAUTHORIZED', 'UnAuthorized');
  if (!(principal.kind === 'user' && principal.sysadmin)) throw new ApiError('FORBIDDEN', 'only system administrators can manage configurations');
}
