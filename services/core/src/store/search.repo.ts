// Repositories whose names contain a keyword, within given projects, for GET /search. Reads the
// repository and artifact tables.
import type { PrismaClient } from '@harbor/db';

export interface RepositoryHit {
  name: string;
  projectId: number;
  pullCount: number;
  artifactCount: number;
}

export class SearchRepo {
  constructor(private readonly db: PrismaClient) {}

  /** `pattern` is matched case-insensitively as a LIKE pattern body (wildcards escaped by the caller). */
  async repositories(pattern: string, projectIds: readonly number[]): Promise<RepositoryHit[]> {
    if (projectIds.length === 0) return [];
    const rows = await this.db.repository.findMany({
      where: { projectId: { in: [...projectIds] }, ...(pattern ? { name: { contains: pattern, mode: 'insensitive' } } : {}) },
      select: { name: true, projectId: true, pullCount: true, _count: { select: { artifacts: true } } },
      orderBy: [{ name: 'asc' }],
    });
    return rows.map((r) => ({ name: r.name, projectId: r.projectId, pullCount: r.pullCount, artifactCount: r._count.artifacts }));
  }
}
