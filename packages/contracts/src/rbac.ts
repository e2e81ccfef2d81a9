// Identity and authorisation shapes of Harbor's API: project role names, robot account permissions
// (`POST /robots`, `GET /robots/{id}`) and the `{resource, action}` pairs `/permissions` and
// `/users/current/permissions` answer with. The evaluation itself lives in @harbor/auth.
import { z } from 'zod';

/** Project roles as `role_name` shows them; ids are projectAdmin=1, developer=2, guest=3, maintainer=4, limitedGuest=5. */
export const ROLE_NAMES = ['projectAdmin', 'developer', 'guest', 'maintainer', 'limitedGuest'] as const;
export const RoleNameSchema = z.enum(ROLE_NAMES);
export type RoleName = z.infer<typeof RoleNameSchema>;

/** `role_id` in member requests (RoleRequest, ProjectMember). */
export const RoleIdSchema = z.number().int().min(1).max(5);

/**
 * One grant of a robot. Harbor stores an empty effect for grants created without one and reads it as
 * `allow`; `deny` overrides any allow on the same resource and action (casbin's deny-override effect).
 */
export const RobotAccessSchema = z.object({
  resource: z.string().min(1),
  action: z.string().min(1),
  effect: z.enum(['allow', 'deny', '']).optional(),
});
export type RobotAccess = z.infer<typeof RobotAccessSchema>;

/**
 * `{kind, namespace, access}`: kind `system` with namespace `/` (system resources), or kind `project`
 * with a project name or `*` (every project).
 */
export const RobotPermissionSchema = z
  .object({
    kind: z.enum(['system', 'project']),
    namespace: z.string().min(1),
    access: z.array(RobotAccessSchema),
  })
  .superRefine((value, ctx) => {
    if (value.kind === 'system' && value.namespace !== '/') {
      ctx.addIssue({ code: 'custom', path: ['namespace'], message: 'a system permission must use namespace "/"' });
    }
    if (value.kind === 'project' && value.namespace === '/') {
      ctx.addIssue({ code: 'custom', path: ['namespace'], message: 'a project permission needs a project name or "*"' });
    }
  });
export type RobotPermission = z.infer<typeof RobotPermissionSchema>;

/** The Harbor `Permission` definition: one resource and one action. */
export const PermissionSchema = z.object({ resource: z.string(), action: z.string() });
export type Permission = z.infer<typeof PermissionSchema>;

/** `GET /api/v2.0/permissions`: what a robot may be granted, per level. */
export const PermissionsSchema = z.object({
  system: z.array(PermissionSchema).optional(),
  project: z.array(PermissionSchema).optional(),
});
export type Permissions = z.infer<typeof PermissionsSchema>;
