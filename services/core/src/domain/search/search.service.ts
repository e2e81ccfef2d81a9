// GET /search?q= as Harbor's search handler answers it: among the projects the caller may see (all for
// system administrators; public and own projects for people; public ones for anonymous callers and
// robots), those whose names contain q (case-sensitive), and the repositories of those visible
// projects whose names contain q (case-insensitive).
import type { RepositoryHit, SearchRepo } from '../../store/search.repo.js';
import type { Principal } from '../identity/authenticator.js';
import type { ProjectService, ProjectView } from '../projects/project.service.js';

export interface RepositoryResult extends RepositoryHit {
  projectName: string;
  projectPublic: boolean;
}

export class SearchService {
  constructor(private readonly projects: ProjectService, private readonly repo: SearchRepo) {}

  /** `pattern` is q as a LIKE pattern body (wildcards escaped) for the repository names. */
  async search(principal: Principal, q: string, pattern: string): Promise<{ projects: ProjectView[]; repositories: RepositoryResult[] }> {
    const { items: visible } = await this.projects.list(principal, {}, { offset: 0, limit: undefined }, [{ name: 'asc' }]);
    const byId = new Map(visible.map((p) => [p.id, p]));
    const hits = await this.repo.repositories(pattern, [...byId.keys()]);
    return {
      projects: visible.filter((p) => p.name.includes(q)),
      repositories: hits.map((h) => {
        const p = byId.get(h.projectId)!;
        return { ...h, projectName: p.name, projectPublic: p.public };
      }),
    };
  }
}
