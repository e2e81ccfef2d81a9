import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RobotPermission } from '@harbor/contracts';
import { robotPermissions, robotSystemPermissions } from './evaluator.js';
import { ROBOT_PROJECT_GRANTABLE, ROBOT_SYSTEM_GRANTABLE, ungrantableRobotAccess } from './robot-grants.js';
import { CONCRETE_ACTIONS, PROJECT_RESOURCE_NAMES } from './roles.js';

const library = { name: 'library', id: 1 };
const team = { name: 'team', id: 7 };

function projectGrant(namespace: string, ...access: RobotPermission['access']): RobotPermission {
  return { kind: 'project', namespace, access };
}

test('a system robot with namespace * holds its grants on every project', () => {
  const robot = { level: 'system' as const, permissions: [projectGrant('*', { resource: 'repository', action: 'pull' }, { resource: 'repository', action: 'push' })] };
  for (const project of [library, team]) {
    const e = robotPermissions(robot, project);
    assert.equal(e.can('repository', 'pull'), true);
    assert.equal(e.can('repository', 'push'), true);
    assert.equal(e.can('repository', 'delete'), false);
    assert.equal(e.can('artifact', 'read'), false);
    assert.equal(e.sysAdmin, false);
  }
});

test('a system robot naming one project holds nothing on another', () => {
  const robot = { level: 'system' as const, permissions: [projectGrant('library', { resource: 'repository', action: 'pull' })] };
  assert.equal(robotPermissions(robot, library).can('repository', 'pull'), true);
  assert.equal(robotPermissions(robot, team).can('repository', 'pull'), false);
});

test('a project robot is limited to its project, and * does not widen it', () => {
  const robot = {
    level: 'project' as const,
    permissions: [projectGrant('team', { resource: 'repository', action: 'push' }, { resource: 'artifact', action: 'list' })],
  };
  const own = robotPermissions(robot, team);
  assert.equal(own.can('repository', 'push'), true);
  assert.equal(own.can('repository', 'pull'), true, 'push brings pull for project robots');
  assert.equal(own.can('artifact', 'list'), true);
  assert.equal(own.can('artifact', 'delete'), false);
  assert.deepEqual(own.permissions(), [
    { resource: 'repository', action: 'pull' },
    { resource: 'repository', action: 'push' },
    { resource: 'artifact', action: 'list' },
  ]);
  const other = robotPermissions(robot, library);
  assert.equal(other.can('repository', 'pull'), false);
  assert.deepEqual(other.permissions(), []);

  const wildcard = { level: 'project' as const, permissions: [projectGrant('*', { resource: 'repository', action: 'pull' })] };
  assert.equal(robotPermissions(wildcard, team).can('repository', 'pull'), false);
});

test('a system robot push does not imply pull (only project robots get that)', () => {
  const robot = { level: 'system' as const, permissions: [projectGrant('team', { resource: 'repository', action: 'push' })] };
  assert.equal(robotPermissions(robot, team).can('repository', 'pull'), false);
});

test('namespaces in Harbor stored scope form (/project/<id>) are honoured', () => {
  const robot = { level: 'project' as const, permissions: [projectGrant('/project/7', { resource: 'tag', action: 'list' })] };
  assert.equal(robotPermissions(robot, team).can('tag', 'list'), true);
  assert.equal(robotPermissions(robot, library).can('tag', 'list'), false);
});

test('deny overrides allow, wildcards included', () => {
  const robot = {
    level: 'system' as const,
    permissions: [
      projectGrant('*', { resource: 'repository', action: '*' }, { resource: 'repository', action: 'delete', effect: 'deny' }),
      projectGrant('team', { resource: '*', action: 'read', effect: 'allow' }, { resource: 'metadata', action: 'read', effect: 'deny' }),
    ],
  };
  const onTeam = robotPermissions(robot, team);
  assert.equal(onTeam.can('repository', 'push'), true);
  assert.equal(onTeam.can('repository', 'scanner-pull'), true);
  assert.equal(onTeam.can('repository', 'delete'), false);
  assert.equal(onTeam.can('artifact', 'read'), true);
  assert.equal(onTeam.can('metadata', 'read'), false);
  const onLibrary = robotPermissions(robot, library);
  assert.equal(onLibrary.can('artifact', 'read'), false);
  assert.equal(onLibrary.can('repository', 'delete'), false);
});

