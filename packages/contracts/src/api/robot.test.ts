import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RobotCreateSchema, RobotCreatedSchema, RobotSchema, RobotSecSchema, RobotUpdateSchema } from './robot.js';

const projectRobot = {
  name: 'ci-bot',
  description: 'pushes from CI',
  level: 'project',
  duration: 30,
  permissions: [{ kind: 'project', namespace: 'library', access: [{ resource: 'repository', action: 'push' }] }],
};

test('RobotCreate accepts project and system robots', () => {
  assert.deepEqual(RobotCreateSchema.parse(projectRobot), projectRobot);
  const system = {
    name: 'ops.bot_1',
    level: 'system',
    duration: -1,
    disable: false,
    secret: 'Abcdefg1',
    permissions: [
      { kind: 'system', namespace: '/', access: [{ resource: 'project', action: 'create' }] },
      { kind: 'project', namespace: '*', access: [{ resource: 'repository', action: 'pull', effect: 'allow' }] },
    ],
  };
  assert.deepEqual(RobotCreateSchema.parse(system), system);
});

test('RobotCreate rejects what Harbor\'s robot handler rejects', () => {
  const bad: unknown[] = [
    { ...projectRobot, name: 'CI' },
    { ...projectRobot, name: 'a+b' },
    { ...projectRobot, name: '' },
    { ...projectRobot, duration: 0 },
    { ...projectRobot, duration: -2 },
    { ...projectRobot, duration: 2147483647 },
    { ...projectRobot, duration: 1.5 },
    { ...projectRobot, duration: undefined },
    { ...projectRobot, level: 'global' },
    { ...projectRobot, permissions: [] },
    { ...projectRobot, permissions: [{ kind: 'project', namespace: 'library', access: [] }] },
    { ...projectRobot, permissions: [projectRobot.permissions[0], { ...projectRobot.permissions[0], namespace: 'other' }] },
    { ...projectRobot, secret: 'weak' },
    { ...projectRobot, secret: 'A1' + 'a'.repeat(127) },
  ];
  for (const body of bad) assert.equal(RobotCreateSchema.safeParse(body).success, false, JSON.stringify(body));
});

test('RobotUpdate keeps the stored duration when none is sent', () => {
  const { duration: _omit, ...rest } = projectRobot;
  assert.ok(RobotUpdateSchema.safeParse({ ...rest, name: 'robot$library+ci-bot' }).success);
  assert.equal(RobotUpdateSchema.safeParse({ ...rest, name: 'x', duration: 0 }).success, false);
});

test('RobotSec: empty asks for a generated secret, a given one must be strong', () => {
  assert.ok(RobotSecSchema.safeParse({}).success);
  assert.ok(RobotSecSchema.safeParse({ secret: '' }).success);
  assert.ok(RobotSecSchema.safeParse({ secret: 'Str0ngSecret' }).success);
  assert.equal(RobotSecSchema.safeParse({ secret: 'weak' }).success, false);
});

test('robot responses', () => {
  const robot = {
    id: 1,
    name: 'robot$library+ci-bot',
    description: '',
    level: 'project',
    duration: 30,
    editable: true,
    disable: false,
    expires_at: 1717236000,
    permissions: projectRobot.permissions,
    creator_type: 'local',
    creator_ref: 1,
    creation_time: '2024-05-01T10:00:00.000Z',
    update_time: '2024-05-01T10:00:00.000Z',
  };
  assert.deepEqual(RobotSchema.parse(robot), robot);
  assert.equal(RobotSchema.safeParse({ ...robot, editable: undefined }).success, false);
  assert.ok(
    RobotCreatedSchema.safeParse({ id: 1, name: 'robot$library+ci-bot', secret: 's', creation_time: '2024-05-01T10:00:00.000Z', expires_at: -1 }).success,
  );
});
