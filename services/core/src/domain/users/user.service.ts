// Local (db_auth) user accounts as the API manages them: creation, listing and search, profiles,
// passwords, the system-admin flag, CLI secrets and (soft) deletion — with Harbor's checks in Harbor's
// order: permission first, then the request's content, then the account's existence.
import { hashPassword, hashSecret, validatePassword, verifyPassword } from '@harbor/auth';
import { escapeLike } from '@harbor/db';
import type { OIDCCliSecretReq, PasswordReq, UserCreationReq, UserProfile, UserSysAdminFlag } from '@harbor/contracts';
import { ApiError } from '../../http/errors.js';
import { DEFAULT_ADMIN_ID, isStorableText, UserConflictError, type UserListQuery, type UserProfileRecord, type UserRepo } from '../../store/user.repo.js';
import type { Principal } from '../identity/authenticator.js';
import { canManageUsers, isSelf, requireCreatable, requireUserAccess, selfRegistrationEnabled, unauthorized } from './user-access.js';

/**
 * A request body whose validation runs when `value()` is called. Harbor checks permissions before the
 * content of a body (but after its JSON types), so the route hands the service the validation to run
 * at that point; `raw` is the body as received, for the checks Harbor makes before validating.
 */
export interface Input<T> {
  readonly raw: unknown;
  value(): T;
}

export interface Page {
  offset: number;
  limit: number | undefined;
}

export interface UserServiceOptions {
  /** Whether self-registration is on (the `self_registration` setting); off when not given. */
  selfRegistration?: () => Promise<boolean>;
}

export class UserService {
  private readonly selfRegistration: () => Promise<boolean>;

  constructor(private readonly users: UserRepo, options: UserServiceOptions = {}) {
    this.selfRegistration = options.selfRegistration ?? selfRegistrationEnabled;
  }

  async create(principal: Principal, input: Input<UserCreationReq>, viaSession = false): Promise<{ id: number; username: string }> {
    requireCreatable(principal, await this.selfRegistration(), viaSession);
    const req = input.value();
    requireValidSecret(req.password);
    const comment = req.comment ?? '';
    rejectUnstorable({ username: req.username, email: req.email, realname: req.realname, comment });
    try {
      const id = await this.users.create({ username: req.username, email: req.email, realname: req.realname, comment, passwordHash: await hashPassword(req.password) });
      return { id, username: req.username };
    } catch (err) {
      if (err instanceof UserConflictError) throw new ApiError('CONFLICT', `user ${req.username} or email ${req.email} already exists`);
      throw err;
    }
  }

  /** Every user but the default admin (system `user` list access); `query` is parsed after the check. */
  async list(principal: Principal, query: () => UserListQuery, page: Page): Promise<{ total: number; items: UserProfileRecord[] }> {
    requireUserAccess(principal, 'list');
    return this.users.list(query(), page);
  }

  /** Any authenticated caller: ids and names containing `username` (case-insensitive). */
  async search(principal: Principal, username: string, page: Page): Promise<{ total: number; items: UserProfileRecord[] }> {
    if (principal.kind === 'anonymous') throw unauthorized();
    if (!isStorableText(username)) return { total: 0, items: [] };
    const where = { username: { contains: escapeLike(username), mode: 'insensitive' as const } };
    return this.users.list({ where, orderBy: [], includeDefaultAdmin: false }, page);
  }

  async get(principal: Principal, id: number): Promise<UserProfileRecord> {
    if (principal.kind === 'anonymous') throw unauthorized();
    if (!isSelf(principal, id) && !canManageUsers(principal, 'read')) throw new ApiError('FORBIDDEN', `Not authorized to read user: ${id}`);
    return this.existing(id);
  }

  async updateProfile(principal: Principal, id: number, input: Input<UserProfile>): Promise<string> {
    this.requireModifiable(principal, id);
    const req = input.value();
    const profile = { email: req.email, realname: req.realname, comment: req.comment ?? '' };
    rejectUnstorable(profile);
    const user = await this.existing(id);
    try {
      if (!(await this.users.updateProfile(id, profile))) throw notFound(id);
    } catch (err) {
      if (err instanceof UserConflictError) throw new ApiError('CONFLICT', `email ${req.email} already exists`);
      throw err;
    }
    return user.username;
  }

