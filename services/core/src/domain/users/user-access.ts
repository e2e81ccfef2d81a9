// Who may do what to user accounts, as Harbor's user handler decides it (src/server/v2.0/handler/user.go):
// system access on the `user` resource (system admins; system robots holding a `user` grant), "self"
// for a person acting on their own account, and whether people may register themselves.
import { robotSystemPermissions } from '@harbor/auth';
import { ApiError } from '../../http/errors.js';
import type { Principal } from '../identity/authenticator.js';

export type UserAction = 'create' | 'read' | 'update' | 'delete' | 'list';

/** May the caller do `action` on the system's `user` resource (any account, not just its own)? */
export function canManageUsers(principal: Principal, action: UserAction): boolean {
  if (principal.kind === 'user') return principal.sysadmin;
  if (principal.kind === 'robot') return robotSystemPermissions({ level: principal.level, permissions: principal.permissions }).can('user', action);
  return false;
}

/** Harbor's matchUserID: only a person (never a robot) is "self", and only for their own id. */
export function isSelf(principal: Principal, userId: number): boolean {
  return principal.kind === 'user' && principal.id === userId;
}

export function unauthorized(): ApiError {
  return new ApiError('UNAUTHORIZED', 'UnAuthorized');
}

/** Harbor's RequireSystemAccess: 401 for anonymous callers, 403 for callers without the permission. */
export function requireUserAccess(principal: Principal, action: UserAction, message = 'forbidden'): void {
  if (principal.kind === 'anonymous') throw unauthorized();
  if (!canManageUsers(principal, action)) throw new ApiError('FORBIDDEN', message);
}

/**
 * Whether self-registration is on when no settings are at hand: off, as in a fresh Harbor. Core passes
 * UserService the `self_registration` setting (GET/PUT /configurations) instead.
 */
export async function selfRegistrationEnabled(): Promise<boolean> {
  return false;
}

/**
 * Harbor's requireCreatable under db_auth. Without self-registration only those with system `user`
 * create access may create accounts. With it, anyone may — but only from a portal session, never
 * through the API with credentials (`viaSession` is false until the portal's session login exists).
 */
export function requireCreatable(principal: Principal, selfRegistration: boolean, viaSession = false): void {
  if (!selfRegistration) return requireUserAccess(principal, 'create');
  if (canManageUsers(principal, 'create')) return;
  if (!viaSession) throw new ApiError('FORBIDDEN', 'self-registration cannot be triggered via API');
}
