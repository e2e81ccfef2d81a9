// Projects in Harbor's API v2.0: `ProjectReq` (POST/PUT /projects), `Project`, `ProjectMetadata`,
// `CVEAllowlist`, `ProjectSummary`, `ProjectDeletable`. Request rules follow Harbor's handler
// (src/server/v2.0/handler/project.go) and project manager (src/pkg/project/manager.go).
import { z } from 'zod';
import { BoolStringSchema, DateTimeSchema, Int32Schema, IntSchema, ResourceListSchema, dropNulls, parseGoBool, stringEnum } from './common.js';

/** Harbor's project name rule (src/pkg/project/manager.go): 1–255 chars, lower-case runs joined by `.`, `_` or `-`. */
export const PROJECT_NAME_RE = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
export const PROJECT_NAME_MAX_LENGTH = 255;

export function isValidProjectName(name: string): boolean {
  return name.length >= 1 && name.length <= PROJECT_NAME_MAX_LENGTH && PROJECT_NAME_RE.test(name);
}

export const ProjectNameSchema = z
  .string()
  .min(1, 'project name is required')
  .max(PROJECT_NAME_MAX_LENGTH, `project name must be at most ${PROJECT_NAME_MAX_LENGTH} characters`)
  .regex(PROJECT_NAME_RE, 'project name is not in lower case or contains illegal characters');

/** Metadata keys of the swagger's ProjectMetadata; every value is a string. */
export const PROJECT_METADATA_KEYS = [
  'public',
  'enable_content_trust',
  'enable_content_trust_cosign',
  'prevent_vul',
  'severity',
  'auto_scan',
  'auto_sbom_generation',
  'reuse_sys_cve_allowlist',
  'retention_id',
  'proxy_speed_kb',
  'max_upstream_conn',
  'proxy_cache_local_on_not_found',
  'proxy_referrer_api',
  'proxy_cache_filter_pattern',
  'proxy_cache_filter_kind',
] as const;
export type ProjectMetadataKey = (typeof PROJECT_METADATA_KEYS)[number];

/** ProjectMetadata as sent in responses: whatever is stored, all strings. */
export const ProjectMetadataSchema = z.object(
  Object.fromEntries(PROJECT_METADATA_KEYS.map((k) => [k, z.string().optional()])) as Record<
    ProjectMetadataKey,
    z.ZodOptional<z.ZodString>
  >,
);
export type ProjectMetadata = z.infer<typeof ProjectMetadataSchema>;

/** Severities the swagger documents for `severity`; Harbor's metadata API lower-cases before checking. */
export const SEVERITIES = ['none', 'low', 'medium', 'high', 'critical'] as const;
const SeverityStringSchema = z
  .string()
  .transform((s) => s.toLowerCase())
  .pipe(z.enum(SEVERITIES));
const IntStringSchema = z.string().regex(/^-?\d+$/, 'must be an integer');

/**
 * ProjectMetadata in requests. `public` must be exactly "true" or "false" (the create handler checks
 * that); the other flags take any strconv.ParseBool spelling and are normalised; `null` means absent.
 */
export const ProjectMetadataReqSchema = z.preprocess(
  dropNulls,
  z.object({
    public: stringEnum(['true', 'false'], "metadata.public should only be 'true' or 'false'").optional(),
    enable_content_trust: BoolStringSchema.optional(),
    enable_content_trust_cosign: BoolStringSchema.optional(),
    prevent_vul: BoolStringSchema.optional(),
    severity: SeverityStringSchema.optional(),
    auto_scan: BoolStringSchema.optional(),
    auto_sbom_generation: BoolStringSchema.optional(),
    reuse_sys_cve_allowlist: BoolStringSchema.optional(),
    retention_id: z.string().regex(/^\d+$/, 'must be a retention policy id').optional(),
    proxy_speed_kb: IntStringSchema.optional(),
    max_upstream_conn: IntStringSchema.optional(),
    proxy_cache_local_on_not_found: BoolStringSchema.optional(),
    proxy_referrer_api: BoolStringSchema.optional(),
    proxy_cache_filter_pattern: z.string().optional(),
    proxy_cache_filter_kind: stringEnum(['doublestar', 'regex']).optional(),
  }),
);
export type ProjectMetadataReq = z.infer<typeof ProjectMetadataReqSchema>;

export const CVEAllowlistItemSchema = z.object({ cve_id: z.string() });
export type CVEAllowlistItem = z.infer<typeof CVEAllowlistItemSchema>;

/** System or project CVE allowlist; `expires_at` is seconds since the epoch, absent = never expires. */
export const CVEAllowlistSchema = z.preprocess(
  dropNulls,
  z.object({
    id: IntSchema.optional(),
    project_id: IntSchema.optional(),
    expires_at: IntSchema.optional(),
    items: z.array(CVEAllowlistItemSchema).optional(),
    creation_time: DateTimeSchema.optional(),
    update_time: DateTimeSchema.optional(),
  }),
);
export type CVEAllowlist = z.infer<typeof CVEAllowlistSchema>;

