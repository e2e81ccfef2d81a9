// Tag retention as Harbor runs it (launcher, builder and the "or" processor of src/pkg/retention): every
// enabled rule picks repositories with all its scope selectors; in each repository some rule picked,
// each such rule lets candidates through all its tag selectors and keeps what its template keeps. A
// candidate any rule keeps is retained; every other candidate of that repository is deleted — unless an
// immutability rule protects it. Repositories no rule picked are left alone. A rule without tag
// selectors keeps nothing and deletes nothing, as in Harbor. There is no limit on the number of rules.
import type { PolicyRule } from '@harbor/contracts';
import { matchesImmutableRules } from '../immutable.js';
import { PolicyError, selects } from '../selectors.js';
import { applyTemplate, isRetentionTemplate, type TimedCandidate } from './templates.js';

/** One artifact: its repository inside the project, its project (system-wide policies), tags and times. */
export interface RetentionCandidate extends TimedCandidate {
  repository: string;
  namespace?: string;
  digest: string;
  tags: readonly string[];
}

export interface RetentionPolicyInput {
  /** Only "or" exists (the default). */
  algorithm?: string;
  rules: readonly PolicyRule[];
  /** `system` applies the rules' `project` scope selectors to each candidate's namespace. */
  scope?: { level?: string };
}

export interface RetentionOutcome<T> {
  /** Kept: some rule retains it, or no rule covers its repository. */
  retained: T[];
  /** To delete: in a covered repository, retained by no rule. */
  deleted: T[];
  /** Would be deleted, but an immutability rule protects it (Harbor logs these as errors). */
  immutable: T[];
  /** The repositories some enabled rule covers (`namespace/repository` for system-wide policies): one task each. */
  repositories: string[];
}

export interface RetentionOptions {
  /** The project's immutability rules: candidates they protect are never deleted. */
  immutableRules?: readonly PolicyRule[];
}

const repositoryKey = (c: { repository: string; namespace?: string }, system: boolean) =>
  system ? `${c.namespace ?? ''}/${c.repository}` : c.repository;

/**
 * Splits the candidates into retained, deleted and immutable. `now` is the evaluation time. Throws
 * PolicyError for what Harbor cannot run: an algorithm other than "or", an unknown template or selector
 * kind, a missing template parameter or a malformed pattern in an enabled rule.
 */
export function evaluateRetention<T extends RetentionCandidate>(
  policy: RetentionPolicyInput, candidates: readonly T[], now: Date | number, options: RetentionOptions = {},
): RetentionOutcome<T> {
  if ((policy.algorithm ?? 'or') !== 'or') throw new PolicyError(`unknown retention algorithm ${JSON.stringify(policy.algorithm)}`);
  const nowMs = typeof now === 'number' ? now : now.getTime();
  const system = policy.scope?.level === 'system';
  const byRepository = new Map<string, T[]>();
  for (const c of candidates) {
    const key = repositoryKey(c, system);
    const list = byRepository.get(key);
    if (list) list.push(c);
    else byRepository.set(key, [c]);
  }

  // the rules covering each repository, in policy order
  const rulesOf = new Map<string, PolicyRule[]>();
  for (const rule of policy.rules) {
    if (rule.disabled) continue;
    if (!isRetentionTemplate(rule.template)) throw new PolicyError(`rule evaluator ${JSON.stringify(rule.template ?? '')} is not registered`);
    for (const [key, members] of byRepository) {
      const repo = { repository: members[0].repository, namespace: members[0].namespace, tags: [] };
      const projectSelectors = system ? rule.scope_selectors?.project ?? [] : [];
      const covered = [...projectSelectors, ...(rule.scope_selectors?.repository ?? [])].every((s) => selects(s, repo));
      if (covered) rulesOf.set(key, [...(rulesOf.get(key) ?? []), rule]);
    }
  }

  const kept = new Set<T>();
  const doomed = new Set<T>();
  for (const [key, rules] of rulesOf) {
    const members = byRepository.get(key)!;
    let evaluated = false;
    for (const rule of rules) {
      const selectors = rule.tag_selectors ?? [];
      if (selectors.length === 0) continue;
      evaluated = true;
      const through = members.filter((c) => selectors.every((s) => selects(s, c)));
      for (const c of applyTemplate(rule.template as Parameters<typeof applyTemplate>[0], rule.params, through, nowMs)) kept.add(c);
    }
    if (evaluated) for (const c of members) if (!kept.has(c)) doomed.add(c);
  }

  const outcome: RetentionOutcome<T> = { retained: [], deleted: [], immutable: [], repositories: [...rulesOf.keys()] };
  const protectedBy = options.immutableRules ?? [];
  for (const c of candidates) {
    if (!doomed.has(c)) outcome.retained.push(c);
    else if (protectedBy.length && matchesImmutableRules(protectedBy, c)) outcome.immutable.push(c);
    else outcome.deleted.push(c);
  }
  return outcome;
}
