// GET /api/v2.0/permissions: the resources and actions robot accounts may be granted, per level, for
// the forms that create them. Any signed-in caller sees the project level; only system admins the system one.
import type { Router } from 'express';
import { ROBOT_PROJECT_GRANTABLE, ROBOT_SYSTEM_GRANTABLE } from '@harbor/auth';
import type { Permissions } from '@harbor/contracts';
import { ApiError } from '../errors.js';
import { principalOf } from '../middleware/security.middleware.js';

export function registerPermissionRoutes(router: Router): void {
  router.get('/api/v2.0/permissions', (_req, res) => {
    const principal = principalOf(res);
    if (principal.kind === 'anonymous') throw new ApiError('UNAUTHORIZED', 'UnAuthorized');
    const body: Permissions = { project: [...ROBOT_PROJECT_GRANTABLE] };
    if (principal.kind === 'user' && principal.sysadmin) body.system = [...ROBOT_SYSTEM_GRANTABLE];
    res.json(body);
  });
}
