// Project members in Harbor's API v2.0: `ProjectMember` (POST /projects/{p}/members), `RoleRequest`
// (PUT …/members/{mid}), `ProjectMemberEntity` (what lists answer), and the user/group references a
// member request names. Role ids come from rbac.ts.
import { z } from 'zod';
import { RoleIdSchema } from '../rbac.js';
import { IntSchema } from './common.js';

/** `UserEntity`: a user named by id or by username. */
export const UserEntitySchema = z.object({
  user_id: IntSchema.optional(),
  username: z.string().optional(),
});
export type UserEntity = z.infer<typeof UserEntitySchema>;

/** `UserGroup`: group_type 1 = LDAP, 2 = HTTP, 3 = OIDC. */
export const UserGroupSchema = z.object({
  id: IntSchema.optional(),
  group_name: z.string().optional(),
  group_type: IntSchema.refine((n) => n >= 1 && n <= 3, 'group_type must be 1 (LDAP), 2 (HTTP) or 3 (OIDC)').optional(),
  ldap_group_dn: z.string().optional(),
});
export type UserGroup = z.infer<typeof UserGroupSchema>;

/**
 * `POST /projects/{project_name_or_id}/members`. Harbor's member controller looks the entity up in this
 * order and fails when none identifies one: member_user.user_id > 0, member_group.id > 0,
 * member_user.username, member_group.ldap_group_dn, member_group.group_name.
 */
export const ProjectMemberSchema = z
  .object({
    role_id: RoleIdSchema,
    member_user: UserEntitySchema.optional(),
    member_group: UserGroupSchema.optional(),
  })
  .refine(
    (m) =>
      (m.member_user?.user_id ?? 0) > 0 ||
      (m.member_group?.id ?? 0) > 0 ||
      !!m.member_user?.username ||
      !!m.member_group?.ldap_group_dn ||
      !!m.member_group?.group_name,
    { message: 'a member needs member_user (user_id or username) or member_group (id, ldap_group_dn or group_name)' },
  );
export type ProjectMember = z.infer<typeof ProjectMemberSchema>;

/** `PUT /projects/{project_name_or_id}/members/{mid}`. */
export const RoleRequestSchema = z.object({ role_id: RoleIdSchema });
export type RoleRequest = z.infer<typeof RoleRequestSchema>;

/** A member as listed: entity_type `u` (user, entity_id = user id) or `g` (group, entity_id = group id). */
export const ProjectMemberEntitySchema = z.object({
  id: IntSchema,
  project_id: IntSchema,
  entity_name: z.string(),
  role_name: z.string(),
  role_id: IntSchema,
  entity_id: IntSchema,
  entity_type: z.enum(['u', 'g']),
});
export type ProjectMemberEntity = z.infer<typeof ProjectMemberEntitySchema>;
