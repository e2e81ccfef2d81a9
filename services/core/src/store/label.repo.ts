// Labels (Harbor's harbor_label): global ones (scope 'g', project 0) and those of one project (scope 'p').
// The only code that touches the table; putting labels on artifacts lives elsewhere.
import type { Prisma, PrismaClient } from '@harbor/db';
import { isUniqueViolation } from '@harbor/db';

export interface LabelRecord {
  id: number;
  name: string;
  description: string;
  color: string;
  scope: 'g' | 'p';
  projectId: number;
  creationTime: Date;
  updateTime: Date;
}

export interface LabelListFilter {
  scope: 'g' | 'p';
  projectId?: number;
  /** Part of the name (case-insensitive, wildcards escaped by the caller). */
  nameContains?: string;
  /** Further conditions from `q`. */
  where: Prisma.LabelWhereInput;
}

/** A label of that name already exists in the same scope (and project). */
export class LabelConflictError extends Error {}

const SELECT = {
  id: true, name: true, description: true, color: true, scope: true, projectId: true, creationTime: true, updateTime: true,
} as const;

type Row = Omit<LabelRecord, 'scope'> & { scope: string };
const toRecord = (r: Row): LabelRecord => ({ ...r, scope: r.scope === 'p' ? 'p' : 'g' });

// Labels the system itself attaches (level 'system') are not listed, as in Harbor.
const USER_LEVEL = 'user';

export class LabelRepo {
  constructor(private readonly db: PrismaClient) {}

  async findById(id: number): Promise<LabelRecord | null> {
    const row = await this.db.label.findUnique({ where: { id }, select: SELECT });
    return row ? toRecord(row) : null;
  }

  async list(filter: LabelListFilter, page: { offset: number; limit: number | undefined }, orderBy: Prisma.LabelOrderByWithRelationInput[]):
    Promise<{ total: number; items: LabelRecord[] }> {
    const and: Prisma.LabelWhereInput[] = [{ level: USER_LEVEL, scope: filter.scope }, filter.where];
    if (filter.projectId !== undefined) and.push({ projectId: filter.projectId });
    if (filter.nameContains) and.push({ name: { contains: filter.nameContains, mode: 'insensitive' } });
    const where: Prisma.LabelWhereInput = { AND: and };
    const [total, rows] = await Promise.all([
      this.db.label.count({ where }),
      this.db.label.findMany({ where, select: SELECT, orderBy: [...orderBy, { id: 'asc' }], skip: page.offset, take: page.limit }),
    ]);
    return { total, items: rows.map(toRecord) };
  }

  async create(input: { name: string; description: string; color: string; scope: 'g' | 'p'; projectId: number }): Promise<LabelRecord> {
    try {
      return toRecord(await this.db.label.create({ data: { ...input, level: USER_LEVEL }, select: SELECT }));
    } catch (err) {
      if (isUniqueViolation(err)) throw new LabelConflictError(input.name);
      throw err;
    }
  }

  /** False when the label is gone. */
  async update(id: number, data: { name: string; description: string; color: string }): Promise<boolean> {
    try {
      const { count } = await this.db.label.updateMany({ where: { id }, data: { ...data, updateTime: new Date() } });
      return count > 0;
    } catch (err) {
      if (isUniqueViolation(err)) throw new LabelConflictError(data.name);
      throw err;
    }
  }

  /** Deletes the label and takes it off every artifact (label_reference cascades). False when it is gone. */
  async delete(id: number): Promise<boolean> {
    const { count } = await this.db.label.deleteMany({ where: { id } });
    return count > 0;
  }
}