test('an empty effect means allow, as Harbor stores it', () => {
  const robot = { level: 'project' as const, permissions: [projectGrant('team', { resource: 'scan', action: 'create', effect: '' })] };
  assert.equal(robotPermissions(robot, team).can('scan', 'create'), true);
});

test('a public project gives robots the public grants, and a deny takes them away', () => {
  const plain = { level: 'project' as const, permissions: [projectGrant('team', { resource: 'artifact', action: 'delete' })] };
  assert.equal(robotPermissions(plain, { ...library, public: true }).can('repository', 'pull'), true);
  assert.equal(robotPermissions(plain, { ...library, public: false }).can('repository', 'pull'), false);
  const denying = { level: 'system' as const, permissions: [projectGrant('*', { resource: 'repository', action: 'pull', effect: 'deny' })] };
  const e = robotPermissions(denying, { ...library, public: true });
  assert.equal(e.can('repository', 'pull'), false);
  assert.equal(e.can('repository', 'list'), true);
});

test('a robot is never a system admin, however much it holds', () => {
  const everything = {
    level: 'system' as const,
    permissions: [
      { kind: 'system' as const, namespace: '/', access: [{ resource: '*', action: '*' }] },
      projectGrant('*', { resource: '*', action: '*' }),
    ],
  };
  const e = robotPermissions(everything, library);
  assert.equal(e.sysAdmin, false);
  for (const resource of PROJECT_RESOURCE_NAMES) for (const action of CONCRETE_ACTIONS) assert.equal(e.can(resource, action), true);
  const s = robotSystemPermissions(everything);
  assert.equal(s.sysAdmin, false);
  assert.equal(s.can('garbage-collection', 'create'), true);
});

test('system grants apply only to system robots, only with namespace /, and only to system resources', () => {
  const permissions: RobotPermission[] = [
    { kind: 'system', namespace: '/', access: [{ resource: 'registry', action: 'create' }, { resource: 'project', action: 'list' }] },
    projectGrant('library', { resource: 'repository', action: 'pull' }),
  ];
  const system = robotSystemPermissions({ level: 'system', permissions });
  assert.equal(system.can('registry', 'create'), true);
  assert.equal(system.can('registry', 'delete'), false);
  assert.equal(system.can('repository', 'pull'), false);
  assert.deepEqual(system.permissions(), [
    { resource: 'project', action: 'list' },
    { resource: 'registry', action: 'create' },
  ]);
  // Harbor once ignored a system robot's project grants when it also held system grants; both count here.
  assert.equal(robotPermissions({ level: 'system', permissions }, library).can('repository', 'pull'), true);
  assert.equal(robotPermissions({ level: 'system', permissions }, library).can('registry', 'create'), false);
  assert.equal(robotSystemPermissions({ level: 'project', permissions }).can('registry', 'create'), false);
  const malformed = robotSystemPermissions({ level: 'system', permissions: [{ kind: 'system', namespace: 'library', access: [{ resource: 'registry', action: 'create' }] }] });
  assert.equal(malformed.can('registry', 'create'), false);
});

test('grantable robot permissions follow Harbor lists', () => {
  const has = (list: readonly { resource: string; action: string }[], resource: string, action: string) =>
    list.some((p) => p.resource === resource && p.action === action);
  assert.ok(has(ROBOT_PROJECT_GRANTABLE, 'repository', 'push'));
  assert.ok(has(ROBOT_PROJECT_GRANTABLE, 'repository', 'pull'));
  assert.ok(!has(ROBOT_PROJECT_GRANTABLE, 'repository', 'create'));
  assert.ok(has(ROBOT_SYSTEM_GRANTABLE, 'garbage-collection', 'stop'));
  assert.ok(has(ROBOT_SYSTEM_GRANTABLE, 'catalog', 'read'));
  assert.deepEqual(
    ungrantableRobotAccess([
      projectGrant('team', { resource: 'repository', action: 'pull' }, { resource: 'repository', action: '*' }),
      { kind: 'system', namespace: '/', access: [{ resource: 'registry', action: 'list' }, { resource: 'repository', action: 'pull' }] },
    ]),
    [
      { resource: 'repository', action: '*' },
      { resource: 'repository', action: 'pull' },
    ],
  );
});
