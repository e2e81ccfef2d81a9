// Harbor's RequireSystemAccess: system administrators may do anything system-wide; system robot accounts
// what their system-level permissions grant; everybody else is refused (401 when anonymous).
import { robotSystemPermissions } from '@harbor/auth';
import { ApiError } from '../../http/errors.js';
import type { Principal } from './authenticator.js';

export function requireSystemAccess(principal: Principal, resource: string, action: string): void {
  if (principal.kind === 'anonymous') throw new ApiError('UNAUTHORIZED', 'UnAuthorized');
  const allowed = principal.kind === 'user'
    ? principal.sysadmin
    : robotSystemPermissions({ level: principal.level, permissions: principal.permissions }).can(resource, action);
  if (!allowed) throw new ApiError('FORBIDDEN', 'forbidden');
}
