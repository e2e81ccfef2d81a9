// What an artifact carries besides its own row, fetched for a whole page at once (never one query per
// artifact): index children with their platform, tags and labels in one round trip, and accessories.
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

/** What every artifact page shows: index children, and tags and labels when asked (absent when not). */
export interface BasicDetails {
  references: Map<number, ReferenceRecord[]>;
  tags?: Map<number, TagRecord[]>;
  labels?: Map<number, LabelRecord[]>;
}

const dateOrNull = (v: unknown): Date | null => (typeof v === 'string' ? new Date(v) : null);

export class ArtifactDetailRepo {
  constructor(private readonly db: PrismaClient) {}

  /**
   * Index children by parent id, and the tags (newest push first) and labels of the artifacts when asked,
   * in one round trip: every artifact page needs them. One row per artifact and kind, its items as JSON
   * in their order. A prepared statement: four fixed shapes.
   */
  async basics(artifactIds: number[], want: { tags: boolean; labels: boolean }): Promise<BasicDetails> {
    const out: BasicDetails = { references: new Map(), tags: want.tags ? new Map() : undefined, labels: want.labels ? new Map() : undefined };
    if (artifactIds.length === 0) return out;
    const ids = Prisma.sql`${artifactIds}::int[]`;
    const parts = [Prisma.sql`
      SELECT 'r' AS kind, parent_id AS owner, json_agg(json_build_object('parentId', parent_id, 'childId', child_id,
        'childDigest', child_digest, 'platform', platform, 'annotations', annotations, 'urls', urls) ORDER BY id) AS items
      FROM artifact_reference WHERE parent_id = ANY(${ids}) GROUP BY parent_id`];
    if (want.tags) {
      parts.push(Prisma.sql`
        SELECT 't', artifact_id, json_agg(json_build_object('id', id, 'repositoryId', repository_id, 'artifactId', artifact_id,
          'name', name, 'pushTime', push_time, 'pullTime', pull_time) ORDER BY push_time DESC, id DESC)
        FROM tag WHERE artifact_id = ANY(${ids}) GROUP BY artifact_id`);
    }
    if (want.labels) {
      parts.push(Prisma.sql`
        SELECT 'l', lr.artifact_id, json_agg(json_build_object('id', l.id, 'name', l.name, 'description', l.description,
          'color', l.color, 'scope', l.scope, 'projectId', l.project_id, 'creationTime', l.creation_time,
          'updateTime', l.update_time) ORDER BY lr.id)
        FROM label_reference lr JOIN harbor_label l ON l.id = lr.label_id WHERE lr.artifact_id = ANY(${ids}) GROUP BY lr.artifact_id`);
    }
    const rows = await queryRows<{ kind: 'r' | 't' | 'l'; owner: number; items: Array<Record<string, unknown>> }>(
      this.db, Prisma.join(parts, ' UNION ALL '), { prepare: true });
    for (const { kind, owner, items } of rows) {
      if (kind === 'r') out.references.set(owner, items as unknown as ReferenceRecord[]);
      else if (kind === 't') out.tags?.set(owner, items.map((t) => ({ ...t, pushTime: new Date(t.pushTime as string), pullTime: dateOrNull(t.pullTime) }) as TagRecord));
      else out.labels?.set(owner, items.map((l) => ({ ...l, creationTime: new Date(l.creationTime as string), updateTime: new Date(l.updateTime as string) }) as LabelRecord));
    }
    return out;
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
