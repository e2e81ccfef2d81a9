// The audit log: project and member changes are recorded with who, what and when; admins see all,
// project admins their project's, others nothing; q filters and paging work.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrismaClient, type PrismaClient } from '@harbor/db';
import { addUsers, basic, startTestCore, type TestCore } from './helpers.js';

const ADMIN = basic('admin', 'Harbor12345');
const ALICE = basic('alice', 'Passw0rd!');
const BOB = basic('bob', 'Passw0rd!');

interface Log { username: string; operation: string; resource_type: string; resource: string; op_time: string }

describe('audit log', () => {
  let core: TestCore;
  let db: PrismaClient;
  before(async () => {
    core = await startTestCore();
    db = createPrismaClient(core.databaseUrl);
    await addUsers(db, ['alice', 'bob']);
    const call = (path: string, method: string, headers: Record<string, string>, body?: unknown) =>
      fetch(`${core.url}/api/v2.0${path}`, { method, headers: { ...headers, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    assert.equal((await call('/projects', 'POST', ALICE, { project_name: 'audited' })).status, 201);
    assert.equal((await call('/projects/audited/members', 'POST', ALICE, { role_id: 3, member_user: { username: 'bob' } })).status, 201);
    assert.equal((await call('/projects/audited', 'PUT', ALICE, { metadata: { public: 'true' } })).status, 200);
    assert.equal((await call('/projects', 'POST', ADMIN, { project_name: 'doomed' })).status, 201);
    assert.equal((await call('/projects/doomed', 'DELETE', ADMIN)).status, 200);
    assert.equal((await call('/projects', 'POST', BOB, { project_name: 'UPPER' })).status, 400, 'a refused change is not logged');
  });
  after(async () => {
    await db.$disconnect();
    await core.stop();
  });

  const logs = async (path: string, headers: Record<string, string>) => {
    const res = await fetch(`${core.url}/api/v2.0${path}`, { headers });
    return { status: res.status, total: res.headers.get('x-total-count'), body: res.status === 200 ? ((await res.json()) as Log[]) : [] };
  };

  test('admins see every change, newest first, with who and what', async () => {
    const { status, body, total } = await logs('/audit-logs', ADMIN);
    assert.equal(status, 200);
    assert.equal(total, '5');
    assert.deepEqual(body.map((l) => [l.username, l.operation, l.resource_type, l.resource]), [
      ['admin', 'delete', 'project', 'doomed'],
      ['admin', 'create', 'project', 'doomed'],
      ['alice', 'update', 'project', 'audited'],
      ['alice', 'create', 'project_member', 'audited:bob'],
      ['alice', 'create', 'project', 'audited'],
    ]);
    assert.ok(body.every((l) => !Number.isNaN(Date.parse(l.op_time))));
  });

  test('q filters and paging', async () => {
    const deletes = await logs('/audit-logs?q=operation=delete', ADMIN);
    assert.deepEqual(deletes.body.map((l) => l.resource), ['doomed']);
    const byUser = await logs(`/audit-logs?q=${encodeURIComponent('username=~ali')}&page_size=2`, ADMIN);
    assert.equal(byUser.total, '3');
    assert.equal(byUser.body.length, 2);
  });

  test('project admins read their project\'s log; guests, other users and anonymous callers cannot', async () => {
    const own = await logs('/projects/audited/logs', ALICE);
    assert.equal(own.status, 200);
    assert.equal(own.body.length, 3);
    assert.equal((await logs('/projects/audited/logs', BOB)).status, 403, 'a guest may not list logs');
    assert.equal((await logs('/audit-logs', {})).status, 401);
  });

  test('the system-wide list shows others only the entries of projects where they may list logs, as Harbor does', async () => {
    const alice = await logs('/audit-logs', ALICE);
    assert.equal(alice.status, 200);
    assert.deepEqual(alice.body.map((l) => [l.operation, l.resource]), [['update', 'audited'], ['create', 'audited:bob'], ['create', 'audited']]);
    assert.equal(alice.total, '3');
    const filtered = await logs('/audit-logs?q=operation=update', ALICE);
    assert.deepEqual(filtered.body.map((l) => l.resource), ['audited']);
    const bob = await logs('/audit-logs', BOB);
    assert.equal(bob.status, 200, 'a guest gets an empty list, not an error');
    assert.deepEqual(bob.body, []);
    assert.equal(bob.total, '0');
  });
});
