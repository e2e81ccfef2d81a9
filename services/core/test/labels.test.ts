// /api/v2.0/labels against the real database: global labels (admins manage, everyone signed in reads),
// project labels by role, uniqueness per scope and project, listing, bad input, audit log.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLE_IDS } from '@harbor/auth';
import { LabelSchema } from '@harbor/contracts';
import { createPrismaClient, type PrismaClient } from '@harbor/db';
import { addUsers, basic, startTestCore, type TestCore } from './helpers.js';
import { addSystemRobot, errorCode, jsonApi } from './json-api.js';

const ADMIN = basic('admin', 'Harbor12345');
const who = (name: string) => basic(name, 'Passw0rd!');
const ROLES = { padmin: ROLE_IDS.projectAdmin, maint: ROLE_IDS.maintainer, dev: ROLE_IDS.developer, guest: ROLE_IDS.guest, limited: ROLE_IDS.limitedGuest } as const;

describe('labels API', () => {
  let core: TestCore;
  let db: PrismaClient;
  let teamId: number;
  let pubId: number;
  const api = jsonApi(() => core.url);
  const create = (headers: Record<string, string>, body: unknown) => api('/labels', { method: 'POST', headers, body });
  const labelCount = () => db.label.count();
  const idOf = (location: string | null) => Number(location!.split('/').pop());

  before(async () => {
    core = await startTestCore();
    db = createPrismaClient(core.databaseUrl);
    const ids = await addUsers(db, [...Object.keys(ROLES), 'outsider']);
    for (const [name, isPublic] of [['team', false], ['pub', true]] as const) {
      assert.equal((await api('/projects', { method: 'POST', headers: ADMIN, body: { project_name: name, metadata: { public: String(isPublic) } } })).status, 201);
    }
    teamId = (await db.project.findUniqueOrThrow({ where: { name: 'team' } })).id;
    pubId = (await db.project.findUniqueOrThrow({ where: { name: 'pub' } })).id;
    for (const [name, role] of Object.entries(ROLES)) {
      await db.projectMember.create({ data: { projectId: teamId, entityId: ids[name]!, entityType: 'u', role } });
    }
    await addSystemRobot(db, 'labeler', 'Labeler5ecret', [{ resource: 'label', action: 'create' }]);
  });
  after(async () => {
    await db.$disconnect();
    await core.stop();
  });

  test('global labels: admins create (201 + Location), everyone signed in reads, others may not change them', async () => {
    const res = await create(ADMIN, { name: 'prod', description: 'in production', color: '#FF0000', scope: 'g', project_id: 42 });
    assert.equal(res.status, 201);
    assert.match(res.headers.get('location')!, /^\/api\/v2\.0\/labels\/\d+$/);
    const id = idOf(res.headers.get('location'));
    const got = await api(`/labels/${id}`, { headers: who('outsider') });
    assert.equal(got.status, 200);
    const label = LabelSchema.parse(got.json);
    assert.deepEqual({ ...label, creation_time: undefined, update_time: undefined }, {
      id, name: 'prod', description: 'in production', color: '#FF0000', scope: 'g', project_id: 0, creation_time: undefined, update_time: undefined,
    });
    const list = await api('/labels?scope=g', { headers: who('dev') });
    assert.equal(list.status, 200);
    assert.deepEqual((list.json as Array<{ name: string }>).map((l) => l.name), ['prod']);
    assert.equal(list.headers.get('x-total-count'), '1');

    assert.equal((await api('/labels?scope=g')).status, 401, 'anonymous callers do not read global labels');
    assert.equal((await api(`/labels/${id}`)).status, 401);
    const before = await labelCount();
    assert.equal((await create({}, { name: 'x', scope: 'g' })).status, 401);
    const denied = await create(who('padmin'), { name: 'x', scope: 'g' });
    assert.equal(denied.status, 403);
    assert.equal(errorCode(denied), 'FORBIDDEN');
    assert.equal((await api(`/labels/${id}`, { method: 'PUT', headers: who('padmin'), body: { name: 'y' } })).status, 403);
    assert.equal((await api(`/labels/${id}`, { method: 'DELETE', headers: who('padmin') })).status, 403);
    assert.equal(await labelCount(), before, 'nothing changed');
  });

  test('a system robot granted label:create creates global labels', async () => {
    const res = await create(basic('robot$labeler', 'Labeler5ecret'), { name: 'from-robot', scope: 'g' });
    assert.equal(res.status, 201);
    const id = idOf(res.headers.get('location'));
    assert.equal((await api(`/labels/${id}`, { method: 'DELETE', headers: basic('robot$labeler', 'Labeler5ecret') })).status, 403, 'no delete grant');
    assert.equal((await api(`/labels/${id}`, { method: 'DELETE', headers: ADMIN })).status, 200);
  });

  test('global names are unique among global labels only', async () => {
    const dup = await create(ADMIN, { name: 'prod', scope: 'g' });
    assert.equal(dup.status, 409);
    assert.equal(errorCode(dup), 'CONFLICT');
    assert.equal((await create(who('padmin'), { name: 'prod', scope: 'p', project_id: teamId })).status, 201, 'the same name in a project is another label');
  });

  test('project labels: who may create, read, list, update and delete, by role', async () => {
    const expectCreate: Record<string, number> = { padmin: 201, maint: 201, dev: 403, guest: 403, limited: 403, outsider: 404 };
    for (const [user, status] of Object.entries(expectCreate)) {
      const res = await create(who(user), { name: `by-${user}`, scope: 'p', project_id: teamId });
      assert.equal(res.status, status, `create by ${user}`);
    }
    assert.equal((await create({}, { name: 'anon', scope: 'p', project_id: teamId })).status, 401);
    assert.equal((await create(ADMIN, { name: 'by-admin', scope: 'p', project_id: teamId })).status, 201);

    const expectList: Record<string, number> = { padmin: 200, maint: 200, dev: 200, guest: 200, limited: 403, outsider: 404 };
    for (const [user, status] of Object.entries(expectList)) {
      assert.equal((await api(`/labels?scope=p&project_id=${teamId}`, { headers: who(user) })).status, status, `list by ${user}`);
    }
    assert.equal((await api(`/labels?scope=p&project_id=${teamId}`)).status, 401);
    const names = ((await api(`/labels?scope=p&project_id=${teamId}&page_size=0`, { headers: who('dev') })).json as Array<{ name: string }>).map((l) => l.name).sort();
    assert.deepEqual(names, ['by-admin', 'by-maint', 'by-padmin', 'prod']);

    const label = await db.label.findFirstOrThrow({ where: { name: 'by-maint' } });
    assert.equal((await api(`/labels/${label.id}`, { headers: who('guest') })).status, 200);
    assert.equal((await api(`/labels/${label.id}`, { headers: who('limited') })).status, 403);
    assert.equal((await api(`/labels/${label.id}`, { headers: who('outsider') })).status, 404);
    for (const user of ['dev', 'guest']) {
      assert.equal((await api(`/labels/${label.id}`, { method: 'PUT', headers: who(user), body: { name: 'renamed' } })).status, 403);
      assert.equal((await api(`/labels/${label.id}`, { method: 'DELETE', headers: who(user) })).status, 403);
    }
    const put = await api(`/labels/${label.id}`, { method: 'PUT', headers: who('maint'), body: { name: 'renamed', color: '#00FF00', scope: 'g', project_id: 0 } });
    assert.equal(put.status, 200);
    const after = LabelSchema.parse((await api(`/labels/${label.id}`, { headers: who('dev') })).json);
    assert.equal(after.name, 'renamed');
    assert.equal(after.color, '#00FF00');
    assert.equal(after.description, '', 'PUT replaces the description, as Harbor does');
    assert.equal(after.scope, 'p', 'scope and project stay');
    assert.equal(after.project_id, teamId);
    const clash = await api(`/labels/${label.id}`, { method: 'PUT', headers: who('maint'), body: { name: 'by-padmin' } });
    assert.equal(clash.status, 409);
    assert.equal((await api(`/labels/${label.id}`, { method: 'DELETE', headers: who('maint') })).status, 200);
    assert.equal((await api(`/labels/${label.id}`, { headers: who('maint') })).status, 404);
  });

  test('a public project: anonymous callers list its labels; the same name may live in each project once', async () => {
    assert.equal((await create(ADMIN, { name: 'prod', scope: 'p', project_id: pubId })).status, 201);
    assert.equal((await create(ADMIN, { name: 'prod', scope: 'p', project_id: pubId })).status, 409);
    const anon = await api(`/labels?scope=p&project_id=${pubId}`);
    assert.equal(anon.status, 200);
    assert.deepEqual((anon.json as Array<{ name: string; project_id: number }>).map((l) => [l.name, l.project_id]), [['prod', pubId]]);
  });

  test('listing: fuzzy name (case-insensitive, wildcards literal), q, sort, paging headers', async () => {
    for (const n of ['env-dev', 'env-qa', 'env-prod', 'ENV_x', 'other']) assert.equal((await create(ADMIN, { name: n, scope: 'g' })).status, 201);
    const fuzzy = await api('/labels?scope=g&name=env&sort=name', { headers: ADMIN });
    assert.deepEqual((fuzzy.json as Array<{ name: string }>).map((l) => l.name), ['ENV_x', 'env-dev', 'env-prod', 'env-qa']);
    const literal = await api('/labels?scope=g&name=_', { headers: ADMIN });
    assert.deepEqual((literal.json as Array<{ name: string }>).map((l) => l.name), ['ENV_x'], '_ is not a wildcard');
    const q = await api('/labels?scope=g&q=name%3D~qa', { headers: ADMIN });
    assert.deepEqual((q.json as Array<{ name: string }>).map((l) => l.name), ['env-qa']);
    const page = await api('/labels?scope=g&sort=-name&page=1&page_size=2', { headers: ADMIN });
    assert.equal(page.headers.get('x-total-count'), '6');
    assert.match(page.headers.get('link')!, /page=2&page_size=2.*rel="next"/);
    assert.deepEqual((page.json as Array<{ name: string }>).map((l) => l.name), ['prod', 'other']);
  });

  test('bad input: 4xx with Harbor\'s error body, nothing stored', async () => {
    const before = await labelCount();
    const listCases: Array<[string, number]> = [
      ['/labels', 400], ['/labels?scope=x', 400], ['/labels?scope=p', 400], ['/labels?scope=p&project_id=0', 400],
      ['/labels?scope=p&project_id=abc', 422], ['/labels?scope=p&project_id=999999', 404], ['/labels?scope=g&q=name', 400],
      ['/labels?scope=g&page_size=1000', 422], ['/labels/abc', 422], ['/labels/999999', 404], ['/labels/99999999999', 404],
    ];
    for (const [path, status] of listCases) assert.equal((await api(path, { headers: ADMIN })).status, status, path);
    const bodies: Array<[unknown, number]> = [
      [{ name: 'x', scope: 'x' }, 400],
      [{ name: 'x' }, 400],
      [{ name: 'x', scope: 'p' }, 400],
      [{ name: 'x', scope: 'p', project_id: -1 }, 400],
      [{ name: 'x', scope: 'p', project_id: 999999 }, 404],
      [{ name: '', scope: 'g' }, 400],
      [{ scope: 'g' }, 400],
      [{ name: 'é'.repeat(65), scope: 'g' }, 400],
      [{ name: 'x', scope: 'g', color: '#'.repeat(17) }, 400],
      [{ name: 'x\u0000y', scope: 'g' }, 400],
      [{ name: 5, scope: 'g' }, 422],
      [{ name: 'x', scope: 'g', project_id: 'one' }, 422],
      [[], 422],
    ];
    for (const [body, status] of bodies) {
      const res = await create(ADMIN, body);
      assert.equal(res.status, status, JSON.stringify(body));
    }
    assert.equal((await api('/labels', { method: 'POST', headers: ADMIN, raw: '{oops' })).status, 400);
    const id = idOf((await create(ADMIN, { name: 'keep', scope: 'g' })).headers.get('location'));
    assert.equal((await api(`/labels/${id}`, { method: 'PUT', headers: ADMIN, body: { name: '' } })).status, 400);
    assert.equal((await api(`/labels/${id}`, { method: 'PUT', headers: ADMIN, body: { name: 'prod' } })).status, 409);
    assert.equal((await api('/labels/999999', { method: 'PUT', headers: ADMIN, body: { name: 'z' } })).status, 404);
    assert.equal((await api('/labels/999999', { method: 'DELETE', headers: ADMIN })).status, 404);
    assert.equal(await labelCount(), before + 1);
    assert.equal((await db.label.findUniqueOrThrow({ where: { id } })).name, 'keep');
  });

  test('creating, changing and deleting labels is in the audit log', async () => {
    const id = idOf((await create(who('padmin'), { name: 'audited', scope: 'p', project_id: teamId })).headers.get('location'));
    await api(`/labels/${id}`, { method: 'PUT', headers: who('padmin'), body: { name: 'audited2' } });
    await api(`/labels/${id}`, { method: 'DELETE', headers: who('padmin') });
    const logs = await db.auditLog.findMany({ where: { resourceType: 'label', username: 'padmin' }, orderBy: { id: 'asc' } });
    assert.deepEqual(logs.map((l) => [l.operation, l.resource, l.projectId]), [
      ['create', 'prod', teamId], ['create', 'by-padmin', teamId], ['create', 'audited', teamId], ['update', 'audited2', teamId], ['delete', 'audited2', teamId],
    ]);
  });

  test('deleting a project deletes its labels', async () => {
    assert.equal((await api('/projects', { method: 'POST', headers: ADMIN, body: { project_name: 'gone' } })).status, 201);
    const gone = await db.project.findUniqueOrThrow({ where: { name: 'gone' } });
    assert.equal((await create(ADMIN, { name: 'temp', scope: 'p', project_id: gone.id })).status, 201);
    assert.equal((await api('/projects/gone', { method: 'DELETE', headers: ADMIN })).status, 200);
    assert.equal(await db.label.count({ where: { projectId: gone.id } }), 0);
  });
});
