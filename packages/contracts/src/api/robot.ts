// Robot accounts in Harbor's API v2.0: `RobotCreate` (POST /robots), `Robot` (GET, and the PUT body),
// `RobotCreated`, `RobotSec` (PATCH /robots/{id}: refresh or set the secret). Permission shapes come from
// rbac.ts; the rules below are those of Harbor's robot handler (src/server/v2.0/handler/robot.go).
import { z } from 'zod';
import { RobotPermissionSchema } from '../rbac.js';
import { DateTimeSchema, IntSchema, byteLength, stringEnum } from './common.js';

/** Harbor's `validateName`: the name part after the `robot$`/`robot$<project>+` prefix; `+` is refused. */
export const ROBOT_NAME_RE = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

export const RobotNameSchema = z
  .string()
  .max(255)
  .regex(ROBOT_NAME_RE, 'robot name is not in lower case or contains illegal characters');

/** Days; -1 = never expires; otherwise 1 … 2^31-2 (`isValidDuration`). */
export const RobotDurationSchema = z
  .number()
  .int()
  .refine((d) => d === -1 || (d > 0 && d < 2147483647), 'duration must be either -1(Never) or a positive integer');

export const RobotLevelSchema = stringEnum(['system', 'project']);

/** `robot.IsValidSec`: 8–128 bytes with a lower-case letter, an upper-case letter and a digit. */
export function isValidRobotSecret(s: string): boolean {
  const n = byteLength(s);
  return n >= 8 && n <= 128 && /[a-z]/.test(s) && /[A-Z]/.test(s) && /[0-9]/.test(s);
}
const ROBOT_SECRET_MESSAGE =
  'the secret must be 8-128, inclusively, characters long with at least 1 uppercase letter, 1 lowercase letter and 1 number';

const permissionsFor = (level: string | undefined, permissions: { kind: string; access: unknown[] }[], ctx: z.RefinementCtx) => {
  if (permissions.length === 0) ctx.addIssue({ code: 'custom', path: ['permissions'], message: 'bad request empty permission' });
  permissions.forEach((p, i) => {
    if (p.access.length === 0) ctx.addIssue({ code: 'custom', path: ['permissions', i, 'access'], message: 'bad request empty access' });
  });
  // a project robot covers exactly one project
  if (level === 'project' && permissions.length > 1) {
    ctx.addIssue({ code: 'custom', path: ['permissions'], message: 'bad request permission' });
  }
};

/**
 * `POST /robots`. Whether each `{resource, action}` is grantable at its level (rbac.PoliciesMap) and
 * whether the caller may grant it are checked by the service, not here.
 */
export const RobotCreateSchema = z
  .object({
    name: RobotNameSchema,
    description: z.string().optional(),
    secret: z.string().refine(isValidRobotSecret, ROBOT_SECRET_MESSAGE).optional(),
    level: RobotLevelSchema,
    disable: z.boolean().optional(),
    duration: RobotDurationSchema,
    permissions: z.array(RobotPermissionSchema),
  })
  .superRefine((r, ctx) => permissionsFor(r.level, r.permissions, ctx));
export type RobotCreate = z.infer<typeof RobotCreateSchema>;

/**
 * `PUT /robots/{robot_id}` body (the swagger reuses `Robot`). Name and level must equal the stored
 * robot's (checked by the service); a missing duration keeps the stored one.
 */
export const RobotUpdateSchema = z
  .object({
    id: IntSchema.optional(),
    name: z.string(),
    description: z.string().optional(),
    level: RobotLevelSchema,
    disable: z.boolean().optional(),
    duration: RobotDurationSchema.nullish(),
    permissions: z.array(RobotPermissionSchema),
  })
  .superRefine((r, ctx) => permissionsFor(r.level, r.permissions, ctx));
export type RobotUpdate = z.infer<typeof RobotUpdateSchema>;

/** A robot as listed: `name` carries the full prefixed name; `secret` is never sent back. */
export const RobotSchema = z.object({
  id: IntSchema,
  name: z.string(),
  description: z.string().optional(),
  secret: z.string().optional(),
  level: RobotLevelSchema,
  duration: IntSchema.optional(),
  editable: z.boolean(),
  disable: z.boolean(),
  expires_at: IntSchema.optional(),
  permissions: z.array(RobotPermissionSchema).optional(),
  creator_type: z.string().optional(),
  creator_ref: IntSchema.optional(),
  creation_time: DateTimeSchema.optional(),
  update_time: DateTimeSchema.optional(),
});
export type Robot = z.infer<typeof RobotSchema>;

/** `201` answer of `POST /robots`: the only time the generated secret is shown. */
export const RobotCreatedSchema = z.object({
  id: IntSchema,
  name: z.string(),
  secret: z.string(),
  creation_time: DateTimeSchema,
  expires_at: IntSchema,
});
export type RobotCreated = z.infer<typeof RobotCreatedSchema>;

/**
 * `PATCH /robots/{robot_id}` body and answer: an empty or missing secret asks Harbor to generate one
 * (returned); a given secret must pass the strength rule (and the answer's secret is then empty).
 */
export const RobotSecSchema = z.object({
  secret: z
    .string()
    .refine((s) => s === '' || isValidRobotSecret(s), ROBOT_SECRET_MESSAGE)
    .optional(),
});
export type RobotSec = z.infer<typeof RobotSecSchema>;


/** `GET /permissions` answers with the grantable permissions (shapes in rbac.ts). */
export { PermissionSchema, PermissionsSchema } from '../rbac.js';
