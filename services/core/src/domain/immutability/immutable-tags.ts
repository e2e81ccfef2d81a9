// Immutability as core enforces it: which tags of a repository the project's enabled rules protect, and
// Harbor's 412 when a tag, an artifact carrying one, or a repository holding one is to be deleted, or a
// copy would move a protected tag.
import { immutableDeleteMessage, immutableTags, immutableUpdateMessage, isImmutable, splitRepositoryName } from '@harbor/policy';
import { ApiError } from '../../http/errors.js';
import type { ImmutableRuleRepo } from '../../store/immutable-rule.repo.js';

export class ImmutableTags {
  constructor(private readonly rules: ImmutableRuleRepo) {}

  /** A test of `repository:tag` (full repository name) against the project's rules, read once. */
  async checker(projectId: number): Promise<(repositoryName: string, tag: string) => boolean> {
    const rules = await this.rules.rulesOf(projectId);
    return (repositoryName, tag) => isImmutable(rules, splitRepositoryName(repositoryName).repository, tag);
  }

  /** The protected ones among `tags` of the repository (its full name, `project/…`). */
  async protectedTags(projectId: number, repositoryName: string, tags: readonly string[]): Promise<Set<string>> {
    if (tags.length === 0) return new Set();
    const rules = await this.rules.rulesOf(projectId);
    return new Set(immutableTags(rules, splitRepositoryName(repositoryName).repository, tags));
  }

  /** 412 PRECONDITION naming the first protected tag, as Harbor's tag controller refuses it. */
  async assertDeletable(projectId: number, repositoryName: string, tags: readonly string[]): Promise<void> {
    if (tags.length === 0 || !(await this.rules.anyEnabled(projectId))) return;
    const [first] = await this.protectedTags(projectId, repositoryName, tags);
    if (first !== undefined) throw new ApiError('PRECONDITION', immutableDeleteMessage(first));
  }

  /** Checks one tag of an artifact before it is deleted; a tag the artifact does not carry is not checked. */
  async assertTagDeletable(projectId: number, repositoryName: string, artifactId: number, tag: string): Promise<void> {
    if (!(await this.rules.anyEnabled(projectId))) return;
    if ((await this.rules.tagNames({ artifactId })).includes(tag)) await this.assertDeletable(projectId, repositoryName, [tag]);
  }

  /**
   * Before an artifact is copied with its tags into a repository: a protected tag there that names another
   * artifact cannot be moved (Harbor's tag controller, on Ensure).
   */
  async assertCopyable(projectId: number, repositoryName: string, source: { id: number; digest: string }): Promise<void> {
    if (!(await this.rules.anyEnabled(projectId))) return;
    const existing = await this.rules.tagDigests(repositoryName, await this.rules.tagNames({ artifactId: source.id }));
    const moving = [...existing].filter(([, d]) => d !== source.digest).map(([name]) => name);
    const [first] = await this.protectedTags(projectId, repositoryName, moving);
    if (first !== undefined) throw new ApiError('PRECONDITION', immutableUpdateMessage(first));
  }

  /** Checks the tags of an artifact, or of a whole repository, before they are deleted. */
  async assertTagsDeletable(projectId: number, repositoryName: string, of: { artifactId: number } | { repositoryId: number }): Promise<void> {
    if (!(await this.rules.anyEnabled(projectId))) return;
    await this.assertDeletable(projectId, repositoryName, await this.rules.tagNames(of));
  }
}
