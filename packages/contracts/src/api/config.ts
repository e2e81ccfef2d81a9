// System configuration in Harbor's API v2.0: `Configurations` (PUT /configurations: only the keys
// being changed) and `ConfigurationsResponse` (GET /configurations: every key as {value, editable}).
// Value rules are those of Harbor's config metadata (src/lib/config/metadata/{metadatalist,type}.go).
import { z } from 'zod';
import { Int32Schema, IntSchema, dropNulls, stringEnum } from './common.js';

export const AUTH_MODES = ['db_auth', 'ldap_auth', 'uaa_auth', 'http_auth', 'oidc_auth'] as const;
export const AuthModeSchema = stringEnum(AUTH_MODES);
export type AuthMode = z.infer<typeof AuthModeSchema>;

export const ProjectCreationRestrictionSchema = stringEnum(['adminonly', 'everyone']);

const nonEmpty = z.string().refine((s) => s.trim().length > 0, 'must not be empty');
const ldapScope = Int32Schema.refine((n) => n >= 0 && n <= 2, 'invalid scope, should be 0, 1 or 2');
// StringToStringMapType: a JSON object of strings, carried as a string
const stringMapJson = z.string().refine((s) => {
  try {
    const v: unknown = JSON.parse(s);
    return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
  } catch {
    return false;
  }
}, 'must be a JSON object of strings');
// QuotaType: -1 (unlimited) or a positive byte count
const quota = IntSchema.refine((n) => n === -1 || n > 0, 'quota value should be -1 or great than zero');

/**
 * Each editable key: its value schema, the JSON kind GET /configurations reports it as, and whether GET
 * reports it at all (secrets are write-only).
 */
const ITEMS = {
  auth_mode: [AuthModeSchema, 'string', true],
  primary_auth_mode: [z.boolean(), 'bool', true],
  ldap_base_dn: [nonEmpty, 'string', true],
  ldap_filter: [z.string(), 'string', true],
  ldap_group_base_dn: [z.string(), 'string', true],
  ldap_group_admin_dn: [z.string(), 'string', true],
  ldap_group_attribute_name: [z.string(), 'string', true],
  ldap_group_search_filter: [z.string(), 'string', true],
  ldap_group_search_scope: [ldapScope, 'int', true],
  ldap_group_attach_parallel: [z.boolean(), 'bool', true],
  ldap_scope: [ldapScope, 'int', true],
  ldap_search_dn: [z.string(), 'string', true],
  ldap_search_password: [z.string(), 'string', false],
  ldap_timeout: [Int32Schema, 'int', true],
  ldap_uid: [nonEmpty, 'string', true],
  ldap_url: [nonEmpty, 'string', true],
  ldap_verify_cert: [z.boolean(), 'bool', true],
  ldap_group_membership_attribute: [z.string(), 'string', true],
  project_creation_restriction: [ProjectCreationRestrictionSchema, 'string', true],
  read_only: [z.boolean(), 'bool', true],
  self_registration: [z.boolean(), 'bool', true],
  token_expiration: [Int32Schema, 'int', true],
  uaa_client_id: [z.string(), 'string', true],
  uaa_client_secret: [z.string(), 'string', false],
  uaa_endpoint: [z.string(), 'string', true],
  uaa_verify_cert: [z.boolean(), 'bool', true],
  http_authproxy_endpoint: [z.string(), 'string', true],
  http_authproxy_tokenreview_endpoint: [z.string(), 'string', true],
  http_authproxy_admin_groups: [z.string(), 'string', true],
  http_authproxy_admin_usernames: [z.string(), 'string', true],
  http_authproxy_verify_cert: [z.boolean(), 'bool', true],
  http_authproxy_skip_search: [z.boolean(), 'bool', true],
  http_authproxy_server_certificate: [z.string(), 'string', true],
  oidc_name: [z.string(), 'string', true],
  oidc_endpoint: [z.string(), 'string', true],
  oidc_client_id: [z.string(), 'string', true],
  oidc_client_secret: [z.string(), 'string', false],
  oidc_groups_claim: [z.string(), 'string', true],
  oidc_admin_group: [z.string(), 'string', true],
  oidc_group_filter: [z.string(), 'string', true],
  oidc_scope: [z.string(), 'string', true],
  oidc_user_claim: [z.string(), 'string', true],
  oidc_verify_cert: [z.boolean(), 'bool', true],
  oidc_auto_onboard: [z.boolean(), 'bool', true],
  oidc_extra_redirect_parms: [stringMapJson, 'string', true],
  oidc_logout: [z.boolean(), 'bool', true],
  robot_token_duration: [Int32Schema, 'int', true],
  robot_name_prefix: [z.string(), 'string', true],
  notification_enable: [z.boolean(), 'bool', true],
  quota_per_project_enable: [z.boolean(), 'bool', true],
  storage_per_project: [quota, 'int', true],
  audit_log_forward_endpoint: [z.string(), 'string', true],
  skip_audit_log_database: [z.boolean(), 'bool', true],
  session_timeout: [Int32Schema, 'int', true],
  scanner_skip_update_pulltime: [z.boolean(), 'bool', true],
  banner_message: [z.string(), 'string', true],
  disabled_audit_log_event_types: [z.string(), 'string', true],
} as const satisfies Record<string, readonly [z.ZodType, 'string' | 'bool' | 'int', boolean]>;

