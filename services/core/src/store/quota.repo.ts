// Storage quotas (Harbor's quota table): one row per project (reference 'project', reference_id the
// project id as text) holding the hard limits; usage is not stored but counted from the project's
// blobs (project_blob ⨝ blob, each blob once per project). The only code that touches the quota table.
import { Prisma, type PrismaClient, queryRows } from '@harbor/db';

export const PROJECT_REFERENCE = 'project';

export interface QuotaRecord {
  id: number;
  reference: string;
  referenceId: string;
  hard: Record<string, number>;
  used: { storage: number };
  creationTime: Date;
  updateTime: Date;
  /** The project the quota belongs to, when it still exists. */
  project: { id: number; name: string; ownerName: string } | null;
}

export interface QuotaListFilter {
  reference?: string;
  referenceId?: string;
}

/** Harbor's sort keys for quotas; unknown keys fall back to the newest first. */
const ORDER: Record<string, string> = {
  creation_time: 'q.creation_time ASC',
  '+creation_time': 'q.creation_time ASC',
  '-creation_time': 'q.creation_time DESC',
  update_time: 'q.update_time ASC',
  '+update_time': 'q.update_time ASC',
  '-update_time': 'q.update_time DESC',
  // -1 (unlimited) sorts as the largest limit
  'hard.storage': "(CASE WHEN (q.hard->>'storage') IS NULL THEN 0 WHEN (q.hard->>'storage') = '-1' THEN 9223372036854775807 ELSE (q.hard->>'storage')::bigint END) ASC",
  '-hard.storage': "(CASE WHEN (q.hard->>'storage') IS NULL THEN 0 WHEN (q.hard->>'storage') = '-1' THEN 9223372036854775807 ELSE (q.hard->>'storage')::bigint END) DESC",
  'used.storage': 'used ASC',
  '-used.storage': 'used DESC',
};
const DEFAULT_ORDER = 'q.creation_time DESC';

// The project a quota row refers to (a numeric reference_id only, so the join can use the primary key).
const FROM = Prisma.sql`
  quota q
  LEFT JOIN project p ON q.reference = ${PROJECT_REFERENCE}
    AND p.id = (CASE WHEN q.reference_id ~ '^[0-9]{1,9}$' THEN q.reference_id::int END)
  LEFT JOIN harbor_user u ON u.user_id = p.owner_id`;

const COLUMNS = Prisma.sql`
  q.id, q.reference, q.reference_id, q.hard, q.creation_time, q.update_time,
  p.id AS project_id, p.name AS project_name, u.username AS owner_name,
  COALESCE((SELECT sum(b.size) FROM project_blob pb JOIN blob b ON b.id = pb.blob_id WHERE pb.project_id = p.id), 0)::bigint AS used`;

type Row = {
  id: number; reference: string; reference_id: string; hard: unknown; creation_time: Date; update_time: Date;
  project_id: number | null; project_name: string | null; owner_name: string | null; used: bigint;
};

function toRecord(r: Row): QuotaRecord {
  const hard: Record<string, number> = {};
  if (r.hard && typeof r.hard === 'object') {
    for (const [k, v] of Object.entries(r.hard as Record<string, unknown>)) if (typeof v === 'number') hard[k] = v;
  }
  return {
    id: r.id, reference: r.reference, referenceId: r.reference_id, hard, used: { storage: Number(r.used) },
    creationTime: r.creation_time, updateTime: r.update_time,
    project: r.project_id === null ? null : { id: r.project_id, name: r.project_name ?? '', ownerName: r.owner_name ?? '' },
  };
}

export class QuotaRepo {
  constructor(private readonly db: PrismaClient) {}

  /** Gives every project without a quota one with these limits (projects made before quotas, or by the registry). */
  async ensureProjectQuotas(hard: { storage: number }): Promise<number> {
    return this.db.$executeRaw`
      INSERT INTO quota (reference, reference_id, hard, creation_time, update_time)
      SELECT ${PROJECT_REFERENCE}, p.id::text, ${JSON.stringify(hard)}::jsonb, now(), now() FROM project p
      WHERE NOT EXISTS (SELECT 1 FROM quota q WHERE q.reference = ${PROJECT_REFERENCE} AND q.reference_id = p.id::text)
      ON CONFLICT (reference, reference_id) DO NOTHING`;
  }

  async findById(id: number): Promise<QuotaRecord | null> {
    const rows = await queryRows<Row>(this.db, Prisma.sql`SELECT ${COLUMNS} FROM ${FROM} WHERE q.id = ${id}`);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async findByProject(projectId: number): Promise<QuotaRecord | null> {
    const rows = await queryRows<Row>(this.db, Prisma.sql`
      SELECT ${COLUMNS} FROM ${FROM} WHERE q.reference = ${PROJECT_REFERENCE} AND q.reference_id = ${String(projectId)}`);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async list(filter: QuotaListFilter, page: { offset: number; limit: number | undefined }, sort: string): Promise<{ total: number; items: QuotaRecord[] }> {
    const conditions = [Prisma.sql`TRUE`];
    if (filter.reference) conditions.push(Prisma.sql`q.reference = ${filter.reference}`);
    if (filter.referenceId) conditions.push(Prisma.sql`q.reference_id = ${filter.referenceId}`);
    const where = Prisma.join(conditions, ' AND ');
    const order = Prisma.raw(`${ORDER[sort] ?? DEFAULT_ORDER}, q.id ASC`);
    const limit = page.limit === undefined ? Prisma.empty : Prisma.sql`LIMIT ${page.limit}`;
    const [count, rows] = await Promise.all([
      queryRows<{ n: number }>(this.db, Prisma.sql`SELECT count(*)::int AS n FROM quota q WHERE ${where}`),
      queryRows<Row>(this.db, Prisma.sql`SELECT ${COLUMNS} FROM ${FROM} WHERE ${where} ORDER BY ${order} ${limit} OFFSET ${page.offset}`),
    ]);
    return { total: count[0]?.n ?? 0, items: rows.map(toRecord) };
  }

  /** False when the quota is gone. */
  async updateHard(id: number, hard: Record<string, number>): Promise<boolean> {
    const { count } = await this.db.quota.updateMany({ where: { id }, data: { hard, updateTime: new Date() } });
    return count > 0;
  }
}
