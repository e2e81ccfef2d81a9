// Projects and repositories as the registry sees them: a repository belongs to the project named by its
// first path component (`library` for single-component names, as Docker Hub style names map there).
import type { PrismaClient } from '@harbor/db';

export interface RepositoryRef {
  id: number;
  projectId: number;
  name: string;
}

export function projectNameOf(repository: string): string {
  const i = repository.indexOf('/');
  return i < 0 ? 'library' : repository.slice(0, i);
}

export class RepositoryRepo {
  constructor(private readonly db: PrismaClient) {}

  async find(name: string): Promise<RepositoryRef | null> {
    return this.db.repository.findUnique({ where: { name }, select: { id: true, projectId: true, name: true } });
  }

  /**
   * The repository, created (with its project when missing) on first push. INSERT … ON CONFLICT keeps
   * concurrent first pushes to one name from racing each other.
   */
  async ensure(name: string): Promise<RepositoryRef> {
    const found = await this.find(name);
    if (found) return found;
    const projectName = projectNameOf(name);
    const [project] = await this.db.$queryRaw<Array<{ id: number }>>`
      INSERT INTO project (name, public) VALUES (${projectName}, false)
      ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id`;
    const [repo] = await this.db.$queryRaw<Array<{ id: number; project_id: number; name: string }>>`
      INSERT INTO repository (name, project_id) VALUES (${name}, ${project.id})
      ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id, project_id, name`;
    return { id: repo.id, projectId: repo.project_id, name: repo.name };
  }

  /** Repository names holding at least one artifact, in byte order, after `last`. */
  async catalog(limit: number, last: string | undefined): Promise<string[]> {
    const rows = await this.db.$queryRaw<Array<{ name: string }>>`
      SELECT r.name FROM repository r
      WHERE r.name COLLATE "C" > ${last ?? ''} COLLATE "C"
        AND EXISTS (SELECT 1 FROM artifact a WHERE a.repository_id = r.id)
      ORDER BY r.name COLLATE "C" LIMIT ${limit}`;
    return rows.map((r) => r.name);
  }
}
