// What registry events change in the database: audit rows, and pull statistics (artifact.pull_time,
// tag.pull_time, repository.pull_count). One batch is written in one transaction of a fixed number of
// statements, however many events it holds: the rows travel as arrays and are unnested in SQL.
import { Prisma, type PrismaClient, queryRows } from '@harbor/db';
import type { AuditEntry } from './audit.repo.js';

/** An audit row with the time the registry saw the event (not the time core got to it). */
export interface EventAuditEntry extends AuditEntry {
  opTime: Date;
}

export interface PullStats {
  /** Latest pull per artifact. */
  artifacts: Array<{ repository: string; digest: string; time: Date }>;
  /** Latest pull per tag (pulls by tag only). */
  tags: Array<{ repository: string; tag: string; time: Date }>;
  /** Pulls per repository. */
  repositories: Array<{ repository: string; count: number }>;
}

export class ArtifactEventRepo {
  constructor(private readonly db: PrismaClient) {}

  /**
   * The project of each repository: the repository's own when it exists, otherwise the project named by
   * its first path component (a deleted repository's events still belong to their project); 0 if none.
   */
  async projectIds(repositories: string[]): Promise<Map<string, number>> {
    if (repositories.length === 0) return new Map();
    const rows = await queryRows<{ name: string; project_id: number }>(this.db, Prisma.sql`
      SELECT v.name, coalesce(r.project_id, p.id, 0)::int AS project_id
      FROM unnest(${repositories}::text[]) AS v(name)
      LEFT JOIN repository r ON r.name = v.name
      LEFT JOIN project p ON NOT p.deleted AND p.name =
        CASE WHEN position('/' IN v.name) > 0 THEN split_part(v.name, '/', 1) ELSE 'library' END`);
    return new Map(rows.map((r) => [r.name, r.project_id]));
  }

  async record(audit: EventAuditEntry[], pulls: PullStats): Promise<void> {
    const statements = [];
    if (audit.length) {
      // Raw rather than createMany: a batch of pulls is hundreds of rows, which travel as seven arrays.
      statements.push(this.db.$executeRaw`
        INSERT INTO audit_log (project_id, operation, resource_type, resource, username, client_ip, op_time)
        SELECT * FROM unnest(${audit.map((a) => a.projectId)}::int[], ${audit.map((a) => a.operation)}::text[],
                             ${audit.map((a) => a.resourceType)}::text[], ${audit.map((a) => a.resource)}::text[],
                             ${audit.map((a) => a.username)}::text[], ${audit.map((a) => a.clientIp)}::text[],
                             ${audit.map((a) => a.opTime.toISOString())}::timestamptz[])`);
    }
    const { artifacts, tags, repositories } = pulls;
    if (artifacts.length) {
      statements.push(this.db.$executeRaw`
        UPDATE artifact a SET pull_time = greatest(a.pull_time, v.t)
        FROM unnest(${artifacts.map((x) => x.repository)}::text[], ${artifacts.map((x) => x.digest)}::text[],
                    ${artifacts.map((x) => x.time.toISOString())}::timestamptz[]) AS v(repo, digest, t)
        JOIN repository r ON r.name = v.repo
        WHERE a.repository_id = r.id AND a.digest = v.digest`);
    }
    if (tags.length) {
      statements.push(this.db.$executeRaw`
        UPDATE tag t SET pull_time = greatest(t.pull_time, v.t)
        FROM unnest(${tags.map((x) => x.repository)}::text[], ${tags.map((x) => x.tag)}::text[],
                    ${tags.map((x) => x.time.toISOString())}::timestamptz[]) AS v(repo, tag, t)
        JOIN repository r ON r.name = v.repo
        WHERE t.repository_id = r.id AND t.name = v.tag`);
    }
    if (repositories.length) {
      statements.push(this.db.$executeRaw`
        UPDATE repository r SET pull_count = r.pull_count + v.n, update_time = now()
        FROM unnest(${repositories.map((x) => x.repository)}::text[], ${repositories.map((x) => x.count)}::int[]) AS v(repo, n)
        WHERE r.name = v.repo`);
    }
    if (statements.length) await this.db.$transaction(statements);
  }
}
