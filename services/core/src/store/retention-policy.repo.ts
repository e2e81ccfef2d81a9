// Tag retention policies (Harbor's retention_policy): the policy JSON in `data`, as Harbor writes it, and
// the project's `retention_id` metadata that binds the project to its one policy — both written in one
// transaction, one writer per project at a time. The only code that touches the table.
import type { RetentionPolicy } from '@harbor/contracts';
import { RetentionPolicySchema } from '@harbor/contracts';
import type { PrismaClient } from '@harbor/db';

export interface RetentionPolicyRecord {
  id: number;
  /** The project (scope reference) the policy belongs to. */
  projectId: number;
  policy: RetentionPolicy;
  createTime: Date;
  updateTime: Date;
}

/** The project already has a policy (Harbor: "project 1 already has retention policy 2"). */
export class RetentionPolicyExistsError extends Error {
  constructor(readonly projectId: number, readonly existing: string) {
    super(`project ${projectId} already has retention policy ${existing}`);
  }
}

export const RETENTION_ID_KEY = 'retention_id';

function parseData(text: string): RetentionPolicy {
  try {
    const parsed = RetentionPolicySchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // a row written by hand: read as a policy without rules, which deletes nothing
  }
  return { rules: [] };
}

type Row = { id: number; scopeReference: string; data: string; createTime: Date; updateTime: Date };
const SELECT = { id: true, scopeReference: true, data: true, createTime: true, updateTime: true } as const;

const toRecord = (r: Row): RetentionPolicyRecord =>
  ({ id: r.id, projectId: Number(r.scopeReference), policy: { ...parseData(r.data), id: r.id }, createTime: r.createTime, updateTime: r.updateTime });

/** Harbor's stored form (its Metadata struct, in its field order). */
function dataJson(id: number, p: RetentionPolicy): string {
  return JSON.stringify({ id, algorithm: p.algorithm, rules: p.rules ?? [], trigger: p.trigger, scope: p.scope });
}

export class RetentionPolicyRepo {
  constructor(private readonly db: PrismaClient) {}

  async findById(id: number): Promise<RetentionPolicyRecord | null> {
    const row = await this.db.retentionPolicy.findUnique({ where: { id }, select: SELECT });
    return row ? toRecord(row) : null;
  }

  /** Stores the project's policy and binds it with `retention_id`; RetentionPolicyExistsError when one is bound. */
  async create(projectId: number, policy: RetentionPolicy): Promise<number> {
    return this.db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('retention_policy'), ${projectId}::int)`;
      const bound = await tx.projectMetadata.findUnique({ where: { projectId_name: { projectId, name: RETENTION_ID_KEY } }, select: { value: true } });
      if (bound && bound.value !== '') throw new RetentionPolicyExistsError(projectId, bound.value);
      const { id } = await tx.retentionPolicy.create({
        data: { scopeLevel: 'project', scopeReference: String(projectId), triggerKind: policy.trigger?.kind ?? '', data: dataJson(0, policy) },
        select: { id: true },
      });
      await tx.projectMetadata.upsert({
        where: { projectId_name: { projectId, name: RETENTION_ID_KEY } },
        create: { projectId, name: RETENTION_ID_KEY, value: String(id) },
        update: { value: String(id) },
      });
      return id;
    });
  }

  /** Replaces the policy; false when it is gone. */
  async update(id: number, policy: RetentionPolicy): Promise<boolean> {
    const { count } = await this.db.retentionPolicy.updateMany({
      where: { id },
      data: { triggerKind: policy.trigger?.kind ?? '', data: dataJson(0, policy), updateTime: new Date() },
    });
    return count > 0;
  }

  /** Deletes the policy, its runs, and the project's binding to it. */
  async delete(id: number, projectId: number): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      await tx.$executeRaw`DELETE FROM execution WHERE vendor_type = 'RETENTION' AND vendor_id = ${id}`;
      await tx.projectMetadata.deleteMany({ where: { projectId, name: RETENTION_ID_KEY, value: String(id) } });
      const { count } = await tx.retentionPolicy.deleteMany({ where: { id } });
      return count > 0;
    });
  }

  /** The policies of a project (one, unless written by hand): what goes when the project goes. */
  async idsOfProject(projectId: number): Promise<number[]> {
    const rows = await this.db.retentionPolicy.findMany({ where: { scopeLevel: 'project', scopeReference: String(projectId) }, select: { id: true } });
    return rows.map((r) => r.id);
  }
}
