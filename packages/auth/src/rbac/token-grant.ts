// The token service's decision (goharbor/harbor src/core/service/token/creator.go): which actions a
// registry token grants for each requested scope. Harbor does not intersect with what was asked: a
// repository scope gets everything the caller holds on the project's repository resource.
import { isValidRepositoryName } from '@harbor/contracts';
import type { Access } from '../scope.js';
import type { Evaluator } from './evaluator.js';

/** The repository actions a token can carry, in the order they are granted. */
export const TOKEN_REPOSITORY_ACTIONS = ['pull', 'push', 'delete', 'scanner-pull'] as const;

/**
 * Every token action the caller holds on the project's repository resource. Holding pull, push and
 * delete also adds `*`, as Harbor does (notary needed it; distribution reads `*` as any action).
 */
export function grantRepositoryActions(evaluator: Pick<Evaluator, 'can'>): string[] {
  const held: string[] = TOKEN_REPOSITORY_ACTIONS.filter((action) => evaluator.can('repository', action));
  if (['pull', 'push', 'delete'].every((action) => held.includes(action))) held.push('*');
  return held;
}

/** `registry:catalog:<actions>`: kept as requested for a system admin, emptied for anyone else. */
export function grantCatalog(sysAdmin: boolean, requested: readonly string[] = ['*']): string[] {
  return sysAdmin ? [...requested] : [];
}

/**
 * The project a repository name belongs to: its first path segment. Null when the name has no `/`
 * (Harbor fails to parse such a name and grants nothing for it).
 */
export function projectOfRepository(name: string): string | null {
  const slash = name.indexOf('/');
  return slash > 0 ? name.slice(0, slash) : null;
}

/**
 * The distinct projects named by repository scopes, so a caller can load them before resolveAccess.
 * Names outside the distribution grammar (`..`, upper case, `%`, NUL, …) name no project: nothing is
 * looked up for them and nothing is granted.
 */
export function requestedProjects(requested: readonly Access[]): string[] {
  const names = new Set<string>();
  for (const entry of requested) {
    if (entry.type !== 'repository' || entry.class !== undefined || !isValidRepositoryName(entry.name)) continue;
    const project = projectOfRepository(entry.name);
    if (project !== null) names.add(project);
  }
  return [...names];
}

/**
 * Resolves requested scopes to granted ones, one output entry per input entry, input untouched:
 * - `repository:<project>/<path>`: the caller's full action set on that project, or [] when the
 *   project is unknown (`lookup` returns null), the name has no project segment, or the name is not
 *   one the registry could serve (a token never names more than the registry can hold);
 * - `registry:catalog`: the requested actions for a system admin, else [];
 * - anything else (other types, resource classes such as `repository(plugin)`): [].
 * `lookup` is asked once per project.
 */
export function resolveAccess(
  requested: readonly Access[],
  lookup: (projectName: string) => Evaluator | null,
  caller: { sysAdmin: boolean } = { sysAdmin: false },
): Access[] {
  const evaluators = new Map<string, Evaluator | null>();
  const evaluatorFor = (project: string): Evaluator | null => {
    if (!evaluators.has(project)) evaluators.set(project, lookup(project));
    return evaluators.get(project) ?? null;
  };
  return requested.map((entry) => {
    const granted: Access = { ...entry, actions: [] };
    if (entry.class !== undefined) return granted;
    if (entry.type === 'repository') {
      const project = isValidRepositoryName(entry.name) ? projectOfRepository(entry.name) : null;
      const evaluator = project === null ? null : evaluatorFor(project);
      if (evaluator) granted.actions = grantRepositoryActions(evaluator);
    } else if (entry.type === 'registry' && entry.name === 'catalog') {
      granted.actions = grantCatalog(caller.sysAdmin, entry.actions);
    }
    return granted;
  });
}
