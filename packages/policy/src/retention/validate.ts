// What a tag retention policy must hold to be saved, so that every run can evaluate it: Harbor's `Valid`
// of the policy, its rules and selectors (algorithm "or", the Schedule trigger, a known template with a
// usable parameter, doublestar selectors on tags and repositories), and its conflict check (two equal
// rules). There is deliberately no limit on the number of rules.
import {
  DOUBLESTAR_KIND, REPOSITORY_DECORATIONS, RETENTION_ACTION, RETENTION_ALGORITHM, RETENTION_TRIGGER_KIND, TAG_DECORATIONS,
  type PolicyRule, type PolicySelector, type RetentionPolicy,
} from '@harbor/contracts';
import { patternError } from '../doublestar.js';
import { isRetentionTemplate, templateParameterError } from './templates.js';

function selectorError(what: string, s: PolicySelector, decorations: readonly string[]): string | null {
  if (s.kind !== DOUBLESTAR_KIND) return `${what}: kind must be "${DOUBLESTAR_KIND}", not ${JSON.stringify(s.kind ?? '')}`;
  if (!decorations.includes(s.decoration ?? '')) return `${what}: decoration must be one of ${decorations.join(', ')}, not ${JSON.stringify(s.decoration ?? '')}`;
  if (!s.pattern) return `${what}: a pattern is required`;
  const bad = patternError(s.pattern);
  return bad && `${what}: ${bad}`;
}

/** Why one rule of a project's policy cannot be saved, or null. A missing action reads as "retain". */
export function retentionRuleError(rule: PolicyRule): string | null {
  if (rule.action !== undefined && rule.action !== RETENTION_ACTION) return `action must be "${RETENTION_ACTION}", not ${JSON.stringify(rule.action)}`;
  if (!rule.template) return 'a template is required';
  if (!isRetentionTemplate(rule.template)) return `the rule template ${JSON.stringify(rule.template)} is not supported`;
  const param = templateParameterError(rule.template, rule.params);
  if (param) return param;
  const tags = rule.tag_selectors ?? [];
  if (tags.length === 0) return 'a tag selector is required';
  for (const s of tags) {
    const err = selectorError('tag selector', s, TAG_DECORATIONS);
    if (err) return err;
  }
  const scopes = rule.scope_selectors ?? {};
  for (const key of Object.keys(scopes)) {
    if (key !== 'repository') return `the scope selector ${JSON.stringify(key)} is not supported (only "repository")`;
  }
  const repositories = scopes.repository ?? [];
  if (repositories.length === 0) return 'a repository selector is required (scope_selectors.repository)';
  for (const s of repositories) {
    const err = selectorError('repository selector', s, REPOSITORY_DECORATIONS);
    if (err) return err;
  }
  return null;
}

/**
 * Why a project's policy cannot be saved, or null: the algorithm (absent means "or"), the trigger (absent
 * means no schedule; its kind must be Schedule and its cron, if any, a string) and every rule. The cron's
 * own syntax is the scheduler's check. The scope is the caller's, which knows the projects.
 */
export function retentionPolicyError(policy: RetentionPolicy): string | null {
  if ((policy.algorithm ?? RETENTION_ALGORITHM) !== RETENTION_ALGORITHM) return `the algorithm must be "${RETENTION_ALGORITHM}", not ${JSON.stringify(policy.algorithm)}`;
  const trigger = policy.trigger;
  if (trigger) {
    if ((trigger.kind ?? RETENTION_TRIGGER_KIND) !== RETENTION_TRIGGER_KIND) return `not support Trigger ${trigger.kind}`;
    const cron = trigger.settings?.cron;
    if (cron !== undefined && cron !== null && typeof cron !== 'string') return 'trigger.settings.cron must be a string';
  }
  for (const [i, rule] of (policy.rules ?? []).entries()) {
    const err = retentionRuleError(rule);
    if (err) return `rule ${i}: ${err}`;
  }
  return null;
}

/** A rule's content without its id, keys in a fixed order: two rules conflict when these are equal. */
function canonical(rule: PolicyRule): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
    return v;
  };
  const { id: _id, ...rest } = rule;
  return JSON.stringify(sortKeys({ priority: 0, disabled: false, action: RETENTION_ACTION, params: {}, ...rest }));
}

/** Harbor's conflict check (409): "rule j is conflict with rule i" when two rules are the same. */
export function retentionRuleConflict(rules: readonly PolicyRule[]): string | null {
  const seen = new Map<string, number>();
  for (const [n, rule] of rules.entries()) {
    const key = canonical(rule);
    const old = seen.get(key);
    if (old !== undefined) return `rule ${n} is conflict with rule ${old}`;
    seen.set(key, n);
  }
  return null;
}
