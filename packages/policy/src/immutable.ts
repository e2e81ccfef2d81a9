// Tag immutability (Harbor's src/pkg/immutable/match/rule): a tag is immutable when an enabled rule of
// its project selects it — the rule's first repository selector keeps the repository (named without its
// project) and its first tag selector keeps the tag, untagged candidates never kept. Further selectors
// of a rule are ignored, as in Harbor. What a refused request says, and what a rule must hold to be
// saved, live here too so core and the registry agree.
import {
  DOUBLESTAR_KIND, IMMUTABLE_ACTION, IMMUTABLE_TEMPLATE, REPOSITORY_DECORATIONS, TAG_DECORATIONS, type PolicyRule, type PolicySelector,
} from '@harbor/contracts';
import { patternError } from './doublestar.js';
import { selects, type SelectorCandidate } from './selectors.js';

/** Harbor evaluates immutability rules with this tag-selector extra: untagged artifacts are never immutable. */
const IMMUTABLE_EXTRAS = '{"untagged": false}';

/**
 * Whether this one rule makes the candidate immutable. A rule Harbor could not evaluate (unknown kind,
 * malformed pattern) selects nothing.
 */
export function immutableRuleSelects(rule: PolicyRule, candidate: SelectorCandidate): boolean {
  if (rule.disabled) return false;
  const repositorySelector = rule.scope_selectors?.repository?.[0];
  const tagSelector = rule.tag_selectors?.[0];
  if (!repositorySelector || !tagSelector) return false;
  try {
    return selects(repositorySelector, candidate) && selects(tagSelector, candidate, IMMUTABLE_EXTRAS);
  } catch {
    return false;
  }
}

/** Whether any enabled rule selects the candidate (an artifact with all its tags, as retention asks). */
export function matchesImmutableRules(rules: readonly PolicyRule[], candidate: SelectorCandidate): boolean {
  return rules.some((rule) => immutableRuleSelects(rule, candidate));
}

/** Whether `repository:tag` is immutable; `repository` is the name inside the project (`a/b`, not `library/a/b`). */
export function isImmutable(rules: readonly PolicyRule[], repository: string, tag: string): boolean {
  return matchesImmutableRules(rules, { repository, tags: [tag] });
}

/** The immutable ones among a repository's tags, in the order given. */
export function immutableTags(rules: readonly PolicyRule[], repository: string, tags: readonly string[]): string[] {
  if (!rules.some((r) => !r.disabled)) return [];
  return tags.filter((tag) => isImmutable(rules, repository, tag));
}

/** Harbor's refusal of a push over an immutable tag (412 PRECONDITION); `repository` without its project. */
export function immutablePushMessage(repository: string, tag: string): string {
  return `Failed to process request due to '${repository}:${tag}' configured as immutable.`;
}

/** Harbor's refusal to delete an immutable tag, or an artifact carrying one (412 PRECONDITION). */
export function immutableDeleteMessage(tag: string): string {
  return `the tag ${tag} configured as immutable, cannot be deleted`;
}

/** Harbor's refusal to move an immutable tag to another artifact (a copy), 412 PRECONDITION. */
export function immutableUpdateMessage(tag: string): string {
  return `the tag ${tag} configured as immutable, cannot be updated`;
}

function selectorError(what: string, s: PolicySelector, decorations: readonly string[]): string | null {
  if (s.kind !== DOUBLESTAR_KIND) return `${what}: kind must be "${DOUBLESTAR_KIND}", not ${JSON.stringify(s.kind ?? '')}`;
  if (!decorations.includes(s.decoration ?? '')) return `${what}: decoration must be one of ${decorations.join(', ')}, not ${JSON.stringify(s.decoration ?? '')}`;
  if (!s.pattern) return `${what}: a pattern is required`;
  return patternError(s.pattern) && `${what}: ${patternError(s.pattern)}`;
}

/**
 * Why an immutability rule cannot be saved, or null. Harbor's console always sends one repository and
 * one tag selector of kind doublestar; action and template, when given, must be the immutability ones.
 */
export function immutableRuleError(rule: PolicyRule): string | null {
  if (rule.action !== undefined && rule.action !== IMMUTABLE_ACTION) return `action must be "${IMMUTABLE_ACTION}"`;
  if (rule.template !== undefined && rule.template !== IMMUTABLE_TEMPLATE) return `template must be "${IMMUTABLE_TEMPLATE}"`;
  const tags = rule.tag_selectors ?? [];
  const repositories = rule.scope_selectors?.repository ?? [];
  if (tags.length === 0) return 'a tag selector is required';
  if (repositories.length === 0) return 'a repository selector is required (scope_selectors.repository)';
  for (const s of tags) {
    const err = selectorError('tag selector', s, TAG_DECORATIONS);
    if (err) return err;
  }
  for (const s of repositories) {
    const err = selectorError('repository selector', s, REPOSITORY_DECORATIONS);
    if (err) return err;
  }
  return null;
}
