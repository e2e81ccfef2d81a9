import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harborValidationStatus } from './common.js';
import { ProjectMemberEntitySchema, ProjectMemberSchema, RoleRequestSchema } from './member.js';
import {
  PasswordReqSchema,
  UserCreationReqSchema,
  UserProfileSchema,
  UserRespSchema,
  UserSearchRespItemSchema,
  UserSysAdminFlagSchema,
} from './user.js';

const newUser = { username: 'alice', email: 'alice@example.com', realname: 'Alice A', comment: 'qa', password: 'Passw0rdX' };

test('UserCreationReq accepts what Harbor accepts', () => {
  assert.deepEqual(UserCreationReqSchema.parse(newUser), newUser);
  assert.ok(UserCreationReqSchema.safeParse({ ...newUser, comment: undefined }).success);
  assert.ok(UserCreationReqSchema.safeParse({ ...newUser, email: '"quoted name"@example.org' }).success);
  assert.ok(UserCreationReqSchema.safeParse({ ...newUser, realname: 'Zoë 张' }).success);
});

test('UserCreationReq rejects what Harbor rejects', () => {
  const cases: Array<[Record<string, unknown>, 400 | 422]> = [
    [{ ...newUser, password: 'short1A' }, 400],
    [{ ...newUser, password: 'alllowercase1' }, 400],
    [{ ...newUser, password: 'ALLUPPERCASE1' }, 400],
    [{ ...newUser, password: 'NoDigitsHere' }, 400],
    [{ ...newUser, email: '' }, 400],
    [{ ...newUser, email: 'not-an-email' }, 400],
    [{ ...newUser, email: 'a@b' }, 400],
    [{ ...newUser, realname: '' }, 400],
    [{ ...newUser, realname: 'a,b' }, 400],
    [{ ...newUser, realname: '100%' }, 400],
    [{ ...newUser, comment: 'x'.repeat(31) }, 400],
    [{ ...newUser, comment: 'é'.repeat(16) }, 400], // 32 bytes: Harbor counts bytes
    [{ ...newUser, username: '' }, 400],
    [{ ...newUser, username: 'u'.repeat(256) }, 422],
    [{ ...newUser, username: 7 }, 422],
    [{ ...newUser, password: undefined }, 400],
  ];
  for (const [body, status] of cases) {
    const r = UserCreationReqSchema.safeParse(body);
    assert.equal(r.success, false, JSON.stringify(body));
    if (!r.success) assert.equal(harborValidationStatus(r.error, body), status, JSON.stringify(body));
  }
});

test('UserProfile, PasswordReq, UserSysAdminFlag', () => {
  assert.ok(UserProfileSchema.safeParse({ email: 'a@example.com', realname: 'A' }).success);
  assert.equal(UserProfileSchema.safeParse({ realname: 'A' }).success, false);
  assert.equal(UserProfileSchema.safeParse({ email: 'a@example.com', realname: 'A', comment: 5 }).success, false);
  assert.ok(PasswordReqSchema.safeParse({ old_password: 'whatever', new_password: 'N3wPassword' }).success);
  assert.ok(PasswordReqSchema.safeParse({ new_password: 'N3wPassword' }).success); // admin reset
  assert.equal(PasswordReqSchema.safeParse({ old_password: 'x', new_password: 'weak' }).success, false);
  assert.deepEqual(UserSysAdminFlagSchema.parse({ sysadmin_flag: true }), { sysadmin_flag: true });
  assert.deepEqual(UserSysAdminFlagSchema.parse({}), { sysadmin_flag: false });
  assert.equal(UserSysAdminFlagSchema.safeParse({ sysadmin_flag: 'true' }).success, false);
});

test('user responses', () => {
  const u = {
    user_id: 3,
    username: 'alice',
    email: 'alice@example.com',
    realname: 'Alice',
    comment: '',
    sysadmin_flag: false,
    admin_role_in_auth: false,
    creation_time: '2024-05-01T10:00:00.000Z',
    update_time: '2024-05-01T10:00:00Z',
  };
  assert.deepEqual(UserRespSchema.parse(u), u);
  assert.equal(UserRespSchema.safeParse({ ...u, sysadmin_flag: undefined }).success, false);
  assert.ok(UserSearchRespItemSchema.safeParse({ user_id: 3, username: 'alice' }).success);
});

test('project member requests', () => {
  const ok = [
    { role_id: 1, member_user: { username: 'alice' } },
    { role_id: 2, member_user: { user_id: 3 } },
    { role_id: 3, member_group: { id: 4 } },
    { role_id: 4, member_group: { group_name: 'devs', group_type: 3 } },
    { role_id: 5, member_group: { ldap_group_dn: 'cn=devs,dc=example,dc=com', group_type: 1 } },
  ];
  for (const m of ok) assert.deepEqual(ProjectMemberSchema.parse(m), m);
  const bad = [
    { role_id: 1 },
    { role_id: 1, member_user: {} },
    { role_id: 1, member_user: { user_id: 0 } },
    { role_id: 1, member_group: { group_type: 1 } },
    { role_id: 0, member_user: { username: 'alice' } },
    { role_id: 6, member_user: { username: 'alice' } },
    { role_id: '1', member_user: { username: 'alice' } },
    { role_id: 1, member_group: { id: 4, group_type: 9 } },
  ];
  for (const m of bad) assert.equal(ProjectMemberSchema.safeParse(m).success, false, JSON.stringify(m));
  assert.ok(RoleRequestSchema.safeParse({ role_id: 4 }).success);
  assert.equal(RoleRequestSchema.safeParse({}).success, false);
  assert.ok(
    ProjectMemberEntitySchema.safeParse({
      id: 1, project_id: 1, entity_name: 'admin', role_name: 'projectAdmin', role_id: 1, entity_id: 1, entity_type: 'u',
    }).success,
  );
});