type Items = typeof ITEMS;
export type ConfigKey = keyof Items;
export const CONFIG_KEYS = Object.keys(ITEMS) as ConfigKey[];

type ReqShape = { [K in ConfigKey]: z.ZodOptional<Items[K][0]> };

/** `PUT /configurations`: any subset of the keys; unknown keys are dropped and `null` means "not given". */
export const ConfigurationsSchema = z.preprocess(
  dropNulls,
  z.object(Object.fromEntries(CONFIG_KEYS.map((k) => [k, ITEMS[k][0].optional()])) as ReqShape),
);
export type Configurations = z.infer<typeof ConfigurationsSchema>;

const item = <T extends z.ZodType>(value: T) => z.object({ value, editable: z.boolean() });
export const StringConfigItemSchema = item(z.string());
export const BoolConfigItemSchema = item(z.boolean());
export const IntegerConfigItemSchema = item(IntSchema);

const ITEM_SCHEMAS = { string: StringConfigItemSchema, bool: BoolConfigItemSchema, int: IntegerConfigItemSchema } as const;
type ItemSchemas = typeof ITEM_SCHEMAS;

export const ScanAllPolicySchema = z.object({
  type: z.string().optional(),
  parameter: z.object({ daily_time: IntSchema.optional() }).optional(),
});

type RespKey = { [K in ConfigKey]: Items[K][2] extends true ? K : never }[ConfigKey];
const RESPONSE_KEYS = CONFIG_KEYS.filter((k) => ITEMS[k][2]) as RespKey[];

/**
 * `GET /configurations`: every readable key wrapped as {value, editable}; values are reported as
 * stored, so only their JSON kind is checked here. Secrets (ldap_search_password, oidc_client_secret)
 * never appear.
 */
export const ConfigurationsResponseSchema = z.object({
  ...(Object.fromEntries(RESPONSE_KEYS.map((k) => [k, ITEM_SCHEMAS[ITEMS[k][1]].optional()])) as {
    [K in RespKey]: z.ZodOptional<ItemSchemas[Items[K][1]]>;
  }),
  scan_all_policy: ScanAllPolicySchema.optional(),
});
export type ConfigurationsResponse = z.infer<typeof ConfigurationsResponseSchema>;

/** Every key with a value: what the system uses when an administrator has not set one. */
export type ConfigValues = Required<Configurations>;

/** The JSON kind of a key's value. */
export function configKind(key: ConfigKey): 'string' | 'bool' | 'int' {
  return ITEMS[key][1];
}

/** Write-only keys: accepted by PUT, never answered by GET. */
export const SECRET_CONFIG_KEYS: readonly ConfigKey[] = CONFIG_KEYS.filter((k) => !ITEMS[k][2]);

/** Harbor's defaults for each key (src/lib/config/metadata/metadatalist.go). */
export const CONFIG_DEFAULTS: Readonly<ConfigValues> = Object.freeze({
  auth_mode: 'db_auth',
  primary_auth_mode: false,
  ldap_base_dn: '',
  ldap_filter: '',
  ldap_group_base_dn: '',
  ldap_group_admin_dn: '',
  ldap_group_attribute_name: '',
  ldap_group_search_filter: '',
  ldap_group_search_scope: 2,
  ldap_group_attach_parallel: false,
  ldap_scope: 2,
  ldap_search_dn: '',
  ldap_search_password: '',
  ldap_timeout: 5,
  ldap_uid: 'cn',
  ldap_url: '',
  ldap_verify_cert: true,
  ldap_group_membership_attribute: 'memberof',
  project_creation_restriction: 'everyone',
  read_only: false,
  self_registration: false,
  token_expiration: 30,
  uaa_client_id: '',
  uaa_client_secret: '',
  uaa_endpoint: '',
  uaa_verify_cert: false,
  http_authproxy_endpoint: '',
  http_authproxy_tokenreview_endpoint: '',
  http_authproxy_admin_groups: '',
  http_authproxy_admin_usernames: '',
  http_authproxy_verify_cert: true,
  http_authproxy_skip_search: false,
  http_authproxy_server_certificate: '',
  oidc_name: '',
  oidc_endpoint: '',
  oidc_client_id: '',
  oidc_client_secret: '',
  oidc_groups_claim: '',
  oidc_admin_group: '',
  oidc_group_filter: '',
  oidc_scope: '',
  oidc_user_claim: '',
  oidc_verify_cert: true,
  oidc_auto_onboard: false,
  oidc_extra_redirect_parms: '{}',
  oidc_logout: false,
  robot_token_duration: 30,
  robot_name_prefix: 'robot$',
  notification_enable: true,
  quota_per_project_enable: true,
  storage_per_project: -1,
  audit_log_forward_endpoint: '',
  skip_audit_log_database: false,
  session_timeout: 60,
  scanner_skip_update_pulltime: false,
  banner_message: '',
  disabled_audit_log_event_types: '',
});
