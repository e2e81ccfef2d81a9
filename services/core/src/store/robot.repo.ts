// Robot accounts (the robot table): lookup by stored name for authentication, and the create, read,
// update, delete and listing the robot API needs. Names are stored without the `robot$` prefix.
import type { Prisma, PrismaClient } from '@harbor/db';
import { isUniqueViolation } from '@harbor/db';

export interface RobotRecord {
  id: number;
  name: string;
  secret: string;
  projectId: number;
  level: string;
  expiresAt: number;
  disabled: boolean;
  permissions: unknown;
}

/** Everything the API shows about a robot (the secret hash stays here and in RobotRecord). */
export interface RobotRow extends Omit<RobotRecord, 'secret'> {
  description: string;
  duration: number;
  visible: boolean;
  creatorRef: number;
  creatorType: string;
  creationTime: Date;
  updateTime: Date;
}

export interface NewRobot {
  name: string;
  description: string;
  secretHash: string;
  projectId: number;
  level: 'system' | 'project';
  duration: number;
  expiresAt: number;
  disabled: boolean;
  permissions: Prisma.InputJsonValue;
  creatorRef: number;
  creatorType: string;
  creationTime: Date;
}

export interface RobotChanges {
  description: string;
  disabled: boolean;
  duration: number;
  expiresAt: number;
  permissions: Prisma.InputJsonValue;
}

export class RobotConflictError extends Error {}

const ROW_SELECT = {
  id: true, name: true, projectId: true, level: true, expiresAt: true, disabled: true, permissions: true,
  description: true, duration: true, visible: true, creatorRef: true, creatorType: true, creationTime: true, updateTime: true,
} as const;

type SelectedRow = Prisma.RobotGetPayload<{ select: typeof ROW_SELECT }>;
const toRow = (r: SelectedRow): RobotRow => ({ ...r, expiresAt: Number(r.expiresAt) });

export class RobotRepo {
  constructor(private readonly db: PrismaClient) {}

  /** By its stored name (without the `robot$` prefix), e.g. `ci` or `library+ci`. */
  async findByName(name: string): Promise<RobotRecord | null> {
    const r = await this.db.robot.findFirst({
      where: { name },
      select: { id: true, name: true, secret: true, projectId: true, level: true, expiresAt: true, disabled: true, permissions: true },
    });
    return r ? { ...r, expiresAt: Number(r.expiresAt) } : null;
  }

  async findById(id: number): Promise<RobotRow | null> {
    const r = await this.db.robot.findUnique({ where: { id }, select: ROW_SELECT });
    return r ? toRow(r) : null;
  }

  /**
   * Inserts a robot; RobotConflictError when the name is taken. The table is unique on (name,
   * project_id), but authentication finds robots by name alone, so a name is refused wherever it is
   * used (a robot left behind by a deleted project keeps its name).
   */
  async create(input: NewRobot): Promise<RobotRow> {
    try {
      return await this.db.$transaction(async (tx) => {
        if (await tx.robot.findFirst({ where: { name: input.name }, select: { id: true } })) throw new RobotConflictError();
        const r = await tx.robot.create({
          data: {
            name: input.name, description: input.description, secret: input.secretHash, projectId: input.projectId,
            level: input.level, duration: input.duration, expiresAt: BigInt(input.expiresAt), disabled: input.disabled,
            permissions: input.permissions, creatorRef: input.creatorRef, creatorType: input.creatorType,
            creationTime: input.creationTime, updateTime: input.creationTime,
          },
          select: ROW_SELECT,
        });
        return toRow(r);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new RobotConflictError();
      throw err;
    }
  }

  /** False when the robot no longer exists. */
  async update(id: number, changes: RobotChanges): Promise<boolean> {
    const { count } = await this.db.robot.updateMany({
      where: { id },
      data: { ...changes, expiresAt: BigInt(changes.expiresAt), updateTime: new Date() },
    });
    return count > 0;
  }

  async updateSecret(id: number, secretHash: string): Promise<boolean> {
    const { count } = await this.db.robot.updateMany({ where: { id }, data: { secret: secretHash, updateTime: new Date() } });
    return count > 0;
  }

  async delete(id: number): Promise<boolean> {
    const { count } = await this.db.robot.deleteMany({ where: { id } });
    return count > 0;
  }

  /** Visible robots of one project (0 = system robots), narrowed by `filter` (from the `q` parameter). */
  async list(projectId: number, filter: Prisma.RobotWhereInput, page: { offset: number; limit: number | undefined },
    orderBy: Prisma.RobotOrderByWithRelationInput[]): Promise<{ total: number; items: RobotRow[] }> {
    const where: Prisma.RobotWhereInput = { AND: [{ projectId, visible: true }, filter] };
    const [total, rows] = await Promise.all([
      this.db.robot.count({ where }),
      this.db.robot.findMany({ where, select: ROW_SELECT, orderBy: [...orderBy, { id: 'asc' }], skip: page.offset, take: page.limit }),
    ]);
    return { total, items: rows.map(toRow) };
  }
}
