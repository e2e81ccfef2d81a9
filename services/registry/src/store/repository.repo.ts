// Projects and repositories as the registry sees them: a repository belongs to the project named by its
// first path component (`library` for single-component names, as Docker Hub style names map there).
import type { Pool } from '@harbor/db/sql';

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
  constructor(private readonly db: Pool) {}

  async find(name: string): Promise<RepositoryRef | null> {
    const { rows } = await this.db.query<{ id: number; project_id: number; name: string }>({
      name: 'repository_find', text: 'SELECT id, project_id, name FROM repository WHERE name = $1', values: [name],
    });
    return rows[0] ? { id: rows[0].id, projectId: rows[0].project_id, name: rows[0].name } : null;
  }

  /**
   * The repository, created (with its project when missing) on first push. INSERT … ON CONFLICT keeps
   * concurrent first pushes to one name from racing each other.
   */
  async ensure(name: string): Promise<RepositoryRef> {
    const found = await this.find(name);
    if (found) return found;
    const { rows } = await this.db.query<{ id: number; project_id: number; name: string }>(
      `WITH p AS (
         INSERT INTO project (name, public) VALUES ($1, false)
         ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id
       )
       INSERT INTO repository (name, project_id) SELECT $2, id FROM p
       ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id, project_id, name`,
      [projectNameOf(name), name]);
    return { id: rows[0].id, projectId: rows[0].project_id, name: rows[0].name };
  }

  /**
   * Repository names holding at least one artifact, in byte order (the column's collation is "C"), after
   * `last`: a range scan of the name index, aggregated to one JSON value so no per-row parsing happens.
   */
  async catalog(limit: number, last: string | undefined): Promise<string[]> {
    const { rows } = await this.db.query<{ names: string }>({
      name: 'repository_catalog',
      text: `SELECT coalesce(json_agg(name ORDER BY name), '[]')::text AS names FROM (
               SELECT r.name FROM repository r
               WHERE r.name > $1 AND EXISTS (SELECT 1 FROM artifact a WHERE a.repository_id = r.id)
               ORDER BY r.name LIMIT $2) page`,
      values: [last ?? '', limit],
    });
    return JSON.parse(rows[0].names) as string[];
  }
}
