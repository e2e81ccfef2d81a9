// Harbor's doublestar selectors (src/lib/selector/selectors/doublestar): which candidates a tag,
// repository or project selector keeps. A tag selector looks at all of a candidate's tags — `matches`
// keeps it when any tag matches, `excludes` when any tag does not — and decides untagged candidates by
// its `untagged` flag (`extras`: `{"untagged": true|false}`): `matches` keeps them when it is set,
// `excludes` drops them when it is set. Unset, both keep them (the flag defaults to true for `matches`,
// false for `excludes`). Repository selectors see the repository name without its
// project (`library/a/b` → `a/b`), project selectors the project name.
import { DOUBLESTAR_KIND, type PolicySelector } from '@harbor/contracts';
import { doublestarMatch } from './doublestar.js';

/** What a selector looks at: the repository (inside its project), the project, and the tags. */
export interface SelectorCandidate {
  repository: string;
  namespace?: string;
  tags: readonly string[];
}

/** A rule Harbor cannot evaluate: an unknown selector kind, template or algorithm, or a missing parameter. */
export class PolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyError';
  }
}

/**
 * The `untagged` flag of a tag selector: from `extras` when it is a JSON object (a missing key reads as
 * false, as Go decodes it), otherwise true for `matches` and false for `excludes`.
 */
export function untaggedFlag(selector: PolicySelector, extras = selector.extras): boolean {
  let untagged = selector.decoration !== 'excludes';
  if (extras) {
    try {
      const parsed: unknown = JSON.parse(extras);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
        untagged = (parsed as { untagged?: unknown }).untagged === true;
      }
    } catch {
      // Harbor keeps the default when extras do not parse
    }
  }
  return untagged;
}

/**
 * Whether the selector keeps the candidate. `extras` overrides the selector's own (Harbor fixes
 * `{"untagged": false}` for immutability rules). An unknown decoration keeps nothing, as in Harbor.
 */
export function selects(selector: PolicySelector, candidate: SelectorCandidate, extras?: string): boolean {
  if ((selector.kind ?? '') !== DOUBLESTAR_KIND) throw new PolicyError(`selector kind ${JSON.stringify(selector.kind ?? '')} is not supported`);
  const pattern = selector.pattern ?? '';
  const match = (value: string) => doublestarMatch(pattern, value);
  switch (selector.decoration) {
    case 'matches':
      return candidate.tags.length > 0 ? candidate.tags.some(match) : untaggedFlag(selector, extras ?? selector.extras);
    case 'excludes':
      return candidate.tags.length > 0 ? candidate.tags.some((t) => !match(t)) : !untaggedFlag(selector, extras ?? selector.extras);
    case 'repoMatches':
      return candidate.repository !== '' && match(candidate.repository);
    case 'repoExcludes':
      return candidate.repository !== '' && !match(candidate.repository);
    case 'nsMatches':
      return !!candidate.namespace && match(candidate.namespace);
    case 'nsExcludes':
      return !!candidate.namespace && !match(candidate.namespace);
    default:
      return false;
  }
}

/** Harbor's ParseRepository: `project/rest` → project and the repository inside it. */
export function splitRepositoryName(fullName: string): { project: string; repository: string } {
  const slash = fullName.indexOf('/');
  return slash < 0 ? { project: '', repository: fullName } : { project: fullName.slice(0, slash), repository: fullName.slice(slash + 1) };
}
