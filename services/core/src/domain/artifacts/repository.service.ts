// Repositories: the listing of every repository a caller may see, a project's repositories, one
// repository, its description, and deletion — with Harbor's permissions and `artifact_count`.
import type { Prisma } from '@harbor/db';
import type { ArtifactRepo } from '../../store/artifact.repo.js';
import type { RepositoryRecord, RepositoryRepo } from '../../store/repository.repo.js';
import type { Principal } from '../identity/authenticator.js';
import type { ImmutableTags } from '../immutability/immutable-tags.js';
import type { ArtifactLocator, ProjectPath, RepositoryPath } from './locator.js';

export interface RepositoryView extends RepositoryRecord {
  artifactCount: number;
}

type Page = { offset: number; limit: number | undefined };
type OrderBy = Prisma.RepositoryOrderByWithRelationInput[];

export interface ListQuery {
  where: Prisma.RepositoryWhereInput;
  page: Page;
  orderBy: OrderBy;
}

/**
 * Projects whose repositories the caller may list, as a `where` on repositories (Harbor's
 * listAuthorizedProjectIDs): all for system admins and robots covering every project; otherwise public
 * projects plus the user's own projects, or the projects a robot's grants name.
 */
export function visibleRepositories(principal: Principal): Prisma.RepositoryWhereInput {
  if (principal.kind === 'user') {
    if (principal.sysadmin) return {};
    return { project: { OR: [{ public: true }, { members: { some: { entityId: principal.id, entityType: 'u' } } }] } };
  }
  if (principal.kind === 'robot') {
    const namespaces = principal.permissions.filter((p) => p.kind === 'project').map((p) => p.namespace);
    if (principal.level === 'system' && namespaces.includes('*')) return {};
    const ids = namespaces.map((n) => /^\/project\/(\d+)$/.exec(n)?.[1]).filter((x): x is string => x !== undefined).map(Number);
    return { project: { OR: [{ public: true }, { name: { in: namespaces } }, { id: { in: ids } }] } };
  }
  return { project: { public: true } };
}

export class RepositoryService {
  constructor(
    private readonly locator: ArtifactLocator,
    private readonly repositories: RepositoryRepo,
    private readonly artifacts: ArtifactRepo,
    private readonly immutable?: ImmutableTags,
  ) {}

  /** Harbor's `blob_digest` filter, resolved to repository ids. */
  async holdingBlob(digest: string): Promise<Prisma.RepositoryWhereInput> {
    return { id: { in: await this.repositories.idsHoldingBlob(digest) } };
  }

  async listVisible(principal: Principal, where: Prisma.RepositoryWhereInput, page: Page, orderBy: OrderBy): Promise<{ total: number; items: RepositoryView[] }> {
    return this.withCounts(await this.repositories.list({ AND: [where, visibleRepositories(principal)] }, page, orderBy));
  }

  /** A project's repositories; the query is read once the caller may list them (Harbor checks access first). */
  async listInProject(principal: Principal, path: ProjectPath, query: () => Promise<ListQuery>): Promise<{ total: number; items: RepositoryView[] }> {
    const project = await this.locator.project(principal, path, 'repository', 'list');
    const { where, page, orderBy } = await query();
    return this.repositories.listInProject(project.id, where, page, orderBy);
  }

  /** One repository; Harbor asks for the repository list permission here, not read. */
  async get(principal: Principal, path: RepositoryPath): Promise<RepositoryView> {
    const { repo } = await this.locator.locateRepository(principal, path, 'repository', 'list');
    return (await this.withCounts({ total: 1, items: [repo] })).items[0];
  }

  async updateDescription(principal: Principal, path: RepositoryPath, description: string): Promise<RepositoryRecord> {
    const { repo } = await this.locator.locateRepository(principal, path, 'repository', 'update');
    await this.repositories.updateDescription(repo.id, description);
    return repo;
  }

  async delete(principal: Principal, path: RepositoryPath): Promise<RepositoryRecord> {
    const { repo } = await this.locator.locateRepository(principal, path, 'repository', 'delete');
    await this.immutable?.assertTagsDeletable(repo.projectId, repo.name, { repositoryId: repo.id });
    await this.repositories.delete(repo);
    return repo;
  }

  private async withCounts(page: { total: number; items: RepositoryRecord[] }): Promise<{ total: number; items: RepositoryView[] }> {
    const counts = await this.artifacts.countListed(page.items.map((r) => r.id));
    return { total: page.total, items: page.items.map((r) => ({ ...r, artifactCount: counts.get(r.id) ?? 0 })) };
  }
}
