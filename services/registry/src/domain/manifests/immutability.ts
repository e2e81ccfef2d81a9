// Tag immutability on /v2 (Harbor's src/server/middleware/immutable and its tag controller): a manifest
// PUT by tag is refused when the tag already exists in the repository and an enabled rule of the project
// makes it immutable — whatever the digest, the same manifest included, as Harbor does; a first push of a
// tag always passes. Deleting an immutable tag, or a manifest carrying one, is refused too. Both answer
// 412 PRECONDITION with Harbor's message. Projects without enabled rules cost one cached lookup.
import { immutableDeleteMessage, immutablePushMessage, immutableTags, isImmutable, splitRepositoryName } from '@harbor/policy';
import { RegistryError } from '../../http/errors.js';
import type { ImmutableRuleStore } from '../../store/immutable-rules.repo.js';
import { projectNameOf } from '../../store/repository.repo.js';

const refused = (message: string) => new RegistryError('PRECONDITION', undefined, {}, message);

export class ImmutabilityGuard {
  constructor(private readonly store: ImmutableRuleStore) {}

  /** Before a manifest is stored under `tag`. */
  async checkPush(repository: string, tag: string): Promise<void> {
    const rules = await this.store.enabledRules(projectNameOf(repository));
    if (rules.length === 0) return;
    const inProject = splitRepositoryName(repository).repository;
    if (!isImmutable(rules, inProject, tag)) return;
    if (await this.store.tagExists(repository, tag)) throw refused(immutablePushMessage(inProject, tag));
  }

  /** Before a tag, or the manifest with that digest and all its tags, is deleted. */
  async checkDelete(repository: string, ref: { tag: string } | { digest: string }): Promise<void> {
    const rules = await this.store.enabledRules(projectNameOf(repository));
    if (rules.length === 0) return;
    const inProject = splitRepositoryName(repository).repository;
    if ('tag' in ref) {
      // a tag that is not there is the delete's own 404
      if (isImmutable(rules, inProject, ref.tag) && (await this.store.tagExists(repository, ref.tag))) throw refused(immutableDeleteMessage(ref.tag));
      return;
    }
    const [first] = immutableTags(rules, inProject, await this.store.tagsOf(repository, ref.digest));
    if (first !== undefined) throw refused(immutableDeleteMessage(first));
  }
}