const projectReqFields = {
  project_name: ProjectNameSchema,
  // deprecated flag kept for replication from old Harbors; the handler copies it into metadata.public
  public: z.boolean().optional(),
  metadata: ProjectMetadataReqSchema.optional(),
  cve_allowlist: CVEAllowlistSchema.optional(),
  // bytes; -1 = unlimited; 0 (or absent) = the configured per-project default (quota.Validate rejects other values ≤ 0)
  storage_limit: IntSchema.min(-1, 'storage_limit must be -1 (unlimited) or a positive number of bytes').optional(),
  // proxy-cache projects only; the handler answers 400 for values ≤ 0
  registry_id: IntSchema.refine((n) => n > 0, 'registry_id should be greater than 0').optional(),
};

/** `POST /projects` body. */
export const ProjectReqSchema = z.preprocess(dropNulls, z.object(projectReqFields));
export type ProjectReq = z.infer<typeof ProjectReqSchema>;

/** `PUT /projects/{project_name_or_id}` body: the same model; Harbor ignores the name there. */
export const ProjectUpdateReqSchema = z.preprocess(
  dropNulls,
  z.object({ ...projectReqFields, project_name: z.string().max(PROJECT_NAME_MAX_LENGTH).optional() }),
);
export type ProjectUpdateReq = z.infer<typeof ProjectUpdateReqSchema>;

/** A project as `GET /projects` and `GET /projects/{id}` answer. `repo_count` is always sent. */
export const ProjectSchema = z.object({
  project_id: Int32Schema,
  owner_id: Int32Schema.optional(),
  name: z.string(),
  registry_id: IntSchema.optional(),
  creation_time: DateTimeSchema.optional(),
  update_time: DateTimeSchema.optional(),
  deleted: z.boolean().optional(),
  owner_name: z.string().optional(),
  togglable: z.boolean().optional(),
  current_user_role_id: IntSchema.optional(),
  current_user_role_ids: z.array(Int32Schema).optional(),
  repo_count: IntSchema,
  metadata: ProjectMetadataSchema.optional(),
  cve_allowlist: CVEAllowlistSchema.optional(),
});
export type Project = z.infer<typeof ProjectSchema>;

export const ProjectDeletableSchema = z.object({
  deletable: z.boolean(),
  message: z.string().optional(),
});
export type ProjectDeletable = z.infer<typeof ProjectDeletableSchema>;

export const RegistryCredentialSchema = z.object({
  type: z.string().optional(),
  access_key: z.string().optional(),
  access_secret: z.string().optional(),
});

/** The swagger's `Registry` (replication endpoint); ProjectSummary carries it for proxy-cache projects. */
export const RegistrySchema = z.object({
  id: IntSchema,
  url: z.string().optional(),
  name: z.string().optional(),
  credential: RegistryCredentialSchema.optional(),
  type: z.string().optional(),
  insecure: z.boolean().optional(),
  ca_certificate: z.string().optional(),
  description: z.string().optional(),
  status: z.string().optional(),
  creation_time: DateTimeSchema.optional(),
  update_time: DateTimeSchema.optional(),
});
export type Registry = z.infer<typeof RegistrySchema>;

export const ProjectSummaryQuotaSchema = z.object({
  hard: ResourceListSchema.optional(),
  used: ResourceListSchema.optional(),
});

/** `GET /projects/{id}/summary`; member counts appear only for callers who may list members. */
export const ProjectSummarySchema = z.object({
  repo_count: IntSchema,
  project_admin_count: IntSchema.optional(),
  maintainer_count: IntSchema.optional(),
  developer_count: IntSchema.optional(),
  guest_count: IntSchema.optional(),
  limited_guest_count: IntSchema.optional(),
  quota: ProjectSummaryQuotaSchema.optional(),
  registry: RegistrySchema.optional(),
});
export type ProjectSummary = z.infer<typeof ProjectSummarySchema>;

/** Keys the metadatas API (`/projects/{p}/metadatas`) accepts, as Harbor's handler validates them. */
export const METADATA_API_BOOL_KEYS = ['public', 'enable_content_trust', 'enable_content_trust_cosign', 'prevent_vul', 'auto_scan'] as const;

/**
 * The body of POST/PUT `/projects/{p}/metadatas`: exactly one key/value pair; the flags take any
 * strconv.ParseBool spelling (stored "true"/"false"), `severity` one of SEVERITIES in any case.
 */
export const ProjectMetadataEntrySchema = z
  .record(z.string(), z.string())
  .refine((m) => Object.keys(m).length === 1, 'only allow one key/value pair')
  .transform((m, ctx) => {
    const [key, value] = Object.entries(m)[0]!;
    if ((METADATA_API_BOOL_KEYS as readonly string[]).includes(key)) {
      const flag = parseGoBool(value);
      if (flag === undefined) { ctx.addIssue({ code: 'custom', message: `invalid value: ${value}` }); return z.NEVER; }
      return { key, value: String(flag) };
    }
    if (key === 'severity') {
      const severity = value.toLowerCase();
      if (!(SEVERITIES as readonly string[]).includes(severity)) { ctx.addIssue({ code: 'custom', message: `invalid value: ${value}` }); return z.NEVER; }
      return { key, value: severity };
    }
    ctx.addIssue({ code: 'custom', message: `invalid key: ${key}` });
    return z.NEVER;
  });
export type ProjectMetadataEntry = z.infer<typeof ProjectMetadataEntrySchema>;
