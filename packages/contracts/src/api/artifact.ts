// Repositories, artifacts, tags, labels and accessories in Harbor's API v2.0, as
// `GET /projects/{p}/repositories[/{r}/artifacts[/{ref}]]` answer them, plus `NewTag` (POST …/tags).
import { z } from 'zod';
import { isValidTag } from '../reference.js';
import { DateTimeSchema, IntSchema, dropNulls } from './common.js';

/** A repository; `artifact_count` and `pull_count` are always sent. */
export const RepositorySchema = z.object({
  id: IntSchema,
  project_id: IntSchema,
  name: z.string(),
  description: z.string().optional(),
  artifact_count: IntSchema,
  pull_count: IntSchema,
  creation_time: DateTimeSchema.optional(),
  update_time: DateTimeSchema.optional(),
});
export type Repository = z.infer<typeof RepositorySchema>;

/**
 * `PUT …/repositories/{repository_name}`: the swagger takes a whole `Repository`, Harbor reads only
 * `description` (absent clears it). Other fields are type-checked (go-swagger's 422) and ignored.
 */
export const RepositoryReqSchema = z.preprocess(
  dropNulls,
  z.object({
    id: IntSchema.optional(),
    project_id: IntSchema.optional(),
    name: z.string().optional(),
    description: z.string().optional(),
    artifact_count: IntSchema.optional(),
    pull_count: IntSchema.optional(),
    creation_time: z.string().optional(),
    update_time: z.string().optional(),
  }),
);
export type RepositoryReq = z.infer<typeof RepositoryReqSchema>;

/** A tag; `immutable` is always sent. */
export const TagSchema = z.object({
  id: IntSchema,
  repository_id: IntSchema,
  artifact_id: IntSchema,
  name: z.string(),
  push_time: DateTimeSchema.optional(),
  pull_time: DateTimeSchema.optional(),
  immutable: z.boolean(),
});
export type Tag = z.infer<typeof TagSchema>;

/** `POST …/artifacts/{reference}/tags`: the name must be a valid OCI tag. */
export const NewTagSchema = z.object({
  name: z.string().refine(isValidTag, 'invalid tag name'),
});
export type NewTag = z.infer<typeof NewTagSchema>;

/** A label: scope `g` (global, project_id 0) or `p` (project). */
export const LabelSchema = z.object({
  id: IntSchema,
  name: z.string(),
  description: z.string().optional(),
  color: z.string().optional(),
  scope: z.enum(['g', 'p']),
  project_id: IntSchema.optional(),
  creation_time: DateTimeSchema.optional(),
  update_time: DateTimeSchema.optional(),
});
export type Label = z.infer<typeof LabelSchema>;

/**
 * Platform of an index child. The swagger spells two keys `'os.version'` / `'os.features'` with the
 * quotes inside the name (a YAML quoting slip); we use the OCI spelling without them.
 */
export const ArtifactPlatformSchema = z.object({
  architecture: z.string().optional(),
  os: z.string().optional(),
  'os.version': z.string().optional(),
  'os.features': z.array(z.string()).optional(),
  variant: z.string().optional(),
});

export const AnnotationsSchema = z.record(z.string(), z.string());

/** A child of an index artifact. */
export const ArtifactReferenceSchema = z.object({
  parent_id: IntSchema,
  child_id: IntSchema,
  child_digest: z.string(),
  platform: ArtifactPlatformSchema.optional(),
  annotations: AnnotationsSchema.optional(),
  urls: z.array(z.string()).optional(),
});
export type ArtifactReference = z.infer<typeof ArtifactReferenceSchema>;

export const AdditionLinkSchema = z.object({ href: z.string(), absolute: z.boolean() });
/** e.g. `build_history`, `vulnerabilities`, `values.yaml`, `readme.md`, `dependencies`. */
export const AdditionLinksSchema = z.record(z.string(), AdditionLinkSchema);

/** A signature, SBOM or other accessory attached to an artifact (subject). */
export const AccessorySchema = z.object({
  id: IntSchema,
  artifact_id: IntSchema,
  subject_artifact_id: IntSchema.optional(),
  subject_artifact_digest: z.string(),
  subject_artifact_repo: z.string(),
  size: IntSchema,
  digest: z.string(),
  type: z.string(),
  icon: z.string(),
  creation_time: DateTimeSchema.optional(),
});
export type Accessory = z.infer<typeof AccessorySchema>;

export const ScannerSchema = z.object({
  name: z.string().optional(),
  vendor: z.string().optional(),
  version: z.string().optional(),
});

/** Vulnerability counts; the three fields are always sent. */
export const VulnerabilitySummarySchema = z.object({
  total: IntSchema,
  fixable: IntSchema,
  summary: z.record(z.string(), IntSchema),
});

export const NativeReportSummarySchema = z.object({
  report_id: z.string().optional(),
  scan_status: z.string().optional(),
  severity: z.string().optional(),
  duration: IntSchema.optional(),
  summary: VulnerabilitySummarySchema.optional(),
  start_time: DateTimeSchema.optional(),
  end_time: DateTimeSchema.optional(),
  complete_percent: IntSchema.optional(),
  scanner: ScannerSchema.optional(),
});

/** Keyed by report MIME type, e.g. `application/vnd.security.vulnerability.report; version=1.1`. */
export const ScanOverviewSchema = z.record(z.string(), NativeReportSummarySchema);

export const SBOMOverviewSchema = z.object({
  start_time: DateTimeSchema.optional(),
  end_time: DateTimeSchema.optional(),
  scan_status: z.string().optional(),
  sbom_digest: z.string().optional(),
  report_id: z.string().optional(),
  duration: IntSchema.optional(),
  scanner: ScannerSchema.optional(),
});

/**
 * An artifact. `extra_attrs` is typed as an object of objects in the swagger, but Harbor puts strings
 * (architecture, os, author, created) and objects (config) in it, so values are left open.
 */
export const ArtifactSchema = z.object({
  id: IntSchema,
  type: z.string(),
  media_type: z.string(),
  manifest_media_type: z.string(),
  artifact_type: z.string().optional(),
  project_id: IntSchema,
  repository_id: IntSchema,
  repository_name: z.string().optional(),
  digest: z.string(),
  size: IntSchema,
  icon: z.string().optional(),
  push_time: DateTimeSchema.optional(),
  pull_time: DateTimeSchema.optional(),
  extra_attrs: z.record(z.string(), z.unknown()).optional(),
  annotations: AnnotationsSchema.optional(),
  references: z.array(ArtifactReferenceSchema).optional(),
  tags: z.array(TagSchema).optional(),
  addition_links: AdditionLinksSchema.optional(),
  labels: z.array(LabelSchema).optional(),
  scan_overview: ScanOverviewSchema.optional(),
  sbom_overview: SBOMOverviewSchema.optional(),
  accessories: z.array(AccessorySchema).optional(),
  inherited_accessories: z.array(AccessorySchema).optional(),
});
export type Artifact = z.infer<typeof ArtifactSchema>;
