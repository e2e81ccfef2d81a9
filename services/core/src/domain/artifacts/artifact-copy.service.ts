// Copying an artifact between repositories (POST …/artifacts?from=): the caller needs to create
// artifacts in the destination project and to read them in the source one. Accessories cannot be
// copied on their own; everything else is Harbor's copyDeeply (see the store module).
import { isValidRepositoryName, isValidTag, parseDigest } from '@harbor/contracts';
import { isStorableText } from '@harbor/db';
import { ApiError } from '../../http/errors.js';
import type { ArtifactCopyRepo } from '../../store/artifact-copy.repo.js';
import type { ArtifactRecord, ArtifactRepo } from '../../store/artifact.repo.js';
import type { ProjectRecord } from '../../store/project.repo.js';
import type { Principal } from '../identity/authenticator.js';
import type { ImmutableTags } from '../immutability/immutable-tags.js';
import type { ArtifactLocator, RepositoryPath } from './locator.js';

export interface CopySource {
  project: string;
  /** Repository name without the project. */
  repository: string;
  /** A tag or a digest. */
  reference: string;
}

/**
 * `project/repository:tag` or `project/repository@digest` (a digest wins over a tag given with it), as
 * Harbor parses `from` with distribution's reference grammar; anything else is a 400.
 */
export function parseCopySource(from: string): CopySource {
  const bad = () => new ApiError('BAD_REQUEST', `invalid input: ${from}`);
  let rest = from;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!parseDigest(digest)) throw bad();
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!isValidTag(tag)) throw bad();
  }
  const slash = rest.indexOf('/');
  if (!isValidRepositoryName(rest) || slash < 0 || (digest ?? tag) === undefined) throw bad();
  return { project: rest.slice(0, slash), repository: rest.slice(slash + 1), reference: (digest ?? tag)! };
}

export class ArtifactCopyService {
  constructor(
    private readonly locator: ArtifactLocator,
    private readonly artifacts: ArtifactRepo,
    private readonly copier: ArtifactCopyRepo,
    private readonly immutable?: ImmutableTags,
  ) {}

  /** Copies the artifact named by `from` into the repository at `dst`; returns the destination and the source. */
  async copy(principal: Principal, dst: RepositoryPath, from: string): Promise<{ project: ProjectRecord; repository: string; source: ArtifactRecord; reference: string }> {
    const project = await this.locator.project(principal, dst, 'artifact', 'create');
    const src = parseCopySource(from);
    const srcProject = await this.locator.project(principal, { project: src.project, projectIsName: true }, 'artifact', 'read');
    const srcRepo = await this.locator.repository(srcProject, src.repository);
    const source = await this.locator.artifact(srcRepo, src.reference);
    if (await this.artifacts.isAccessory(source.id)) throw new ApiError('DENIED', "the operation isn't supported for an artifact accessory");
    const repository = `${project.name}/${dst.repository}`;
    if (!isStorableText(repository) || !isValidRepositoryName(repository)) {
      throw new ApiError('BAD_REQUEST', `invalid repository name: ${repository}`);
    }
    await this.immutable?.assertCopyable(project.id, repository, source);
    await this.copier.copy(source.id, { name: repository, projectId: project.id });
    return { project, repository, source, reference: src.reference };
  }
}
