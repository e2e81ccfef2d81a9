// A project's settings one key at a time (`/projects/{p}/metadatas`), as Harbor's metadata API: the
// metadata resource of the permission matrix, one validated pair per request, `public` kept on the
// project row itself.
import type { ProjectMetadataEntry } from '@harbor/contracts';
import { ApiError } from '../../http/errors.js';
import type { ProjectRecord, ProjectRepo } from '../../store/project.repo.js';
import type { Principal } from '../identity/authenticator.js';
import type { ProjectService } from './project.service.js';

export class ProjectMetadataService {
  constructor(private readonly projects: ProjectService, private readonly repo: ProjectRepo) {}

  /** Harbor asks for metadata `list`, which no project role holds; `read` lets project admins use it. */
  async list(principal: Principal, project: ProjectRecord): Promise<Record<string, string>> {
    await this.projects.authorize(principal, project, 'metadata', 'read');
    return this.current(project);
  }

  /** `{name: value}`, or `{}` when the project has no such setting (as Harbor answers). */
  async get(principal: Principal, project: ProjectRecord, name: string): Promise<Record<string, string>> {
    await this.projects.authorize(principal, project, 'metadata', 'read');
    const all = await this.current(project);
    return name in all ? { [name]: all[name]! } : {};
  }

  async add(principal: Principal, project: ProjectRecord, entry: ProjectMetadataEntry): Promise<void> {
    await this.projects.authorize(principal, project, 'metadata', 'create');
    if (entry.key in (await this.current(project))) throw new ApiError('CONFLICT', `metadata ${entry.key} already exists`);
    await this.repo.updateMetadata(project.id, { [entry.key]: entry.value });
  }

  async update(principal: Principal, project: ProjectRecord, name: string, entry: ProjectMetadataEntry): Promise<void> {
    await this.projects.authorize(principal, project, 'metadata', 'update');
    if (entry.key !== name) throw new ApiError('BAD_REQUEST', `the body must hold the key ${name}`);
    await this.repo.updateMetadata(project.id, { [entry.key]: entry.value });
  }

  async delete(principal: Principal, project: ProjectRecord, name: string): Promise<void> {
    await this.projects.authorize(principal, project, 'metadata', 'delete');
    // Visibility is part of the project itself; it can be changed but not removed.
    if (name === 'public') throw new ApiError('BAD_REQUEST', 'the metadata public cannot be deleted');
    if (!(name in (await this.current(project)))) throw new ApiError('NOT_FOUND', `metadata ${name} not found`);
    await this.repo.deleteMetadata(project.id, name);
  }

  private async current(project: ProjectRecord): Promise<Record<string, string>> {
    const detail = await this.repo.detail(project.id);
    if (!detail) throw new ApiError('NOT_FOUND', `project ${project.name} not found`);
    return detail.metadata;
  }
}
