// Artifacts of a repository: the paged listing, one artifact, its accessories, and deletion — each
// behind the permission Harbor's artifact handler checks.
import type { Prisma } from '@harbor/db';
import { ApiError } from '../../http/errors.js';
import type { AccessoryRecord, ArtifactDetailRepo } from '../../store/artifact-detail.repo.js';
import type { AccessoryRepo } from '../../store/accessory.repo.js';
import { ArtifactReferencedError, type ArtifactDeleteRepo } from '../../store/artifact-delete.repo.js';
import type { ArtifactFilter, ArtifactRecord, ArtifactRepo, ArtifactSort } from '../../store/artifact.repo.js';
import type { Principal } from '../identity/authenticator.js';
import type { ImmutableTags } from '../immutability/immutable-tags.js';
import { assembleViews, type ArtifactView, type ViewOptions } from './artifact-view.js';
import type { ArtifactLocator, Located, RepositoryPath } from './locator.js';

type Page = { offset: number; limit: number | undefined };

export interface ListQuery {
  filter: Omit<ArtifactFilter, 'repositoryId' | 'repositoryName'>;
  page: Page;
  sorts: ArtifactSort[];
}

export class ArtifactService {
  constructor(
    private readonly locator: ArtifactLocator,
    private readonly artifacts: ArtifactRepo,
    private readonly details: ArtifactDetailRepo,
    private readonly deleter: ArtifactDeleteRepo,
    private readonly accessories: AccessoryRepo,
    private readonly immutable?: ImmutableTags,
  ) {}

  /** The repository's artifacts; the query is read once the repository is found (Harbor's order). */
  async list(principal: Principal, path: RepositoryPath, query: () => ListQuery, opts: ViewOptions): Promise<{ total: number; items: ArtifactView[] }> {
    const { repo } = await this.locator.locateRepository(principal, path, 'artifact', 'list');
    const { filter, page, sorts } = query();
    const { total, items } = await this.artifacts.list({ ...filter, repositoryId: repo.id, repositoryName: repo.name }, page, sorts);
    return { total, items: await this.withImmutableStatus(await assembleViews(this.details, items, opts), opts) };
  }

  async get(principal: Principal, path: RepositoryPath, reference: string, opts: ViewOptions): Promise<ArtifactView> {
    const { artifact } = await this.locator.locate(principal, path, reference, 'artifact', 'read');
    const [view] = await this.withImmutableStatus(await assembleViews(this.details, [artifact], opts), opts);
    return view;
  }

  /** Marks the tags an immutability rule protects, when the caller asked (one repository, one read of the rules). */
  private async withImmutableStatus(views: ArtifactView[], opts: ViewOptions): Promise<ArtifactView[]> {
    const tagged = views.filter((v) => v.tags?.length);
    if (!opts.withImmutableStatus || !this.immutable || tagged.length === 0) return views;
    const immutable = await this.immutable.checker(tagged[0].projectId);
    for (const v of tagged) v.tags = v.tags!.map((t) => ({ ...t, immutable: immutable(v.repositoryName, t.name) }));
    return views;
  }

  /** Deletes the artifact with its accessories and untagged children; returns what was deleted. */
  async delete(principal: Principal, path: RepositoryPath, reference: string): Promise<Located> {
    const located = await this.locator.locate(principal, path, reference, 'artifact', 'delete');
    await this.immutable?.assertTagsDeletable(located.project.id, located.repo.name, { artifactId: located.artifact.id });
    try {
      await this.deleter.delete(located.artifact.id);
    } catch (err) {
      if (err instanceof ArtifactReferencedError) throw new ApiError('VIOLATE_FOREIGN_KEY_CONSTRAINT', err.message);
      throw err;
    }
    return located;
  }

  async listAccessories(principal: Principal, path: RepositoryPath, reference: string, where: Prisma.AccessoryWhereInput, page: Page,
    orderBy: Prisma.AccessoryOrderByWithRelationInput[]): Promise<{ total: number; items: AccessoryRecord[] }> {
    const { artifact } = await this.locator.locate(principal, path, reference, 'accessory', 'list');
    return this.accessories.list(artifact, where, page, orderBy);
  }

  /** The artifact for an addition, once the caller may read additions in the project. */
  async forAddition(principal: Principal, path: RepositoryPath, reference: string): Promise<ArtifactRecord> {
    return (await this.locator.locate(principal, path, reference, 'artifact-addition', 'read')).artifact;
  }
}
