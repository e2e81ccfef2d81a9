// Users (harbor_user). The only code in core that touches that table; deleting a user also removes its
// project memberships (project_member rows of entity type 'u') in the same transaction, so a deleted
// account never keeps a role a later user of the same name would inherit.
import { randomBytes } from 'node:crypto';
import { isInt32Id, isStorableText, isUniqueViolation, Prisma, type PrismaClient, queryRows } from '@harbor/db';

export interface UserRecord {
  id: number;
  username: string;
  email: string | null;
  password: string;
  cliSecret: string | null;
  sysadmin: boolean;
}

const USER_COLUMNS = Prisma.raw('user_id AS id, username, email, password, cli_secret AS "cliSecret", sysadmin_flag AS sysadmin');

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

const PROFILE_SELECT = { id: true, username: true, email: true, realname: true, comment: true, sysadminFlag: true, creationTime: true, updateTime: true } as const;

function toProfile(u: Prisma.UserGetPayload<{ select: typeof PROFILE_SELECT }>): UserProfileRecord {
  return { id: u.id, username: u.username, email: u.email, realname: u.realname, comment: u.comment, sysadmin: u.sysadminFlag, creationTime: u.creationTime, updateTime: u.updateTime };
}

/** A username or e-mail address another (not deleted) user already holds. */
export class UserConflictError extends Error {}

/** Harbor's built-in administrator: user 1, never listed, never deleted. */
export const DEFAULT_ADMIN_ID = 1;

// user_id is an INTEGER column: ids beyond it cannot exist, and PostgreSQL would refuse the comparison.
const storableId = isInt32Id;

export { isStorableText };
const storableText = isStorableText;

export interface NewUser {
  username: string;
  email: string;
  realname: string;
  comment: string;
  passwordHash: string;
}

export interface UserListQuery {
  /** Conditions on harbor_user (built from the API's `q`); deleted users are always left out. */
  where: Prisma.UserWhereInput;
  orderBy: Prisma.UserOrderByWithRelationInput[];
  /** Harbor leaves the default admin out of lists unless the query names user ids. */
  includeDefaultAdmin: boolean;
}

export class UserRepo {
  constructor(private readonly db: PrismaClient) {}

  async findByName(username: string): Promise<UserRecord | null> {
    if (!storableText(username)) return null;
    // Every Basic-authenticated request looks its user up: a prepared statement.
    const [u] = await queryRows<UserRecord>(this.db, Prisma.sql`
      SELECT ${USER_COLUMNS} FROM harbor_user WHERE username = ${username} AND NOT deleted LIMIT 1`, { prepare: true });
    return u ?? null;
  }

  async findById(id: number): Promise<UserRecord | null> {
    if (!storableId(id)) return null;
    // Every session-authenticated request looks its user up, as above.
    const [u] = await queryRows<UserRecord>(this.db, Prisma.sql`
      SELECT ${USER_COLUMNS} FROM harbor_user WHERE user_id = ${id} AND NOT deleted LIMIT 1`, { prepare: true });
    return u ?? null;
  }

  async idByName(username: string): Promise<number | null> {
    if (!storableText(username)) return null;
    const u = await this.db.user.findFirst({ where: { username, deleted: false }, select: { id: true } });
    return u?.id ?? null;
  }

