// /api/v2.0/projects/{p}/members, and that roles given here are what the token service grants.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { TokenVerifier } from '@harbor/auth';
import { createPrismaClient, type PrismaClient } from '@harbor/db';
import { addUsers, basic, startTestCore, type TestCore } from './helpers.js';

const ADMIN = basic('admin', 'Harbor12345');
const DEV = basic('dev', 'Passw0rd!');
const GST = basic('gst', 'Passw0rd!');
const OUT = basic('out', 'Passw0rd!');

describe('project members', () => {
  let core: TestCore;
  let db: PrismaClient;
  let gstId: number;
  let verifier: TokenVerifier;
  before(async () => {
    core = await startTestCore();
    db = createPrismaClient(core.databaseUrl);
    gstId = (await addUsers(db, ['dev', 'gst', 'out'])).gst;
    verifier = new TokenVerifier({ issuer: 'harbor-token-issuer', service: 'harbor-registry', rootCertBundlePem: readFileSync(core.certPath, 'utf8') });
    const res = await fetch(`${core.url}/api/v2.0/projects`, { method: 'POST', headers: { ...ADMIN, 'Content-Type': 'application/json' }, body: JSON.stringify({ project_name: 'team' }) });
    assert.equal(res.status, 201);
  });
  after(async () => {
    await db.$disconnect();
    await core.stop();
  });

  const members = (path = '', init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}) =>
    fetch(`${core.url}/api/v2.0/projects/team/members${path}`, {
      method: init.method ?? 'GET',
      headers: { ...(init.headers ?? {}), ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const pushPull = async (who: Record<string, string>) => {
    const res = await fetch(`${core.url}/service/token?service=harbor-registry&scope=repository:team/app:pull,push`, { headers: who });
    const { token } = (await res.json()) as { token: string };
    return [...(verifier.verify(token).access[0]?.actions ?? [])].sort();
  };

  test('admins add members by name or id (201 + Location); duplicates 409; unknown users 404; bad roles refused', async () => {
    const add = await members('', { method: 'POST', headers: ADMIN, body: { role_id: 2, member_user: { username: 'dev' } } });
    assert.equal(add.status, 201);
    assert.match(add.headers.get('location')!, /\/api\/v2\.0\/projects\/team\/members\/\d+$/);
    assert.equal((await members('', { method: 'POST', headers: ADMIN, body: { role_id: 3, member_user: { user_id: gstId } } })).status, 201);
    assert.equal((await members('', { method: 'POST', headers: ADMIN, body: { role_id: 3, member_user: { username: 'dev' } } })).status, 409);
    assert.equal((await members('', { method: 'POST', headers: ADMIN, body: { role_id: 3, member_user: { username: 'nobody' } } })).status, 404);
    const badRole = await members('', { method: 'POST', headers: ADMIN, body: { role_id: 9, member_user: { username: 'out' } } });
    assert.ok(badRole.status === 400 || badRole.status === 422, String(badRole.status));
    assert.equal((await members('', { method: 'POST', headers: ADMIN, body: { role_id: 2 } })).status, 400);
  });

  test('listing shows names and roles; guests may list, outsiders and anonymous callers may not', async () => {
    const list = (await (await members('', { headers: GST })).json()) as Array<{ entity_name: string; role_name: string; role_id: number; entity_type: string }>;
    assert.deepEqual(list.map((m) => [m.entity_name, m.role_name]).sort(), [['admin', 'projectAdmin'], ['dev', 'developer'], ['gst', 'guest']]);
    assert.ok(list.every((m) => m.entity_type === 'u'));
    const filtered = (await (await members('?entityname=de', { headers: ADMIN })).json()) as Array<{ entity_name: string }>;
    assert.deepEqual(filtered.map((m) => m.entity_name), ['dev']);
    assert.equal((await members('', { headers: OUT })).status, 404);
    assert.equal((await members('')).status, 401);
  });

  test('developers cannot manage members; roles given here are what the token service grants', async () => {
    assert.equal((await members('', { method: 'POST', headers: DEV, body: { role_id: 1, member_user: { username: 'out' } } })).status, 403);
    assert.deepEqual(await pushPull(DEV), ['pull', 'push']);
    assert.deepEqual(await pushPull(GST), ['pull']);
    assert.deepEqual(await pushPull(OUT), []);
    const list = (await (await members('', { headers: ADMIN })).json()) as Array<{ id: number; entity_name: string }>;
    const devMember = list.find((m) => m.entity_name === 'dev')!;
    assert.equal((await members(`/${devMember.id}`, { method: 'PUT', headers: ADMIN, body: { role_id: 3 } })).status, 200);
    assert.equal(((await (await members(`/${devMember.id}`, { headers: ADMIN })).json()) as { role_name: string }).role_name, 'guest');
    assert.deepEqual(await pushPull(DEV), ['pull']);
    assert.equal((await members(`/${devMember.id}`, { method: 'DELETE', headers: ADMIN })).status, 200);
    assert.deepEqual(await pushPull(DEV), []);
    assert.equal((await members(`/${devMember.id}`, { headers: ADMIN })).status, 404);
    assert.equal((await members('/abc', { headers: ADMIN })).status, 400);
  });
});
