// Robot accounts as authentication needs them.
import type { PrismaClient } from '@harbor/db';

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
}
