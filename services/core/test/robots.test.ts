// /api/v2.0/robots against the real database and token service: who may create which robot, the secret
// shown once, what a robot's token grants, disabling, refreshing, expiry, listing and bad input.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { hashPassword, ROLE_IDS, TokenVerifier } from '@harbor/auth';
import { RobotCreatedSchema, RobotSchema, RobotSecSchema } from '@harbor/contracts';
import { createPrismaClient, type PrismaClient } from '@harbor/db';
import { jsonApi } from './json-api.js';
import { basic, startTestCore, type TestCore } from './helpers.js';

const ADMIN = basic('admin', 'Harbor12345');
const PADMIN = basic('padmin', 'Passw0rd!');
const DEV = basic('dev', 'Passw0rd!');
const OUT = basic('out', 'Passw0rd!');

const pushPull = (namespace: string) => [{ kind: 'project', namespace, access: [{ resource: 'repository', action: 'push' }, { resource: 'repository', action: 'pull' }] }];

describe('robot accounts', () => {
  let core: TestCore;
  let db: PrismaClient;
  let verifier: TokenVerifier;
  let teamId: number;

  const api = jsonApi(() => core.url);
  const create = (who: Record<string, string>, body: Record<string, unknown>) => api('/robots', { method: 'POST', headers: who, body });
  /** Actions the token service grants on repository `repo` to these credentials; null when refused. */
  const granted = async (who: Record<string, string>, repo: string): Promise<string[] | null> => {
    const res = await fetch(`${core.url}/service/token?service=harbor-registry&scope=repository:${repo}:pull,push`, { headers: who });
    if (res.status !== 200) return null;
    const { token } = (await res.json()) as { token: string };
    return [...(verifier.verify(token).access[0]?.actions ?? [])].sort();
  };

  before(async () => {
    core = await startTestCore();
    db = createPrismaClient(core.databaseUrl);
    verifier = new TokenVerifier({ issuer: 'harbor-token-issuer', service: 'harbor-registry', rootCertBundlePem: readFileSync(core.certPath, 'utf8') });
    const pw = await hashPassword('Passw0rd!');
    await db.user.createMany({ data: ['padmin', 'dev', 'out'].map((username) => ({ username, password: pw })) });
    for (const name of ['team', 'other']) {
      assert.equal((await api('/projects', { method: 'POST', headers: ADMIN, body: { project_name: name } })).status, 201);
    }
    teamId = (await db.project.findFirstOrThrow({ where: { name: 'team' } })).id;
    for (const [username, role] of [['padmin', ROLE_IDS.projectAdmin], ['dev', ROLE_IDS.developer]] as const) {
      const add = await api('/projects/team/members', { method: 'POST', headers: ADMIN, body: { role_id: role, member_user: { username } } });
      assert.equal(add.status, 201);
    }
  });
  after(async () => {
    await db.$disconnect();
    await core.stop();
  });

  test('a system admin creates a system robot: the secret is shown once, stored hashed, never read back', async () => {
    const res = await create(ADMIN, {
      name: 'ci', description: 'pulls everything', level: 'system', duration: -1,
      permissions: [{ kind: 'project', namespace: '*', access: [{ resource: 'repository', action: 'pull' }] }, { kind: 'system', namespace: '/', access: [{ resource: 'project', action: 'list' }] }],
    });
    assert.equal(res.status, 201);
    const created = RobotCreatedSchema.parse(res.json);
    assert.equal(created.name, 'robot$ci');
    assert.equal(created.expires_at, -1);
    assert.equal(res.headers.get('location'), `/api/v2.0/robots/${created.id}`);
    assert.match(created.secret, /^(?=.*[a-z])(?=.*[A-Z])(?=.*\d).{8,128}$/);
    const row = await db.robot.findUniqueOrThrow({ where: { id: created.id } });
    assert.equal(row.name, 'ci');
    assert.notEqual(row.secret, created.secret);
    assert.ok(!row.secret.includes(created.secret));

    const got = await api(`/robots/${created.id}`, { headers: ADMIN });
    assert.equal(got.status, 200);
    const robot = RobotSchema.parse(got.json);
    assert.equal('secret' in (got.json as object), false);
    assert.equal(robot.name, 'robot$ci');
    assert.equal(robot.level, 'system');
    assert.equal(robot.description, 'pulls everything');
    assert.equal(robot.creator_type, 'local');
    assert.deepEqual(robot.permissions?.map((p) => [p.kind, p.namespace]), [['project', '*'], ['system', '/']]);

    const ci = basic('robot$ci', created.secret);
    assert.deepEqual(await granted(ci, 'team/app'), ['pull']);
    assert.deepEqual(await granted(ci, 'other/app'), ['pull']);
  });

  test('a project admin creates a project robot that gets push and pull on its project only', async () => {
    const before = Math.floor(Date.now() / 1000);
    const res = await create(PADMIN, { name: 'builder', level: 'project', duration: 30, permissions: pushPull('team') });
    assert.equal(res.status, 201);
    const created = RobotCreatedSchema.parse(res.json);
    assert.equal(created.name, 'robot$team+builder');
    assert.ok(Math.abs(created.expires_at - (before + 30 * 86_400)) <= 5, String(created.expires_at));
    // stored by project id, shown by name
    const row = await db.robot.findUniqueOrThrow({ where: { id: created.id } });
    assert.deepEqual([row.name, row.projectId, (row.permissions as Array<{ namespace: string }>)[0].namespace], ['team+builder', teamId, `/project/${teamId}`]);
    const robot = RobotSchema.parse((await api(`/robots/${created.id}`, { headers: DEV })).json);
    assert.deepEqual(robot.permissions, pushPull('team'));

    const builder = basic('robot$team+builder', created.secret);
    assert.deepEqual(await granted(builder, 'team/app'), ['pull', 'push']);
    assert.deepEqual(await granted(builder, 'other/app'), []);
    // the robot authenticates on the API too
    assert.equal((await api(`/robots/${created.id}`, { headers: builder })).status, 403);
  });

  test('who may create: developers, outsiders, project admins at system level and robots without robot:create may not', async () => {
    const body = { name: 'nope', level: 'project', duration: -1, permissions: pushPull('team') };
    assert.equal((await create(DEV, body)).status, 403);
    assert.equal((await create(OUT, body)).status, 403);
    assert.equal((await create({}, body)).status, 401);
    assert.equal((await create(PADMIN, { ...body, permissions: pushPull('other') })).status, 403);
    assert.equal((await create(PADMIN, { ...body, level: 'system' })).status, 403);
    assert.equal((await create(PADMIN, { ...body, permissions: pushPull('ghost') })).status, 403);
    const builderRow = await db.robot.findFirstOrThrow({ where: { name: 'team+builder' } });
    const refreshed = await api(`/robots/${builderRow.id}`, { method: 'PATCH', headers: ADMIN, body: { secret: 'Builder5ecret' } });
    assert.deepEqual([refreshed.status, refreshed.json], [200, {}]);
    assert.equal((await create(basic('robot$team+builder', 'Builder5ecret'), body)).status, 403);
    assert.equal(await db.robot.count({ where: { name: { contains: 'nope' } } }), 0);
  });

  test('robots with robot:create make robots within their own grants only (Harbor ≥ 2.12)', async () => {
    const res = await create(ADMIN, {
      name: 'maker', level: 'system', duration: -1, secret: 'Maker5ecret',
      permissions: [{ kind: 'project', namespace: 'team', access: [{ resource: 'robot', action: 'create' }, { resource: 'repository', action: 'pull' }] }],
    });
    assert.equal(res.status, 201);
    assert.equal(RobotCreatedSchema.parse(res.json).secret, 'Maker5ecret');
    const maker = basic('robot$maker', 'Maker5ecret');
    const pullOnly = [{ kind: 'project', namespace: 'team', access: [{ resource: 'repository', action: 'pull' }] }];
    const child = await create(maker, { name: 'child', level: 'project', duration: -1, permissions: pullOnly });
    assert.equal(child.status, 201);
    const robot = RobotSchema.parse((await api(`/robots/${RobotCreatedSchema.parse(child.json).id}`, { headers: ADMIN })).json);
    assert.deepEqual([robot.creator_type, robot.creator_ref], ['robot', (await db.robot.findFirstOrThrow({ where: { name: 'maker' } })).id]);
    const wider = await create(maker, { name: 'wider', level: 'project', duration: -1, permissions: pushPull('team') });
    assert.equal(wider.status, 403);
    assert.match((wider.json as { errors: Array<{ message: string }> }).errors[0].message, /more restrictive than the creator robot's permissions: robot\$maker/);
    assert.equal((await create(maker, { name: 'elsewhere', level: 'project', duration: -1, permissions: [{ ...pullOnly[0], namespace: 'other' }] })).status, 403);
    assert.equal((await create(maker, { name: 'sys', level: 'system', duration: -1, permissions: pullOnly })).status, 403);
  });

  test('grants robots may not hold are refused with 400; duplicates with 409', async () => {
    const sys = (access: Array<Record<string, string>>, kind = 'system', namespace = '/') =>
      create(ADMIN, { name: 'bad', level: 'system', duration: -1, permissions: [{ kind, namespace, access }] });
    for (const res of [
      await sys([{ resource: 'configuration', action: 'update' }]),
      await sys([{ resource: 'robot', action: 'update' }]),
      await sys([{ resource: 'repository', action: '*' }], 'project', 'team'),
      await sys([{ resource: 'user', action: 'create' }], 'project', 'team'),
    ]) {
      assert.equal(res.status, 400);
      assert.match((res.json as { errors: Array<{ message: string }> }).errors[0].message, /bad request permission/);
    }
    assert.equal((await create(ADMIN, { name: 'ci', level: 'system', duration: -1, permissions: pushPull('team') })).status, 409);
    assert.equal((await create(PADMIN, { name: 'builder', level: 'project', duration: 5, permissions: pushPull('team') })).status, 409);
  });

  test('listing: system robots by default, project robots with Level=project and ProjectID, paged', async () => {
    const sys = await api('/robots?page_size=1', { headers: ADMIN });
    assert.equal(sys.status, 200);
    const names = (await api('/robots', { headers: ADMIN })).json as Array<{ name: string }>;
    assert.deepEqual(names.map((r) => r.name), ['robot$ci', 'robot$maker']);
    assert.equal(sys.headers.get('x-total-count'), '2');
    assert.match(sys.headers.get('link') ?? '', /page=2&page_size=1>; rel="next"/);
    for (const r of sys.json as unknown[]) RobotSchema.parse(r);

    const projectQ = `/robots?q=${encodeURIComponent(`Level=project,ProjectID=${teamId}`)}`;
    for (const who of [ADMIN, PADMIN, DEV]) {
      const res = await api(projectQ, { headers: who });
      assert.equal(res.status, 200);
      assert.deepEqual((res.json as Array<{ name: string }>).map((r) => r.name), ['robot$team+builder', 'robot$team+child']);
    }
    const fuzzy = await api(`${projectQ}${encodeURIComponent(',name=~child')}`, { headers: PADMIN });
    assert.deepEqual((fuzzy.json as Array<{ name: string }>).map((r) => r.name), ['robot$team+child']);
    assert.equal((await api(projectQ, { headers: OUT })).status, 403);
    assert.equal((await api(projectQ)).status, 401);
    assert.equal((await api('/robots', { headers: PADMIN })).status, 403);
    for (const q of ['Level=project', 'Level=~system', 'Level=nope', `Level=project,ProjectID=~${teamId}`, 'Level=project,ProjectID=x']) {
      assert.equal((await api(`/robots?q=${encodeURIComponent(q)}`, { headers: ADMIN })).status, 400, q);
    }
  });

  test('disabling and updating: a disabled robot is refused; name and level cannot change', async () => {
    const id = (await db.robot.findFirstOrThrow({ where: { name: 'team+builder' } })).id;
    const builder = basic('robot$team+builder', 'Builder5ecret');
    const current = RobotSchema.parse((await api(`/robots/${id}`, { headers: PADMIN })).json);
    const put = (who: Record<string, string>, changes: Record<string, unknown>) => api(`/robots/${id}`, { method: 'PUT', headers: who, body: { ...current, ...changes } });
    assert.equal((await put(PADMIN, { disable: true })).status, 200);
    assert.equal(await granted(builder, 'team/app'), null);
    assert.equal((await put(PADMIN, { name: 'robot$team+renamed' })).status, 400);
    assert.equal((await put(PADMIN, { level: 'system' })).status, 400);
    assert.equal((await put(PADMIN, { permissions: pushPull('other') })).status, 400);
    assert.equal((await put(DEV, { disable: false })).status, 403);
    assert.equal((await put(PADMIN, { disable: false, description: 'builds', duration: 2 })).status, 200);
    const after = RobotSchema.parse((await api(`/robots/${id}`, { headers: PADMIN })).json);
    assert.deepEqual([after.disable, after.description, after.duration], [false, 'builds', 2]);
    assert.equal(after.expires_at, Math.floor(Date.parse(after.creation_time!) / 1000) + 2 * 86_400);
    assert.deepEqual(await granted(builder, 'team/app'), ['pull', 'push']);
    const pullOnly = [{ kind: 'project', namespace: 'team', access: [{ resource: 'repository', action: 'pull' }] }];
    assert.equal((await put(PADMIN, { permissions: pullOnly })).status, 200);
    assert.deepEqual(await granted(builder, 'team/app'), ['pull']);
    assert.equal((await api('/robots/999999', { method: 'PUT', headers: ADMIN, body: current })).status, 404);
  });

  test('refreshing the secret: the old one stops working, the new one works; robots cannot refresh', async () => {
    const id = (await db.robot.findFirstOrThrow({ where: { name: 'ci' } })).id;
    const res = await api(`/robots/${id}`, { method: 'PATCH', headers: ADMIN, body: {} });
    assert.equal(res.status, 200);
    const { secret } = RobotSecSchema.parse(res.json);
    assert.ok(secret);
    assert.deepEqual(await granted(basic('robot$ci', secret), 'team/app'), ['pull']);
    const again = RobotSecSchema.parse((await api(`/robots/${id}`, { method: 'PATCH', headers: ADMIN, body: { secret: '' } })).json).secret!;
    assert.notEqual(again, secret);
    assert.equal(await granted(basic('robot$ci', secret), 'team/app'), null);
    assert.deepEqual(await granted(basic('robot$ci', again), 'team/app'), ['pull']);
    // Harbor never grants robots robot:update, so no robot refreshes a secret, not even its own.
    assert.equal((await api(`/robots/${id}`, { method: 'PATCH', headers: basic('robot$ci', again), body: {} })).status, 403);
    assert.equal((await api(`/robots/${id}`, { method: 'PATCH', headers: ADMIN, body: { secret: 'weak' } })).status, 400);
    assert.equal((await api(`/robots/${id}`, { method: 'PATCH', headers: PADMIN, body: {} })).status, 403);
    assert.equal((await api('/robots/999999', { method: 'PATCH', headers: ADMIN, body: {} })).status, 404);
  });

  test('an expired robot is refused', async () => {
    const res = await create(ADMIN, { name: 'brief', level: 'system', duration: 1, permissions: pushPull('team') });
    const created = RobotCreatedSchema.parse(res.json);
    assert.ok(Math.abs(created.expires_at - (Math.floor(Date.now() / 1000) + 86_400)) <= 5);
    const brief = basic('robot$brief', created.secret);
    assert.deepEqual(await granted(brief, 'team/app'), ['pull', 'push']);
    await db.robot.update({ where: { id: created.id }, data: { expiresAt: BigInt(Math.floor(Date.now() / 1000) - 60) } });
    assert.equal(await granted(brief, 'team/app'), null);
    assert.equal((await api('/projects', { headers: brief })).status, 401);
  });

  test('bad input is a 4xx, never a 500', async () => {
    const good = { name: 'okay', level: 'project', duration: -1, permissions: pushPull('team') };
    const bodies: unknown[] = [
      { ...good, name: 'Upper' }, { ...good, name: 'a+b' }, { ...good, name: '' }, { ...good, name: 'x'.repeat(300) },
      { ...good, duration: 0 }, { ...good, duration: -2 }, { ...good, duration: 'long' }, { ...good, level: 'galaxy' },
      { ...good, permissions: [] }, { ...good, permissions: [{ kind: 'project', namespace: 'team', access: [] }] },
      { ...good, permissions: [...pushPull('team'), ...pushPull('other')] }, { ...good, permissions: [{ kind: 'system', namespace: '/', access: [{ resource: 'project', action: 'list' }] }] },
      { ...good, permissions: [{ ...pushPull('team')[0], kind: 'galaxy' }] }, { ...good, secret: 'short' }, { ...good, description: 'd'.repeat(2000) },
      { ...good, permissions: [{ ...pushPull('team')[0], namespace: '*' }] }, {}, [], 'robot',
    ];
    for (const body of bodies) {
      const res = await create(PADMIN, body as Record<string, unknown>);
      assert.ok(res.status >= 400 && res.status < 500, `${JSON.stringify(body).slice(0, 80)} → ${res.status}`);
    }
    assert.equal((await api('/robots', { method: 'POST', headers: ADMIN, raw: '{"name":' })).status, 400);
    assert.equal((await api('/robots/abc', { headers: ADMIN })).status, 422);
    assert.equal((await api('/robots/999999', { headers: ADMIN })).status, 404);
    assert.equal((await api('/robots/999999', { method: 'DELETE', headers: ADMIN })).status, 404);
    assert.equal((await api('/robots?page_size=1000', { headers: ADMIN })).status, 422);
  });

  test('deleting: developers may not; project admins may; the robot stops working; both ends are audited', async () => {
    const id = (await db.robot.findFirstOrThrow({ where: { name: 'team+builder' } })).id;
    assert.equal((await api(`/robots/${id}`, { method: 'DELETE', headers: DEV })).status, 403);
    assert.equal((await api(`/robots/${id}`, { method: 'DELETE' })).status, 401);
    assert.equal((await api(`/robots/${id}`, { method: 'DELETE', headers: PADMIN })).status, 200);
    assert.equal((await api(`/robots/${id}`, { headers: ADMIN })).status, 404);
    assert.equal(await granted(basic('robot$team+builder', 'Builder5ecret'), 'team/app'), null);
    const logs = await db.auditLog.findMany({ where: { resourceType: 'robot', resource: 'robot$team+builder' }, orderBy: { id: 'asc' } });
    assert.deepEqual(logs.map((l) => [l.operation, l.username, l.projectId]), [['create', 'padmin', teamId], ['delete', 'padmin', teamId]]);
  });
});
