// /api/v2.0/projects against the real database: visibility, creation rules, roles, paging, deletion.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLE_IDS } from '@harbor/auth';
import { createPrismaClient, type PrismaClient } from '@harbor/db';
import { addUsers, basic, startTestCore, type TestCore } from './helpers.js';

const ADMIN = basic('admin', 'Harbor12345');
const ALICE = basic('alice', 'Passw0rd!');
const BOB = basic('bob', 'Passw0rd!');

describe('projects API', () => {
  let core: TestCore;
  let db: PrismaClient;
  before(async () => {
    core = await startTestCore();
    db = createPrismaClient(core.databaseUrl);
    await addUsers(db, ['alice', 'bob']);
  });
  after(async () => {
    await db.$disconnect();
    await core.stop();
  });

  const api = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    fetch(`${core.url}/api/v2.0${path}`, init);
  const create = (name: string, headers: Record<string, string>, extra: Record<string, unknown> = {}) =>
    api('/projects', { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify({ project_name: name, ...extra }) });
  const names = async (res: Response) => ((await res.json()) as Array<{ name: string }>).map((p) => p.name).sort();

  test('library exists and is public; anonymous callers see only public projects', async () => {
    const res = await api('/projects');
    assert.equal(res.status, 200);
    const list = (await res.json()) as Array<{ name: string; metadata: { public: string } }>;
    assert.deepEqual(list.map((p) => p.name), ['library']);
    assert.equal(list[0].metadata.public, 'true');
  });

  test('a user creates a private project (201 + Location), becomes its project admin, and others do not see it', async () => {
    const res = await create('alice-team', ALICE, { metadata: { public: 'false', auto_scan: 'true' } });
    assert.equal(res.status, 201);
    assert.match(res.headers.get('location')!, /^\/api\/v2\.0\/projects\/\d+$/);
    const got = (await (await api('/projects/alice-team', { headers: ALICE })).json()) as Record<string, unknown>;
    assert.equal(got.owner_name, 'alice');
    assert.deepEqual(got.current_user_role_ids, [ROLE_IDS.projectAdmin]);
    assert.deepEqual(got.metadata, { public: 'false', auto_scan: 'true' });
    assert.deepEqual(await names(await api('/projects', { headers: ALICE })), ['alice-team', 'library']);
    assert.deepEqual(await names(await api('/projects', { headers: BOB })), ['library']);
    assert.equal((await api('/projects/alice-team', { headers: BOB })).status, 404, 'a private project is not revealed');
    assert.equal((await api('/projects/alice-team')).status, 401);
    assert.deepEqual(await names(await api('/projects', { headers: ADMIN })), ['alice-team', 'library']);
  });

  test('creation rules: names, conflicts, anonymous callers, bad bodies', async () => {
    assert.equal((await create('alice-team', BOB)).status, 409);
    assert.equal((await create('x'.repeat(256), BOB)).status, 422, 'over the swagger maxLength: 422 as Harbor');
    for (const bad of ['UPPER', 'a..b', '-x', '', 'a/b']) {
      const res = await create(bad, BOB);
      assert.equal(res.status, 400, bad);
      assert.equal(((await res.json()) as { errors: Array<{ code: string }> }).errors[0].code, 'BAD_REQUEST');
    }
    assert.equal((await create('anon-x', {})).status, 401);
    const wrongType = await api('/projects', { method: 'POST', headers: { ...BOB, 'Content-Type': 'application/json' }, body: '{"project_name": 5}' });
    assert.equal(wrongType.status, 422);
    const broken = await api('/projects', { method: 'POST', headers: { ...BOB, 'Content-Type': 'application/json' }, body: '{oops' });
    assert.equal(broken.status, 400);
  });

  test('HEAD by name, get by id or by name', async () => {
    assert.equal((await api('/projects?project_name=library', { method: 'HEAD' })).status, 200);
    assert.equal((await api('/projects?project_name=nope', { method: 'HEAD' })).status, 404);
    const lib = (await (await api('/projects/library')).json()) as { project_id: number };
    assert.equal(((await (await api(`/projects/${lib.project_id}`)).json()) as { name: string }).name, 'library');
    assert.equal((await api('/projects/424242')).status, 404);
  });

  test('update: project admins may, guests may not; public flips visibility', async () => {
    const p = await db.project.findUniqueOrThrow({ where: { name: 'alice-team' } });
    const bobId = (await db.user.findUniqueOrThrow({ where: { username: 'bob' } })).id;
    await db.projectMember.create({ data: { projectId: p.id, entityId: bobId, entityType: 'u', role: ROLE_IDS.guest } });
    const body = JSON.stringify({ metadata: { public: 'true' } });
    const put = (h: Record<string, string>) => api('/projects/alice-team', { method: 'PUT', headers: { ...h, 'Content-Type': 'application/json' }, body });
    assert.equal((await put(BOB)).status, 403);
    assert.equal((await put(ALICE)).status, 200);
    assert.deepEqual(await names(await api('/projects')), ['alice-team', 'library']);
    const summary = (await (await api('/projects/alice-team/summary', { headers: ALICE })).json()) as Record<string, number>;
    assert.equal(summary.project_admin_count, 1);
    assert.equal(summary.guest_count, 1);
  });

  test('paging: page_size, X-Total-Count and Link; sorting', async () => {
    for (const n of ['pg-a', 'pg-b', 'pg-c']) assert.equal((await create(n, ADMIN)).status, 201);
    const res = await api('/projects?page=1&page_size=2&sort=name', { headers: ADMIN });
    assert.equal(res.headers.get('x-total-count'), '5');
    assert.match(res.headers.get('link')!, /page=2&page_size=2.*rel="next"/);
    assert.deepEqual(((await res.json()) as Array<{ name: string }>).map((p) => p.name), ['alice-team', 'library']);
    const p3 = await api('/projects?page=3&page_size=2&sort=name', { headers: ADMIN });
    assert.deepEqual(((await p3.json()) as Array<{ name: string }>).map((p) => p.name), ['pg-c']);
    assert.equal((await api('/projects?page=0', { headers: ADMIN })).status, 200, 'page ≤ 0 is the first page, as in Harbor');
    assert.equal((await api('/projects?page_size=abc', { headers: ADMIN })).status, 422);
    assert.equal((await api('/projects?sort=password', { headers: ADMIN })).status, 200, 'unknown sort keys are ignored, as Harbor does');
    const past = await api('/projects?page=9&page_size=2', { headers: ADMIN });
    assert.deepEqual(await past.json(), []);
    assert.equal(past.headers.get('x-total-count'), '5', 'a page past the end still counts');
    const desc = (await (await api('/projects?sort=-name&page_size=2', { headers: ADMIN })).json()) as Array<{ name: string }>;
    assert.deepEqual(desc.map((p) => p.name), ['pg-c', 'pg-b']);
    const byName = (await (await api('/projects?name=pg-', { headers: ALICE })).json()) as Array<{ name: string; current_user_role_ids: number[]; repo_count: number; metadata: Record<string, string>; owner_name: string }>;
    assert.deepEqual(byName.map((p) => p.name), [], 'private projects of others stay hidden');
    const mine = (await (await api('/projects?name=alice', { headers: ALICE })).json()) as typeof byName;
    assert.deepEqual(mine.map((p) => [p.name, p.current_user_role_ids, p.metadata.public, p.owner_name]), [['alice-team', [ROLE_IDS.projectAdmin], 'true', 'alice']]);
    assert.equal(((await (await api('/projects?public=false&page_size=100', { headers: ADMIN })).json()) as unknown[]).length, 3);
  });

  test('q filters the project list (name exact or fuzzy, public, owner); plain parameters win over it', async () => {
    const q = async (query: string) => names(await api(`/projects?${query}`, { headers: ADMIN }));
    assert.deepEqual(await q(`q=${encodeURIComponent('name=~pg-')}`), ['pg-a', 'pg-b', 'pg-c']);
    assert.deepEqual(await q(`q=${encodeURIComponent('name=pg-b')}`), ['pg-b']);
    assert.deepEqual(await q(`q=${encodeURIComponent('name=~pg-,public=true')}`), []);
    assert.deepEqual(await q(`q=${encodeURIComponent('owner=alice')}`), ['alice-team']);
    assert.deepEqual(await q(`q=${encodeURIComponent('name=pg-b')}&name=pg-c`), ['pg-c']);
    assert.deepEqual(await q(`q=${encodeURIComponent('unknown=1')}&page_size=100`), ['alice-team', 'library', 'pg-a', 'pg-b', 'pg-c']);
    const bad = await api(`/projects?q=${encodeURIComponent('name')}`, { headers: ADMIN });
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(await bad.json()), /BAD_REQUEST/);
  });

  test('delete: refused while repositories remain (412), allowed when empty', async () => {
    const p = await db.project.findUniqueOrThrow({ where: { name: 'pg-a' } });
    await db.repository.create({ data: { name: 'pg-a/app', projectId: p.id } });
    const check = (await (await api('/projects/pg-a/_deletable', { headers: ADMIN })).json()) as { deletable: boolean; message: string };
    assert.equal(check.deletable, false);
    const refused = await api('/projects/pg-a', { method: 'DELETE', headers: ADMIN });
    assert.equal(refused.status, 412);
    assert.equal(((await refused.json()) as { errors: Array<{ code: string }> }).errors[0].code, 'PRECONDITION');
    assert.equal((await api('/projects/pg-b', { method: 'DELETE', headers: BOB })).status, 404);
    assert.equal((await api('/projects/pg-b', { method: 'DELETE', headers: ADMIN })).status, 200);
    assert.equal((await api('/projects/pg-b', { headers: ADMIN })).status, 404);
  });
});
