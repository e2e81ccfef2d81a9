// System-wide answers of Harbor's API v2.0: `GeneralInfo` (GET /systeminfo), `SystemInfo`
// (GET /systeminfo/volumes), health, `Statistic` (GET /statistics), `Search` (GET /search?q=),
// audit logs, and quotas (`Quota`, `QuotaUpdateReq` for PUT /quotas/{id}).
import { z } from 'zod';
import { DateTimeSchema, IntSchema, ResourceListSchema } from './common.js';
import { ProjectSchema } from './project.js';

export const AuthproxySettingSchema = z.object({
  endpoint: z.string().optional(),
  tokenreivew_endpoint: z.string().optional(), // sic: the swagger's spelling
  skip_search: z.boolean().optional(),
  verify_cert: z.boolean().optional(),
  server_certificate: z.string().optional(),
});

/** `GET /systeminfo`: anonymous callers get only a subset (no external_url, registry_url, …). */
export const GeneralInfoSchema = z.object({
  banner_message: z.string().optional(),
  current_time: DateTimeSchema.optional(),
  registry_url: z.string().optional(),
  external_url: z.string().optional(),
  auth_mode: z.string().optional(),
  primary_auth_mode: z.boolean().optional(),
  project_creation_restriction: z.string().optional(),
  self_registration: z.boolean().optional(),
  has_ca_root: z.boolean().optional(),
  harbor_version: z.string().optional(),
  registry_storage_provider_name: z.string().optional(),
  read_only: z.boolean().optional(),
  notification_enable: z.boolean().optional(),
  authproxy_settings: AuthproxySettingSchema.optional(),
  oidc_provider_name: z.string().optional(),
});
export type GeneralInfo = z.infer<typeof GeneralInfoSchema>;

export const StorageSchema = z.object({ total: IntSchema, free: IntSchema });

/** `GET /systeminfo/volumes` (system admin only). */
export const SystemInfoSchema = z.object({ storage: z.array(StorageSchema) });
export type SystemInfo = z.infer<typeof SystemInfoSchema>;

export const HealthStatusSchema = z.enum(['healthy', 'unhealthy']);

export const ComponentHealthStatusSchema = z.object({
  name: z.string(),
  status: HealthStatusSchema,
  error: z.string().optional(),
});
export type ComponentHealthStatus = z.infer<typeof ComponentHealthStatusSchema>;

/** `GET /health`: "healthy" only when every component is. */
export const OverallHealthStatusSchema = z.object({
  status: HealthStatusSchema,
  components: z.array(ComponentHealthStatusSchema),
});
export type OverallHealthStatus = z.infer<typeof OverallHealthStatusSchema>;

/** `GET /statistics`: every count is always sent (the total_* ones are 0 for non-admins). */
export const StatisticSchema = z.object({
  private_project_count: IntSchema,
  private_repo_count: IntSchema,
  public_project_count: IntSchema,
  public_repo_count: IntSchema,
  total_project_count: IntSchema,
  total_repo_count: IntSchema,
  total_storage_consumption: IntSchema,
});
export type Statistic = z.infer<typeof StatisticSchema>;

export const SearchRepositorySchema = z.object({
  project_id: IntSchema,
  project_name: z.string(),
  project_public: z.boolean(),
  repository_name: z.string(),
  pull_count: IntSchema.optional(),
  artifact_count: IntSchema.optional(),
});
export type SearchRepository = z.infer<typeof SearchRepositorySchema>;

/** `GET /search?q=`: projects and repositories whose names contain q. */
export const SearchSchema = z.object({
  project: z.array(ProjectSchema),
  repository: z.array(SearchRepositorySchema),
});
export type Search = z.infer<typeof SearchSchema>;

/** `GET /audit-logs`, `GET /projects/{p}/logs`. */
export const AuditLogSchema = z.object({
  id: IntSchema,
  username: z.string(),
  resource: z.string(),
  resource_type: z.string(),
  operation: z.string(),
  op_time: DateTimeSchema,
});
export type AuditLog = z.infer<typeof AuditLogSchema>;

/** `GET /auditlog-exts`: the extended audit log (Harbor ≥ 2.13). */
export const AuditLogExtSchema = AuditLogSchema.extend({
  operation_description: z.string().optional(),
  operation_result: z.boolean(),
});
export type AuditLogExt = z.infer<typeof AuditLogExtSchema>;

/** `GET /quotas[/{id}]`: `ref` describes the owner, for projects `{id, name, owner_name}`. */
export const QuotaSchema = z.object({
  id: IntSchema,
  ref: z.record(z.string(), z.unknown()).optional(),
  hard: ResourceListSchema,
  used: ResourceListSchema,
  creation_time: DateTimeSchema.optional(),
  update_time: DateTimeSchema.optional(),
});
export type Quota = z.infer<typeof QuotaSchema>;

/**
 * `PUT /quotas/{id}`. Harbor's project quota driver knows one resource, `storage`, and accepts -1
 * (unlimited) or a positive byte count; any other resource name is refused.
 */
export const QuotaUpdateReqSchema = z.object({
  hard: z.strictObject({
    storage: IntSchema.refine((n) => n === -1 || n > 0, 'invalid value for resource storage: must be -1 or positive'),
  }),
});
export type QuotaUpdateReq = z.infer<typeof QuotaUpdateReqSchema>;
