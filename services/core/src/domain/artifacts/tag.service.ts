// Tags of an artifact (list, create, delete) and labels put on it (add, remove), behind Harbor's
// tag and artifact-label permissions.
import { isInt32Id, type Prisma } from '@harbor/db';
import { ApiError } from '../../http/errors.js';
import type { TagRecord } from '../../store/artifact-detail.repo.js';
import { LabelAlreadyAddedError, type ArtifactLabelRepo } from '../../store/artifact-label.repo.js';
import { TagConflictError, type TagRepo } from '../../store/tag.repo.js';
import type { Principal } from '../identity/authenticator.js';
import type { ImmutableTags } from '../immutability/immutable-tags.js';
import type { ArtifactLocator, Located, RepositoryPath } from './locator.js';

type Page = { offset: number; limit: number | undefined };

export class TagService {
  constructor(
    private readonly locator: ArtifactLocator,
    private readonly tags: TagRepo,
    private readonly labels: ArtifactLabelRepo,
    private readonly immutable?: ImmutableTags,
  ) {}

  async list(principal: Principal, path: RepositoryPath, reference: string, where: Prisma.TagWhereInput, page: Page,
    orderBy: Prisma.TagOrderByWithRelationInput[], withImmutableStatus = false): Promise<{ total: number; items: TagRecord[] }> {
    const { project, repo, artifact } = await this.locator.locate(principal, path, reference, 'tag', 'list');
    const listed = await this.tags.list(artifact.id, where, page, orderBy);
    if (!withImmutableStatus || !this.immutable || listed.items.length === 0) return listed;
    const immutable = await this.immutable.checker(project.id);
    return { total: listed.total, items: listed.items.map((t) => ({ ...t, immutable: immutable(repo.name, t.name) })) };
  }

  /** Tags the artifact; 409 when the repository already has a tag of that name (Harbor does not move it). */
  async create(principal: Principal, path: RepositoryPath, reference: string, name: string): Promise<Located> {
    const located = await this.locator.locate(principal, path, reference, 'tag', 'create');
    try {
      await this.tags.create(located.repo.id, located.artifact.id, name);
    } catch (err) {
      if (err instanceof TagConflictError) throw new ApiError('CONFLICT', `tag ${name} already exists under the repository ${located.repo.id}`);
      throw err;
    }
    return located;
  }

  async delete(principal: Principal, path: RepositoryPath, reference: string, name: string): Promise<Located> {
    const located = await this.locator.locate(principal, path, reference, 'tag', 'delete');
    await this.immutable?.assertTagDeletable(located.project.id, located.repo.name, located.artifact.id, name);
    if (!(await this.tags.delete(located.artifact.id, name))) {
      throw new ApiError('NOT_FOUND', `tag ${name} attached to artifact ${located.artifact.id} not found`);
    }
    return located;
  }

  /** Puts a label on the artifact: a global label, or one of the artifact's own project. */
  async addLabel(principal: Principal, path: RepositoryPath, reference: string, labelId: number): Promise<void> {
    const project = await this.locator.project(principal, path, 'artifact-label', 'create');
    const label = isInt32Id(labelId) ? await this.labels.findLabel(labelId) : null;
    if (!label) throw new ApiError('NOT_FOUND', `label ${labelId} not found`);
    if (label.scope === 'p' && label.projectId !== project.id) {
      throw new ApiError('NOT_FOUND', `project id ${project.id}, label ${labelId} not found`);
    }
    const repo = await this.locator.repository(project, path.repository);
    const artifact = await this.locator.artifact(repo, reference);
    try {
      await this.labels.add(artifact.id, label.id);
    } catch (err) {
      if (err instanceof LabelAlreadyAddedError) throw new ApiError('CONFLICT', err.message);
      throw err;
    }
  }

  async removeLabel(principal: Principal, path: RepositoryPath, reference: string, labelId: number): Promise<void> {
    const { artifact } = await this.locator.locate(principal, path, reference, 'artifact-label', 'delete');
    const removed = isInt32Id(labelId) && (await this.labels.remove(artifact.id, labelId));
    if (!removed) throw new ApiError('NOT_FOUND', `reference with label ${labelId} and artifact ${artifact.id} not found`);
  }
}
