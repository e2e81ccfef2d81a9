import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PermissionSchema, PermissionsSchema, RobotPermissionSchema, RoleIdSchema, RoleNameSchema } from './rbac.js';

test('robot permissions as Harbor sends and accepts them', () => {
  const fromHarbor = {
    kind: 'project',
    namespace: 'library',
    access: [
      { resource: 'repository', action: 'pull', effect: '' },
      { resource: 'repository', action: 'push' },
      { resource: 'artifact', action: 'delete', effect: 'deny' },
    ],
  };
  assert.deepEqual(RobotPermissionSchema.parse(fromHarbor), fromHarbor);
  assert.ok(RobotPermissionSchema.safeParse({ kind: 'project', namespace: '*', access: [] }).success);
  assert.ok(RobotPermissionSchema.safeParse({ kind: 'system', namespace: '/', access: [{ resource: 'registry', action: 'create' }] }).success);
});

test('robot permissions with a bad kind, namespace or effect are rejected', () => {
  const bad = [
    { kind: 'global', namespace: '/', access: [] },
    { kind: 'system', namespace: 'library', access: [] },
    { kind: 'project', namespace: '/', access: [] },
    { kind: 'project', namespace: '', access: [] },
    { kind: 'project', namespace: 'p', access: [{ resource: 'repository', action: 'pull', effect: 'maybe' }] },
    { kind: 'project', namespace: 'p', access: [{ resource: '', action: 'pull' }] },
    { kind: 'project', namespace: 'p' },
  ];
  for (const value of bad) assert.equal(RobotPermissionSchema.safeParse(value).success, false, JSON.stringify(value));
});

test('role names, role ids and permission shapes', () => {
  for (const name of ['projectAdmin', 'developer', 'guest', 'maintainer', 'limitedGuest']) assert.equal(RoleNameSchema.parse(name), name);
  assert.equal(RoleNameSchema.safeParse('ProjectAdmin').success, false);
  assert.equal(RoleIdSchema.safeParse(5).success, true);
  assert.equal(RoleIdSchema.safeParse(6).success, false);
  assert.equal(RoleIdSchema.safeParse(1.5).success, false);
  assert.deepEqual(PermissionSchema.parse({ resource: 'repository', action: 'pull' }), { resource: 'repository', action: 'pull' });
  assert.deepEqual(PermissionsSchema.parse({ system: [], project: [{ resource: 'tag', action: 'list' }] }), {
    system: [],
    project: [{ resource: 'tag', action: 'list' }],
  });
});
