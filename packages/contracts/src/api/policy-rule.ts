// The rule shape Harbor shares between tag retention and tag immutability (swagger `RetentionRule` /
// `ImmutableRule`): a template with its parameters, doublestar selectors on tags and, per scope, on
// repositories (or projects). Only JSON types are checked here (a wrong type is go-swagger's 422); the
// values — which kinds, decorations and templates a rule may use — are the handlers' checks (400).
import { z } from 'zod';
import { IntSchema, dropNulls } from './common.js';

/** Decorations of a doublestar selector on tags, on repositories and on projects (namespaces). */
export const TAG_DECORATIONS = ['matches', 'excludes'] as const;
export const REPOSITORY_DECORATIONS = ['repoMatches', 'repoExcludes'] as const;
export const NAMESPACE_DECORATIONS = ['nsMatches', 'nsExcludes'] as const;
export type TagDecoration = (typeof TAG_DECORATIONS)[number];
export type RepositoryDecoration = (typeof REPOSITORY_DECORATIONS)[number];

/** The only selector kind Harbor's console offers (`label` selectors are not supported here). */
export const DOUBLESTAR_KIND = 'doublestar';

/** Tag immutability: the one action and template a rule carries. */
export const IMMUTABLE_ACTION = 'immutable';
export const IMMUTABLE_TEMPLATE = 'immutable_template';

/** A selector; `extras` is a JSON string, e.g. `{"untagged":true}` on a retention rule's tag selector. */
function selectorSchema() {
  return z.preprocess(dropNulls, z.object({
    kind: z.string().optional(),
    decoration: z.string().optional(),
    pattern: z.string().optional(),
    extras: z.string().optional(),
  }));
}

/** A rule built on the given selector schema (each swagger definition gets its own component). */
function ruleSchema(selector: z.ZodType<PolicySelector>) {
  return z.preprocess(dropNulls, z.object({
    id: IntSchema.optional(),
    priority: IntSchema.optional(),
    disabled: z.boolean().optional(),
    action: z.string().optional(),
    template: z.string().optional(),
    params: z.record(z.string(), z.unknown()).optional(),
    tag_selectors: z.array(selector).optional(),
    scope_selectors: z.record(z.string(), z.array(selector)).optional(),
  }));
}

export interface PolicySelector {
  kind?: string;
  decoration?: string;
  pattern?: string;
  extras?: string;
}

export interface PolicyRule {
  id?: number;
  priority?: number;
  disabled?: boolean;
  action?: string;
  template?: string;
  /** Template parameters by name, e.g. `{"latestPushedK": 10}`. */
  params?: Record<string, unknown>;
  tag_selectors?: PolicySelector[];
  /** Scope name (`repository`, or `project` for system-wide retention) → its selectors. */
  scope_selectors?: Record<string, PolicySelector[]>;
}

export const PolicySelectorSchema: z.ZodType<PolicySelector> = selectorSchema();
export const PolicyRuleSchema: z.ZodType<PolicyRule> = ruleSchema(PolicySelectorSchema);

/** swagger `ImmutableSelector` and `ImmutableRule`: the body and the answer of /immutabletagrules. */
export const ImmutableSelectorSchema: z.ZodType<PolicySelector> = selectorSchema();
export const ImmutableRuleSchema: z.ZodType<PolicyRule> = ruleSchema(ImmutableSelectorSchema);
export type ImmutableRule = PolicyRule;

/** swagger `RetentionSelector` and `RetentionRule`: the rules of a tag retention policy. */
export const RetentionSelectorSchema: z.ZodType<PolicySelector> = selectorSchema();
export const RetentionRuleSchema: z.ZodType<PolicyRule> = ruleSchema(RetentionSelectorSchema);
export type RetentionRule = PolicyRule;

/** Tag retention: the one action a rule carries. */
export const RETENTION_ACTION = 'retain';
