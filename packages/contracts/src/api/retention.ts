// Harbor's tag retention API models (`/retentions`): a project's policy — rules (the shape shared with
// immutability, policy-rule.ts), its schedule trigger and scope — what the console may offer
// (`RetentionMetadata`), and the runs (`RetentionExecution`) with their tasks. As with the rules, only
// JSON types are checked here; values (templates, selectors, scope, cron) are the handler's checks (400).
import { z } from 'zod';
import { IntSchema, dropNulls } from './common.js';
import { RetentionRuleSchema, type PolicyRule } from './policy-rule.js';

/** The only algorithm, scope level and trigger kind Harbor knows. */
export const RETENTION_ALGORITHM = 'or';
export const RETENTION_SCOPE_LEVEL = 'project';
export const RETENTION_TRIGGER_KIND = 'Schedule';

/** swagger `RetentionRuleTrigger`: `{kind: "Schedule", settings: {cron: "0 0 0 * * *"}}`; an empty cron means no schedule. */
export const RetentionRuleTriggerSchema = z.preprocess(dropNulls, z.object({
  kind: z.string().optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
  references: z.record(z.string(), z.unknown()).optional(),
}));
export type RetentionRuleTrigger = z.infer<typeof RetentionRuleTriggerSchema>;

/** swagger `RetentionPolicyScope`: level `project` and the project's id. */
export const RetentionPolicyScopeSchema = z.preprocess(dropNulls, z.object({
  level: z.string().optional(),
  ref: IntSchema.optional(),
}));
export type RetentionPolicyScope = z.infer<typeof RetentionPolicyScopeSchema>;

/** swagger `RetentionPolicy`: the body of POST/PUT `/retentions[/{id}]` and the answer of GET. */
export const RetentionPolicySchema = z.preprocess(dropNulls, z.object({
  id: IntSchema.optional(),
  algorithm: z.string().optional(),
  rules: z.array(RetentionRuleSchema).optional(),
  trigger: RetentionRuleTriggerSchema.optional(),
  scope: RetentionPolicyScopeSchema.optional(),
}));
export interface RetentionPolicy {
  id?: number;
  algorithm?: string;
  rules?: PolicyRule[];
  trigger?: RetentionRuleTrigger;
  scope?: RetentionPolicyScope;
}

/** swagger `RetentionRuleParamMetadata`. */
export const RetentionRuleParamMetadataSchema = z.object({
  type: z.string().optional(),
  unit: z.string().optional(),
  required: z.boolean().optional(),
});

/** swagger `RetentionRuleMetadata`: a template the console offers. */
export const RetentionRuleMetadataSchema = z.object({
  rule_template: z.string().optional(),
  display_text: z.string().optional(),
  action: z.string().optional(),
  params: z.array(RetentionRuleParamMetadataSchema).optional(),
});

/** swagger `RetentionSelectorMetadata`: a selector kind and its decorations. */
export const RetentionSelectorMetadataSchema = z.object({
  display_text: z.string().optional(),
  kind: z.string().optional(),
  decorations: z.array(z.string()).optional(),
});

/** swagger `RetentionMetadata`: the answer of GET `/retentions/metadatas`. */
export const RetentionMetadataSchema = z.object({
  templates: z.array(RetentionRuleMetadataSchema).optional(),
  scope_selectors: z.array(RetentionSelectorMetadataSchema).optional(),
  tag_selectors: z.array(RetentionSelectorMetadataSchema).optional(),
});
export type RetentionMetadata = z.infer<typeof RetentionMetadataSchema>;

/** swagger `RetentionExecution`: one run of a policy. Times are RFC 3339 strings; end_time only once finished. */
export const RetentionExecutionSchema = z.object({
  id: IntSchema,
  policy_id: IntSchema,
  start_time: z.string().optional(),
  end_time: z.string().optional(),
  status: z.string(),
  /** MANUAL or SCHEDULE. */
  trigger: z.string(),
  dry_run: z.boolean(),
});
export type RetentionExecution = z.infer<typeof RetentionExecutionSchema>;

/** swagger `RetentionExecutionTask`: what one task of a run did — artifacts looked at and retained. */
export const RetentionExecutionTaskSchema = z.object({
  id: IntSchema,
  execution_id: IntSchema,
  repository: z.string().optional(),
  job_id: z.string().optional(),
  status: z.string(),
  /** Harbor's job status code: 0 pending, 2 running, 3 finished. */
  status_code: IntSchema,
  status_revision: IntSchema.optional(),
  start_time: z.string().optional(),
  end_time: z.string().optional(),
  total: IntSchema,
  retained: IntSchema,
});
export type RetentionExecutionTask = z.infer<typeof RetentionExecutionTaskSchema>;

/** The body of POST `/retentions/{id}/executions`: a dry run deletes nothing. */
export const RetentionExecutionReqSchema = z.preprocess(dropNulls, z.object({ dry_run: z.boolean().optional() }));

/** The body of PATCH `/retentions/{id}/executions/{eid}`: only `stop` exists. */
export const RetentionExecutionActionSchema = z.preprocess(dropNulls, z.object({ action: z.string().optional() }));