  /**
   * People change their own password by proving the current one; those with system `user` update
   * access reset anyone's without it. The new password must differ from the account's current one.
   */
  async changePassword(principal: Principal, id: number, input: Input<PasswordReq>): Promise<string> {
    this.requireModifiable(principal, id);
    const target = await this.users.findById(id);
    if (isSelf(principal, id)) {
      const old = rawField(input.raw, 'old_password');
      if (!target || old === undefined || !(await verifyPassword(old, target.password))) throw new ApiError('FORBIDDEN', 'Current password is incorrect');
    }
    const req = input.value();
    requireValidSecret(req.new_password);
    if (!target) throw notFound(id);
    if (await verifyPassword(req.new_password, target.password)) throw new ApiError('BAD_REQUEST', 'New password is identical to old password');
    if (!(await this.users.updatePassword(id, await hashPassword(req.new_password)))) throw notFound(id);
    return target.username;
  }

  async setSysadmin(principal: Principal, id: number, input: Input<UserSysAdminFlag>): Promise<string> {
    requireUserAccess(principal, 'update');
    // Not in Harbor's handler: an admin demoting themselves could leave the system without any admin.
    if (isSelf(principal, id)) throw new ApiError('FORBIDDEN', 'You cannot change your own system admin flag');
    const req = input.value();
    const user = await this.existing(id);
    if (!(await this.users.setSysadmin(id, req.sysadmin_flag))) throw notFound(id);
    return user.username;
  }

  /**
   * The CLI secret: a second credential for Basic logins (docker login) next to the password. Harbor
   * offers it under OIDC only; here it is kept for every local account, as the Authenticator accepts it.
   */
  async setCliSecret(principal: Principal, id: number, input: Input<OIDCCliSecretReq>): Promise<string> {
    if (principal.kind === 'anonymous') throw unauthorized();
    if (!isSelf(principal, id) && !canManageUsers(principal, 'update')) throw new ApiError('FORBIDDEN', `Not authorized to update the CLI secret for user: ${id}`);
    const req = input.value();
    requireValidSecret(req.secret);
    const user = await this.existing(id);
    if (!(await this.users.setCliSecret(id, await hashSecret(req.secret)))) throw notFound(id);
    return user.username;
  }

  /** Marks the user deleted (freeing name and e-mail) and drops its memberships; returns its name. */
  async delete(principal: Principal, id: number): Promise<string> {
    requireUserAccess(principal, 'delete', 'Not authorized to delete users');
    if (isSelf(principal, id) || id === DEFAULT_ADMIN_ID) throw new ApiError('FORBIDDEN', `User with ID ${id} cannot be deleted`);
    const user = await this.existing(id);
    if (!(await this.users.markDeleted(id))) throw notFound(id);
    return user.username;
  }

  /** Harbor's requireModifiable under db_auth: system `user` update access, or one's own account. */
  private requireModifiable(principal: Principal, id: number): void {
    if (principal.kind === 'anonymous') throw unauthorized();
    if (!canManageUsers(principal, 'update') && !isSelf(principal, id)) throw new ApiError('FORBIDDEN', `User with ID ${id} can't be updated`);
  }

  private async existing(id: number): Promise<UserProfileRecord> {
    const user = await this.users.profile(id);
    if (!user) throw notFound(id);
    return user;
  }
}

function notFound(id: number): ApiError {
  return new ApiError('NOT_FOUND', `user ${id} not found`);
}

/**
 * Harbor's requireValidSecret (the contracts check it) plus the 128-byte cap of its robot-secret rule,
 * which keeps pathological inputs away from the password hash.
 */
function requireValidSecret(secret: string): void {
  const check = validatePassword(secret);
  if (!check.ok) throw new ApiError('BAD_REQUEST', check.reason);
}

/** NUL and lone surrogates cannot be stored: such input is the client's error, not the database's. */
function rejectUnstorable(fields: Record<string, string>): void {
  for (const [name, value] of Object.entries(fields)) {
    if (!isStorableText(value)) throw new ApiError('BAD_REQUEST', `${name} contains illegal characters`);
  }
}

/** A string field of the body as sent (before validation), if it is one. */
function rawField(raw: unknown, name: string): string | undefined {
  const v = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>)[name] : undefined;
  return typeof v === 'string' ? v : undefined;
}

