// /api/v2.0/projects/{p}/metadatas: one validated setting per request, the metadata column of the
// permission matrix, and changes visible on the project itself.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrismaClient, type PrismaClient } from '@harbor/db';
import { addUsers, basic, startTestCore, type TestCore } from './helpers.js';

const ADMIN = basic('admin', 'Harbor12345');
const OWNER = basic('owner', 'Passw0rd!');
const MAINT = basic('maint', 'Passw0rd!');
const DEV = basic('dev', 'Passw0rd!');
const OUT = basic('out', 'Passw0rd!');

describe('project metadatas', () => {
  let core: TestCore;
  let db: PrismaClient;
  before(async () => {
    core = await startTestCore();
    db = createPrismaClient(core.databaseUrl);
    const ids = await addUsers(db, ['owner', 'maint', 'dev', 'out']);
    const res = await fetch(`${core.url}/api/v2.0/projects`, { method: 'POST', headers: { ...ADMIN, 'Content-Type': 'application/json' }, body: JSON.stringify({ project_name: 'meta', metadata: { auto_scan: 'true' } }) });
    assert.equal(res.status, 201);
    const project = await db.project.findUniqueOrThrow({ where: { name: 'meta' } });
    await db.projectMember.createMany({ data: [
      { projectId: project.id, entityId: ids.owner!, entityType: 'u', role: 1 },
      { projectId: project.id, entityId: ids.maint!, entityType: 'u', role: 4 },
      { projectId: project.id, entityId: ids.dev!, entityType: 'u', role: 2 },
    ] });
  });
  after(async () => {
    await db.$disconnect();
    await core.stop();
  });

  const call = (path: string, who: Record<string, string> | undefined, method = 'GET', body?: unknown) =>
    fetch(`${core.url}/api/v2.0/projects/meta/metadatas${path}`, {
      method,
      headers: { ...(who ?? {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });

  test('project admins list and read; maintainers read; developers, outsiders and anonymous callers may not', async () => {
    const list = await call('/', OWNER);
    assert.equal(list.status, 200);
    assert.deepEqual(await list.json(), { public: 'false', auto_scan: 'true' });
    assert.deepEqual(await (await call('', MAINT)).json(), { public: 'false', auto_scan: 'true' }, 'without the trailing slash too');
    assert.deepEqual(await (await call('/auto_scan', MAINT)).json(), { auto_scan: 'true' });
    assert.deepEqual(await (await call('/severity', OWNER)).json(), {}, 'an unset key reads as {}');
    assert.equal((await call('/', DEV)).status, 403);
    assert.equal((await call('/', OUT)).status, 404, 'a private project is not revealed');
    assert.equal((await call('/', undefined)).status, 401);
  });

  test('adding validates one pair, normalises values and refuses duplicates; maintainers may not add', async () => {
    assert.equal((await call('/', OWNER, 'POST', { prevent_vul: 'T' })).status, 200);
    assert.equal((await call('/', OWNER, 'POST', { severity: 'HIGH' })).status, 200);
    assert.deepEqual(await (await call('/', OWNER)).json(), { public: 'false', auto_scan: 'true', prevent_vul: 'true', severity: 'high' });
    const bad: Array<[unknown, number, RegExp]> = [
      [{ prevent_vul: 'maybe' }, 400, /invalid value: maybe/],
      [{ severity: 'unknown' }, 400, /invalid value/],
      [{ retention_id: '7' }, 400, /invalid key: retention_id/],
      [{ auto_scan: 'true', prevent_vul: 'true' }, 400, /only allow one key\/value pair/],
      [{}, 400, /only allow one/],
      [{ auto_scan: true }, 422, /./],
      [[1], 422, /./],
    ];
    for (const [body, status, message] of bad) {
      const res = await call('/', OWNER, 'POST', body);
      assert.equal(res.status, status, JSON.stringify(body));
      const err = (await res.json()) as { errors: Array<{ code: string; message: string }> };
      assert.match(err.errors[0]!.message, message);
    }
    assert.equal((await call('/', OWNER, 'POST', '{"auto_scan":')).status, 400, 'malformed JSON');
    assert.equal((await call('/', OWNER, 'POST', { auto_scan: 'false' })).status, 409);
    assert.equal((await call('/', MAINT, 'POST', { enable_content_trust: 'true' })).status, 403);
    assert.equal((await db.projectMetadata.count({ where: { name: { in: ['retention_id', 'enable_content_trust'] } } })), 0, 'nothing stored by refused requests');
  });

  test('updating one key, including public, shows on the project; the body must name that key', async () => {
    assert.equal((await call('/public', OWNER, 'PUT', { public: 'true' })).status, 200);
    const project = (await (await fetch(`${core.url}/api/v2.0/projects/meta`, { headers: OUT })).json()) as { metadata: Record<string, string> };
    assert.equal(project.metadata.public, 'true', 'now public, so an outsider sees it');
    assert.equal((await call('/public', OWNER, 'PUT', { auto_scan: 'false' })).status, 400);
    assert.equal((await call('/auto_scan', OWNER, 'PUT', { auto_scan: 'no' })).status, 400);
    assert.equal((await call('/auto_scan', MAINT, 'PUT', { auto_scan: 'false' })).status, 403);
    assert.equal((await call('/auto_scan', OWNER, 'PUT', { auto_scan: '0' })).status, 200);
    assert.deepEqual(await (await call('/auto_scan', OWNER)).json(), { auto_scan: 'false' });
  });

  test('deleting removes a key; public cannot be removed; unknown keys are not found; audit recorded', async () => {
    assert.equal((await call('/prevent_vul', MAINT, 'DELETE')).status, 403);
    assert.equal((await call('/prevent_vul', OWNER, 'DELETE')).status, 200);
    assert.equal((await call('/prevent_vul', OWNER, 'DELETE')).status, 404);
    assert.equal((await call('/public', OWNER, 'DELETE')).status, 400);
    assert.equal((await call('/', ADMIN)).status, 200);
    assert.ok(!('prevent_vul' in ((await (await call('/', ADMIN)).json()) as object)));
    const logs = await db.auditLog.findMany({ where: { resource: 'meta', operation: 'update', username: 'owner' } });
    assert.ok(logs.length >= 4, `audit rows: ${logs.length}`);
  });
});
