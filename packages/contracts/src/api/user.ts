// Users in Harbor's API v2.0: `UserCreationReq` (POST /users), `UserProfile` (PUT /users/{id}),
// `PasswordReq`, `UserSysAdminFlag`, and the `UserResp` / `UserSearchRespItem` answers
// (`GET /users/current` also answers a UserResp). Request rules follow Harbor's user handler
// (src/server/v2.0/handler/user.go: validateUserProfile, requireValidSecret).
import { z } from 'zod';
import { DateTimeSchema, IntSchema, PASSWORD_RULE_MESSAGE, byteLength, byteLengthString, isValidPassword } from './common.js';

// Harbor's e-mail pattern, kept verbatim so we accept and refuse the same addresses.
const EMAIL_RE =
  /^(([^<>()[\]\\.,;:\s@"]+(\.[^<>()[\]\\.,;:\s@"]+)*)|(".+"))@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\])|(([a-zA-Z\-0-9]+\.)+[a-zA-Z]{2,}))$/;
const REALNAME_ILLEGAL = [',', '~', '#', '$', '%'];

export const EmailSchema = z
  .string()
  .min(1, "email can't be empty")
  .max(255)
  .regex(EMAIL_RE, 'email with illegal format');

export const RealnameSchema = byteLengthString(1, 255, 'realname').refine(
  (s) => !REALNAME_ILLEGAL.some((c) => s.includes(c)),
  'realname contains illegal characters',
);

export const CommentSchema = z.string().refine((s) => byteLength(s) <= 30, 'comment with illegal length');

export const PasswordSchema = z.string().refine((s) => isValidPassword(s), PASSWORD_RULE_MESSAGE);

/** `PUT /users/{user_id}`: Harbor requires e-mail and real name and caps the comment at 30 bytes. */
export const UserProfileSchema = z.object({
  email: EmailSchema,
  realname: RealnameSchema,
  comment: CommentSchema.optional(),
});
export type UserProfile = z.infer<typeof UserProfileSchema>;

/** `POST /users` (db_auth only). */
export const UserCreationReqSchema = z.object({
  // the swagger caps it at 255 characters; Harbor's handler adds no rule of its own
  username: z.string().min(1, 'username is required').max(255),
  email: EmailSchema,
  realname: RealnameSchema,
  comment: CommentSchema.optional(),
  password: PasswordSchema,
});
export type UserCreationReq = z.infer<typeof UserCreationReqSchema>;

/**
 * `PUT /users/{user_id}/password`. `old_password` is checked only when users change their own
 * password (an admin resetting someone else's sends none).
 */
export const PasswordReqSchema = z.object({
  old_password: z.string().optional(),
  new_password: PasswordSchema,
});
export type PasswordReq = z.infer<typeof PasswordReqSchema>;

/** `PUT /users/{user_id}/sysadmin`; Go decodes a missing flag as false. */
export const UserSysAdminFlagSchema = z.object({ sysadmin_flag: z.boolean().default(false) });
export type UserSysAdminFlag = z.infer<typeof UserSysAdminFlagSchema>;

/** `PUT /users/{user_id}/cli_secret` (OIDC): same strength rule as passwords. */
export const OIDCCliSecretReqSchema = z.object({ secret: PasswordSchema });
export type OIDCCliSecretReq = z.infer<typeof OIDCCliSecretReqSchema>;

export const OIDCUserInfoSchema = z.object({
  id: IntSchema.optional(),
  user_id: IntSchema.optional(),
  subiss: z.string().optional(),
  secret: z.string().optional(),
  creation_time: DateTimeSchema.optional(),
  update_time: DateTimeSchema.optional(),
});
export type OIDCUserInfo = z.infer<typeof OIDCUserInfoSchema>;

/** A user as `GET /users`, `GET /users/{id}` and `GET /users/current` answer; the two flags are always sent. */
export const UserRespSchema = z.object({
  user_id: IntSchema,
  username: z.string(),
  email: z.string().optional(),
  realname: z.string().optional(),
  comment: z.string().optional(),
  sysadmin_flag: z.boolean(),
  admin_role_in_auth: z.boolean(),
  oidc_user_meta: OIDCUserInfoSchema.optional(),
  creation_time: DateTimeSchema.optional(),
  update_time: DateTimeSchema.optional(),
});
export type UserResp = z.infer<typeof UserRespSchema>;

/** `GET /users/search?username=`. */
export const UserSearchRespItemSchema = z.object({
  user_id: IntSchema,
  username: z.string(),
});
export type UserSearchRespItem = z.infer<typeof UserSearchRespItemSchema>;