  async profile(id: number): Promise<UserProfileRecord | null> {
    if (!storableId(id)) return null;
    const u = await this.db.user.findFirst({ where: { id, deleted: false }, select: PROFILE_SELECT });
    return u ? toProfile(u) : null;
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

  /** The new user's id; UserConflictError when the name or e-mail address is taken. */
  async create(user: NewUser): Promise<number> {
    try {
      const row = await this.db.user.create({
        data: { username: user.username, email: user.email, realname: user.realname, comment: user.comment, password: user.passwordHash },
        select: { id: true },
      });
      return row.id;
    } catch (err) {
      if (isUniqueViolation(err)) throw new UserConflictError();
      throw err;
    }
  }

  async list(query: UserListQuery, page: { offset: number; limit: number | undefined }): Promise<{ total: number; items: UserProfileRecord[] }> {
    const and: Prisma.UserWhereInput[] = [{ deleted: false }, query.where];
    if (!query.includeDefaultAdmin) and.push({ id: { gt: DEFAULT_ADMIN_ID } });
    const where: Prisma.UserWhereInput = { AND: and };
    const [total, rows] = await Promise.all([
      this.db.user.count({ where }),
      // the id last keeps pages stable when the requested order has ties
      this.db.user.findMany({ where, orderBy: [...query.orderBy, { id: 'asc' }], skip: page.offset, take: page.limit, select: PROFILE_SELECT }),
    ]);
    return { total, items: rows.map(toProfile) };
  }

  /** False when there is no such (undeleted) user; UserConflictError when the e-mail address is taken. */
  async updateProfile(id: number, profile: { email: string; realname: string; comment: string }): Promise<boolean> {
    if (!storableId(id)) return false;
    try {
      const { count } = await this.db.user.updateMany({ where: { id, deleted: false }, data: { ...profile, updateTime: new Date() } });
      return count > 0;
    } catch (err) {
      if (isUniqueViolation(err)) throw new UserConflictError();
      throw err;
    }
  }

  async updatePassword(id: number, passwordHash: string): Promise<boolean> {
    return this.update(id, { password: passwordHash });
  }

  async setSysadmin(id: number, sysadmin: boolean): Promise<boolean> {
    return this.update(id, { sysadminFlag: sysadmin });
  }

  async setCliSecret(id: number, secretHash: string): Promise<boolean> {
    return this.update(id, { cliSecret: secretHash });
  }

  /**
   * Harbor's soft delete: the row stays (audit logs and ownership keep pointing at it), flagged deleted,
   * with `#<id>` appended to username and e-mail so both can be registered again; the CLI secret goes,
   * and so do the user's project memberships. False when there is no such (undeleted) user.
   */
  async markDeleted(id: number): Promise<boolean> {
    if (!storableId(id)) return false;
    return this.db.$transaction(async (tx) => {
      const u = await tx.user.findFirst({ where: { id, deleted: false }, select: { username: true, email: true } });
      if (!u) return false;
      await tx.projectMember.deleteMany({ where: { entityId: id, entityType: 'u' } });
      // Someone may have registered the very name `alice#5`; then the freed name gets a longer tail.
      let suffix = `#${id}`;
      const clash = await tx.user.findFirst({
        where: { id: { not: id }, OR: [{ username: withSuffix(u.username, suffix) }, ...(u.email === null ? [] : [{ email: withSuffix(u.email, suffix) }])] },
        select: { id: true },
      });
      if (clash) suffix = `#${id}-${randomBytes(4).toString('hex')}`;
      // guarded by `deleted: false` so that of two concurrent deletes only one renames
      const { count } = await tx.user.updateMany({
        where: { id, deleted: false },
        data: {
          username: withSuffix(u.username, suffix),
          email: u.email === null ? null : withSuffix(u.email, suffix),
          deleted: true,
          cliSecret: null,
          updateTime: new Date(),
        },
      });
      return count > 0;
    });
  }

  private async update(id: number, data: Prisma.UserUpdateManyMutationInput): Promise<boolean> {
    if (!storableId(id)) return false;
    const { count } = await this.db.user.updateMany({ where: { id, deleted: false }, data: { ...data, updateTime: new Date() } });
    return count > 0;
  }
}

/** Harbor's lib.Truncate: `value + suffix`, cutting `value` so the whole fits the 255-character column. */
function withSuffix(value: string, suffix: string, max = 255): string {
  const chars = Array.from(value);
  return chars.length + suffix.length <= max ? value + suffix : chars.slice(0, max - suffix.length).join('') + suffix;
}
