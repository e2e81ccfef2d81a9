// Users (harbor_user). The only code in core that touches that table.
import type { PrismaClient } from '@harbor/db';

export interface UserRecord {
  id: number;
  username: string;
  email: string | null;
  password: string;
  cliSecret: string | null;
  sysadmin: boolean;
}

const SELECT = { id: true, username: true, email: true, password: true, cliSecret: true, sysadminFlag: true } as const;

function toRecord(u: { id: number; username: string; email: string | null; password: string; cliSecret: string | null; sysadminFlag: boolean }): UserRecord {
  return { id: u.id, username: u.username, email: u.email, password: u.password, cliSecret: u.cliSecret, sysadmin: u.sysadminFlag };
}

export interface UserProfileRecord {
  id: number;
  username: string;
  email: string | null;
  realname: string;
  comment: string;
  sysadmin: boolean;
  creationTime: Date;
  updateTime: Date;
}

export class UserRepo {
  constructor(private readonly db: PrismaClient) {}

  async findByName(username: string): Promise<UserRecord | null> {
    const u = await this.db.user.findFirst({ where: { username, deleted: false }, select: SELECT });
    return u ? toRecord(u) : null;
  }

  async findById(id: number): Promise<UserRecord | null> {
    const u = await this.db.user.findFirst({ where: { id, deleted: false }, select: SELECT });
    return u ? toRecord(u) : null;
  }

  async idByName(username: string): Promise<number | null> {
    const u = await this.db.user.findFirst({ where: { username, deleted: false }, select: { id: true } });
    return u?.id ?? null;
  }

  async profile(id: number): Promise<UserProfileRecord | null> {
    const u = await this.db.user.findFirst({
      where: { id, deleted: false },
      select: { id: true, username: true, email: true, realname: true, comment: true, sysadminFlag: true, creationTime: true, updateTime: true },
    });
    return u ? { ...u, sysadmin: u.sysadminFlag } : null;
  }

  /** Creates the admin (sysadmin) account if no user named `admin` exists; true when it was created. */
  async ensureAdmin(passwordHash: string): Promise<boolean> {
    const existing = await this.db.user.findUnique({ where: { username: 'admin' }, select: { id: true } });
    if (existing) return false;
    await this.db.user.createMany({
      data: [{ username: 'admin', password: passwordHash, realname: 'system admin', comment: 'admin user', sysadminFlag: true, email: 'admin@example.com' }],
      skipDuplicates: true,
    });
    return true;
  }
}
