// Finding what an artifact route names, in Harbor's order: the project (and the caller's right on it),
// then the repository by its full name, then the artifact by digest or tag.
import { parseDigest } from '@harbor/contracts';
import { isStorableText } from '@harbor/db';
import { ApiError } from '../../http/errors.js';
import type { ArtifactRecord, ArtifactRepo } from '../../store/artifact.repo.js';
import type { ProjectRecord } from '../../store/project.repo.js';
import type { RepositoryRecord, RepositoryRepo } from '../../store/repository.repo.js';
import type { Principal } from '../identity/authenticator.js';
import type { ProjectService } from '../projects/project.service.js';

/**
 * The project a route names. It is a name (Harbor's `project_name`); as on the projects routes, a
 * number not flagged as a name by X-Is-Resource-Name is also tried as an id when no project has that name.
 */
export interface ProjectPath {
  project: string;
  projectIsName?: boolean;
}

/** Where a request points: the project and the repository name inside it (no project prefix). */
export interface RepositoryPath extends ProjectPath {
  repository: string;
}

export interface Located {
  project: ProjectRecord;
  repo: RepositoryRecord;
  artifact: ArtifactRecord;
}

/** Harbor treats a reference that parses as a digest as one; anything else is a tag. */
export function isDigestReference(reference: string): boolean {
  return parseDigest(reference) !== null;
}

export class ArtifactLocator {
  constructor(
    private readonly projects: ProjectService,
    private readonly repositories: RepositoryRepo,
    private readonly artifacts: ArtifactRepo,
  ) {}

  /** The project, once the caller may do `action` on `resource` in it (404/401/403 otherwise). */
  async project(principal: Principal, path: ProjectPath, resource: string, action: string): Promise<ProjectRecord> {
    const project = await this.resolve(path, principal);
    await this.projects.authorize(principal, project, resource, action);
    return project;
  }

  async repository(project: ProjectRecord, name: string): Promise<RepositoryRecord> {
    return this.repositoryOrError(project, name).then(unwrap);
  }

  async artifact(repo: RepositoryRecord, reference: string): Promise<ArtifactRecord> {
    return this.artifactOrError(repo, reference).then(unwrap);
  }

  /**
   * Project, repository and artifact. The lookups run beside the permission check, to save round trips,
   * but what they found (or failed to find) is only told once the check has passed.
   */
  async locate(principal: Principal, path: RepositoryPath, reference: string, resource: string, action: string): Promise<Located> {
    const project = await this.resolve(path, principal);
    const found = this.repositoryOrError(project, path.repository)
      .then(async (repo) => (repo instanceof ApiError ? repo : { repo, artifact: await this.artifactOrError(repo, reference) }));
    const [, located] = await Promise.all([this.projects.authorize(principal, project, resource, action), found]);
    const { repo, artifact } = unwrap(located);
    return { project, repo, artifact: unwrap(artifact) };
  }

  /** The project and repository, looked up beside the permission check (see `locate`). */
  async locateRepository(principal: Principal, path: RepositoryPath, resource: string, action: string): Promise<{ project: ProjectRecord; repo: RepositoryRecord }> {
    const project = await this.resolve(path, principal);
    const [, repo] = await Promise.all([this.projects.authorize(principal, project, resource, action), this.repositoryOrError(project, path.repository)]);
    return { project, repo: unwrap(repo) };
  }

  private resolve(path: ProjectPath, caller: Principal): Promise<ProjectRecord> {
    return this.projects.resolve(path.project, true, caller).catch((err: unknown) => {
      if (path.projectIsName || !/^\d+$/.test(path.project)) throw err;
      return this.projects.resolve(path.project, false, caller);
    });
  }

  private async repositoryOrError(project: ProjectRecord, name: string): Promise<RepositoryRecord | ApiError> {
    const full = `${project.name}/${name}`;
    const repo = isStorableText(full) ? await this.repositories.findByName(full) : null;
    return repo ?? new ApiError('NOT_FOUND', `repository ${full} not found`);
  }

  private async artifactOrError(repo: RepositoryRecord, reference: string): Promise<ArtifactRecord | ApiError> {
    const digest = isDigestReference(reference);
    const found = !isStorableText(reference) ? null
      : digest ? await this.artifacts.findByDigest(repo.id, reference) : await this.artifacts.findByTag(repo.id, reference);
    return found ?? new ApiError('NOT_FOUND', `artifact ${repo.name}${digest ? '@' : ':'}${reference} not found`);
  }
}

function unwrap<T>(v: T | ApiError): T {
  if (v instanceof ApiError) throw v;
  return v;
}
