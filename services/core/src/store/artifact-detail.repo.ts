// What an artifact carries besides its own row, fetched for a whole page at once (one query per kind,
// never one per artifact): tags, labels, index children with their platform, and accessories. The
// first three run on every artifact page, as prepared statements.
import { Prisma, type PrismaClient, queryRows } from '@harbor/db';

export interface TagRecord {
  id: number;
  repositoryId: number;
  artifactId: number;
  name: string;
  pushTime: Date;
  pullTime: Date | null;
  /** Whether an immutability rule protects it; known only when asked for (`with_immutable_status`). */
  immutable?: boolean;
}

export interface LabelRecord {
  id: number;
  name: string;
  description: string;
  color: string;
  scope: string;
  projectId: number;
  creationTime: Date;
  updateTime: Date;
}

export interface ReferenceRecord {
  parentId: number;
  childId: number;
  childDigest: string;
  platform: unknown;
  annotations: unknown;
  urls: unknown;
}

export interface AccessoryRecord {
  id: number;
  artifactId: number;
  subjectArtifactId: number | null;
  subjectArtifactRepo: string;
  subjectArtifactDigest: string;
  type: string;
  size: number;
  digest: string;
  creationTime: Date;
}

export const SIGNATURE_TYPES = ['signature.cosign', 'signature.notation'];

type AccessoryRow = {
  id: number; artifact_id: number; subject_artifact_id: number | null; subject_artifact_repo: string;
  subject_artifact_digest: string; type: string; size: bigint | number; digest: string; creation_time: Date;
};

const toAccessory = (r: AccessoryRow): AccessoryRecord => ({
  id: r.id, artifactId: r.artifact_id, subjectArtifactId: r.subject_artifact_id, subjectArtifactRepo: r.subject_artifact_repo,
  subjectArtifactDigest: r.subject_artifact_digest, type: r.type, size: Number(r.size), digest: r.digest, creationTime: r.creation_time,
});

function group<T>(rows: T[], key: (r: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

export class ArtifactDetailRepo {
  constructor(private readonly db: PrismaClient) {}

  // Hand-written SQL: these run for every page of every artifact list, where one plain statement per
  // kind costs a fraction of a query built by the client (and labels need no second query for the join).

  /** Tags by artifact id, newest push first. */
  async tags(artifactIds: number[]): Promise<Map<number, TagRecord[]>> {
    if (artifactIds.length === 0) return new Map();
    const rows = await queryRows<TagRecord>(this.db, Prisma.sql`
      SELECT id, repository_id AS "repositoryId", artifact_id AS "artifactId", name, push_time AS "pushTime", pull_time AS "pullTime"
      FROM tag WHERE artifact_id = ANY(${artifactIds}::int[]) ORDER BY push_time DESC, id DESC`, { prepare: true });
    return group(rows, (r) => r.artifactId);
  }

  async labels(artifactIds: number[]): Promise<Map<number, LabelRecord[]>> {
    if (artifactIds.length === 0) return new Map();
    const rows = await queryRows<LabelRecord & { artifactId: number }>(this.db, Prisma.sql`
      SELECT lr.artifact_id AS "artifactId", l.id, l.name, l.description, l.color, l.scope, l.project_id AS "projectId",
             l.creation_time AS "creationTime", l.update_time AS "updateTime"
      FROM label_reference lr JOIN harbor_label l ON l.id = lr.label_id
      WHERE lr.artifact_id = ANY(${artifactIds}::int[]) ORDER BY lr.id`, { prepare: true });
    const out = new Map<number, LabelRecord[]>();
    for (const [id, list] of group(rows, (r) => r.artifactId)) out.set(id, list.map(({ artifactId: _a, ...label }) => label));
    return out;
  }

  /** Index children by parent id. */
  async references(parentIds: number[]): Promise<Map<number, ReferenceRecord[]>> {
    if (parentIds.length === 0) return new Map();
    const rows = await queryRows<ReferenceRecord>(this.db, Prisma.sql`
      SELECT parent_id AS "parentId", child_id AS "childId", child_digest AS "childDigest", platform, annotations, urls
      FROM artifact_reference WHERE parent_id = ANY(${parentIds}::int[]) ORDER BY id`, { prepare: true });
    return group(rows, (r) => r.parentId);
  }

  /** Accessories attached to the given artifacts (by repository and digest), keyed `repo@digest`. */
  async accessories(subjects: Array<{ repositoryName: string; digest: string }>): Promise<Map<string, AccessoryRecord[]>> {
    if (subjects.length === 0) return new Map();
    const rows = await queryRows<AccessoryRow>(this.db, Prisma.sql`
      SELECT aa.* FROM artifact_accessory aa
      WHERE (aa.subject_artifact_repo, aa.subject_artifact_digest) IN (
        SELECT * FROM unnest(${subjects.map((s) => s.repositoryName)}::text[], ${subjects.map((s) => s.digest)}::text[]))
      ORDER BY aa.creation_time DESC, aa.id DESC`);
    const out = new Map<string, AccessoryRecord[]>();
    for (const r of rows.map(toAccessory)) {
      const k = `${r.subjectArtifactRepo}@${r.subjectArtifactDigest}`;
      out.set(k, [...(out.get(k) ?? []), r]);
    }
    return out;
  }

  /** Signatures of the indexes that refer to each artifact, by child id (Harbor's inherited accessories). */
  async inheritedSignatures(childIds: number[]): Promise<Map<number, AccessoryRecord[]>> {
    if (childIds.length === 0) return new Map();
    const rows = await queryRows<AccessoryRow & { child_id: number }>(this.db, Prisma.sql`
      SELECT r.child_id, aa.* FROM artifact_reference r
      JOIN artifact p ON p.id = r.parent_id
      JOIN artifact_accessory aa ON aa.subject_artifact_repo = p.repository_name AND aa.subject_artifact_digest = p.digest
      WHERE r.child_id = ANY(${childIds}::int[]) AND aa.type = ANY(${SIGNATURE_TYPES}::text[])
      ORDER BY aa.creation_time DESC, aa.id DESC`);
    const out = new Map<number, AccessoryRecord[]>();
    for (const r of rows) out.set(r.child_id, [...(out.get(r.child_id) ?? []), toAccessory(r)]);
    return out;
  }
}
