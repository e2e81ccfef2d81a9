// The SQL of the artifact listing. What a list shows follows Harbor's artifact DAO: accessories never
// appear at top level, and an index child only when it is tagged (unless `base=*` asks for every row).
// Those hidden artifacts are few and are found from their own tables (accessories live in their
// subject's repository; children in their index's), so the listing is the repository's rows minus a
// small set — a filter that keeps an index scan in (push_time, id) order — and an unfiltered count is
// an index-only count minus that set. An accessory always lives in its subject's repository (the registry
// records it so on push, a copy so in the destination), so a repository's accessories are the rows
// naming it as `subject_artifact_repo`: one index range, no lookup of each accessory's own row.
import { escapeLike, Prisma } from '@harbor/db';
import { scalarWhereToSql } from './where.sql.js';

export type TagFilter = { kind: 'tagged' } | { kind: 'untagged' } | { kind: 'exact'; name: string } | { kind: 'fuzzy'; text: string };

export interface ArtifactFilter {
  repositoryId: number;
  /** The repository's full name (accessories are found by their subject's repository). */
  repositoryName: string;
  /** Every row, index children and all (`q=base=*`); accessories stay hidden either way. */
  all?: boolean;
  tags?: TagFilter;
  /** Artifacts carrying every one of these labels. */
  labelIds?: number[];
  /** Column conditions in Prisma's `where` shape (equals, contains, gte/lte, in), from the `q` parser. */
  where?: Prisma.ArtifactWhereInput;
}

export interface ArtifactSort {
  field: 'id' | 'type' | 'mediaType' | 'manifestMediaType' | 'artifactType' | 'digest' | 'size' | 'pushTime' | 'pullTime' | 'repositoryName';
  desc: boolean;
}

const SORT_COLUMNS: Record<ArtifactSort['field'], string> = {
  id: 'a.id', type: 'a.type', mediaType: 'a.media_type', manifestMediaType: 'a.manifest_media_type', artifactType: 'a.artifact_type',
  digest: 'a.digest', size: 'a.size', pushTime: 'a.push_time', pullTime: 'a.pull_time', repositoryName: 'a.repository_name',
};

/** Prisma field → SQL column, for the column conditions of `q`. */
const FIELD_COLUMNS: Record<string, string> = {
  id: 'a.id', type: 'a.type', mediaType: 'a.media_type', manifestMediaType: 'a.manifest_media_type', artifactType: 'a.artifact_type',
  projectId: 'a.project_id', repositoryId: 'a.repository_id', repositoryName: 'a.repository_name', digest: 'a.digest',
  size: 'a.size', pushTime: 'a.push_time', pullTime: 'a.pull_time',
};

const TAGGED = Prisma.sql`EXISTS (SELECT 1 FROM tag t WHERE t.artifact_id = a.id)`;

/** Ids of the repository's artifacts a list never shows: accessories, and (unless `all`) untagged index children. */
function hidden(f: ArtifactFilter): Prisma.Sql {
  const accessories = Prisma.sql`SELECT aa.artifact_id FROM artifact_accessory aa WHERE aa.subject_artifact_repo = ${f.repositoryName}`;
  if (f.all) return accessories;
  return Prisma.sql`${accessories} UNION ALL SELECT r.child_id FROM artifact_reference r JOIN artifact c ON c.id = r.child_id
    WHERE c.repository_id = ${f.repositoryId} AND NOT EXISTS (SELECT 1 FROM tag t WHERE t.artifact_id = r.child_id)`;
}

export function isPlain(f: ArtifactFilter): boolean {
  return !f.all && !f.tags && !f.labelIds?.length && (!f.where || Object.keys(f.where).length === 0);
}

/** The WHERE of a listing, over `artifact a`. */
export function listConditions(f: ArtifactFilter): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`a.repository_id = ${f.repositoryId}`, Prisma.sql`a.id NOT IN (${hidden(f)})`];
  const t = f.tags;
  if (t?.kind === 'tagged') parts.push(TAGGED);
  else if (t?.kind === 'untagged') parts.push(Prisma.sql`NOT ${TAGGED}`);
  else if (t?.kind === 'exact') parts.push(Prisma.sql`EXISTS (SELECT 1 FROM tag t WHERE t.artifact_id = a.id AND t.name = ${t.name})`);
  // Harbor matches tag names with a case-sensitive LIKE
  else if (t?.kind === 'fuzzy') parts.push(Prisma.sql`EXISTS (SELECT 1 FROM tag t WHERE t.artifact_id = a.id AND t.name LIKE ${`%${escapeLike(t.text)}%`})`);
  for (const id of f.labelIds ?? []) {
    parts.push(Prisma.sql`EXISTS (SELECT 1 FROM label_reference lr WHERE lr.artifact_id = a.id AND lr.label_id = ${id})`);
  }
  if (f.where) parts.push(scalarWhereToSql(f.where as Record<string, unknown>, FIELD_COLUMNS));
  return Prisma.join(parts, ' AND ');
}

export function listOrder(sorts: ArtifactSort[]): Prisma.Sql {
  const terms = (sorts.length ? sorts : [{ field: 'pushTime', desc: true } as ArtifactSort]).map((s) => {
    // A never-pulled artifact sorts as the oldest pull, as Harbor's zero time does.
    const nulls = s.field === 'pullTime' || s.field === 'artifactType' ? (s.desc ? ' NULLS LAST' : ' NULLS FIRST') : '';
    return `${SORT_COLUMNS[s.field]} ${s.desc ? 'DESC' : 'ASC'}${nulls}`;
  });
  if (!sorts.some((s) => s.field === 'id')) terms.push('a.id DESC');
  return Prisma.raw(`ORDER BY ${terms.join(', ')}`);
}

/** `(id, n)`: an unfiltered list's count for each of the repositories, in one statement. */
export function listedCounts(repositoryIds: number[]): Prisma.Sql {
  // `repo`, not `r`: the expression has subqueries of its own with that alias
  return Prisma.sql`SELECT repo.id, ${listedCountOf(Prisma.raw('repo.id'), Prisma.raw('repo.name'))} AS n
    FROM repository repo WHERE repo.id = ANY(${repositoryIds}::int[])`;
}

/** `(n)`: the same for one repository whose id and name are known. */
export function listedCount(repository: { id: number; name: string }): Prisma.Sql {
  return Prisma.sql`SELECT ${listedCountOf(Prisma.sql`${repository.id}::int`, Prisma.sql`${repository.name}::text`)} AS n`;
}

/**
 * Listed artifacts of the repository with this id and name (values, or column references under an alias
 * other than the expression's own a, aa, r, c, t and x), as one expression. Each part is an index count: all rows, accessories (by the repository's name), and
 * untagged index children that are not accessories themselves (so nothing is subtracted twice). Rows
 * written by hand against the accessory rule above could only make it too small, never negative.
 */
export function listedCountOf(id: Prisma.Sql, name: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`greatest(0, (SELECT count(*) FROM artifact a WHERE a.repository_id = ${id})
    - (SELECT count(DISTINCT aa.artifact_id) FROM artifact_accessory aa WHERE aa.subject_artifact_repo = ${name})
    - (SELECT count(DISTINCT r.child_id) FROM artifact_reference r JOIN artifact c ON c.id = r.child_id
       WHERE c.repository_id = ${id} AND NOT EXISTS (SELECT 1 FROM tag t WHERE t.artifact_id = r.child_id)
         AND NOT EXISTS (SELECT 1 FROM artifact_accessory x WHERE x.artifact_id = r.child_id)))::int`;
}
