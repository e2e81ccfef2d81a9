// Project quotas against the real database: one per project (made with it, or for older projects at
// start-up), limits chosen at creation, usage counted from the project's blobs, /quotas listing,
// reading and changing, the project summary, and bad input.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLE_IDS } from '@harbor/auth';
import { ProjectSummarySchema, QuotaSchema } from '@harbor/contracts';
import { createPrismaClient, type PrismaClient } from '@harbor/db';
import { addUsers, basic, startTestCore, type TestCore } from './helpers.js';
import { addSystemRobot, jsonApi } from './json-api.js';

const ADMIN = basic('admin', 'Harbor12345');
const ALICE = basic('alice', 'Passw0rd!');
const GB = 1024 ** 3;

type Quota = { id: number; ref: { id: number; name: string; owner_name: string } | null; hard: { storage: number }; used: { storage: number } };

describe('quotas API', () => {
  let core: TestCore;
  let db: PrismaClient;
  const api = jsonApi(() => core.url);
  const quotaOf = async (project: string): Promise<Quota> => {
    const p = await db.project.findUniqueOrThrow({ where: { name: project } });
    const res = await api(`/quotas?reference=project&reference_id=${p.id}`, { headers: ADMIN });
    assert.equal(res.status, 200);
    const list = QuotaSchema.array().parse(res.json) as Quota[];
    assert.equal(list.length, 1, project);
    return list[0]!;
  };
  const createProject = (headers: Record<string, string>, name: string, extra: Record<string, unknown> = {}) =>
    api('/projects', { method: 'POST', headers, body: { project_name: name, ...extra } });
  /** A blob of `size` bytes held by each of the projects. */
  const addBlob = async (digest: string, size: number, projects: string[]) => {
    const blob = await db.blob.create({ data: { digest, contentType: 'application/octet-stream', size } });
    for (const name of projects) {
      const p = await db.project.findUniqueOrThrow({ where: { name } });
      await db.projectBlob.create({ data: { projectId: p.id, blobId: blob.id } });
    }
  };

  before(async () => {
    core = await startTestCore();
    db = createPrismaClient(core.databaseUrl);
    const ids = await addUsers(db, ['alice', 'dev']);
    assert.equal((await createProject(ALICE, 'alpha')).status, 201);
    const alpha = await db.project.findUniqueOrThrow({ where: { name: 'alpha' } });
    await db.projectMember.create({ data: { projectId: alpha.id, entityId: ids.dev!, entityType: 'u', role: ROLE_IDS.developer } });
    await addSystemRobot(db, 'quota-reader', 'Quota5ecret', [{ resource: 'quota', action: 'list' }, { resource: 'quota', action: 'read' }]);
  });
  after(async () => {
    await db.$disconnect();
    await core.stop();
  });

  test('library, made before quotas existed, got one at start-up: unlimited, nothing used', async () => {
    const q = await quotaOf('library');
    assert.deepEqual({ ref: q.ref, hard: q.hard, used: q.used }, { ref: { id: 1, name: 'library', owner_name: 'admin' }, hard: { storage: -1 }, used: { storage: 0 } });
  });

  test('the limit of a new project: the default for everyone but administrators, who may choose one', async () => {
    assert.deepEqual((await quotaOf('alpha')).hard, { storage: -1 });
    assert.equal((await createProject(ALICE, 'alice-asks', { storage_limit: GB })).status, 201);
    assert.deepEqual((await quotaOf('alice-asks')).hard, { storage: -1 }, 'a non-admin\'s storage_limit is ignored, as in Harbor');
    assert.equal((await createProject(ADMIN, 'sized', { storage_limit: GB })).status, 201);
    assert.deepEqual((await quotaOf('sized')).hard, { storage: GB });
    assert.equal((await createProject(ADMIN, 'zero', { storage_limit: 0 })).status, 201);
    assert.deepEqual((await quotaOf('zero')).hard, { storage: -1 }, '0 means the default');
    assert.equal((await createProject(ADMIN, 'bad-limit', { storage_limit: -2 })).status, 400);
    assert.equal((await createProject(ADMIN, 'bad-limit', { storage_limit: 'lots' })).status, 422);
    assert.equal(await db.project.count({ where: { name: 'bad-limit' } }), 0);

    assert.equal((await api('/configurations', { method: 'PUT', headers: ADMIN, body: { storage_per_project: 5 * GB } })).status, 200);
    assert.equal((await createProject(ALICE, 'defaulted')).status, 201);
    assert.deepEqual((await quotaOf('defaulted')).hard, { storage: 5 * GB });
    assert.equal((await api('/configurations', { method: 'PUT', headers: ADMIN, body: { storage_per_project: -1 } })).status, 200);
  });

  test('usage: the bytes of the distinct blobs each project holds', async () => {
    await addBlob(`sha256:${'a'.repeat(64)}`, 100, ['alpha', 'sized']);
    await addBlob(`sha256:${'b'.repeat(64)}`, 50, ['alpha']);
    await addBlob(`sha256:${'c'.repeat(64)}`, 7, []);
    assert.deepEqual((await quotaOf('alpha')).used, { storage: 150 });
    assert.deepEqual((await quotaOf('sized')).used, { storage: 100 });
    assert.deepEqual((await quotaOf('library')).used, { storage: 0 });
  });

  test('the project summary shows the quota to those who may read it', async () => {
    const summary = ProjectSummarySchema.parse((await api('/projects/alpha/summary', { headers: basic('dev', 'Passw0rd!') })).json);
    assert.deepEqual(summary.quota, { hard: { storage: -1 }, used: { storage: 150 } });
    await db.project.update({ where: { name: 'alpha' }, data: { public: true } });
    const anon = ProjectSummarySchema.parse((await api('/projects/alpha/summary')).json);
    assert.equal(anon.quota, undefined, 'a public project gives anonymous callers no quota access');
    await db.project.update({ where: { name: 'alpha' }, data: { public: false } });
  });

  test('listing: system access only, filters, sort by usage and limits (unlimited largest), paging', async () => {
    assert.equal((await api('/quotas')).status, 401);
    assert.equal((await api('/quotas', { headers: ALICE })).status, 403);
    const robot = await api('/quotas', { headers: basic('robot$quota-reader', 'Quota5ecret') });
    assert.equal(robot.status, 200, 'a system robot granted quota:list');
    const all = await api('/quotas?page_size=0', { headers: ADMIN });
    assert.equal(all.headers.get('x-total-count'), '6');
    const names = (path: string) => api(path, { headers: ADMIN }).then((r) => (r.json as Quota[]).map((q) => q.ref?.name));
    assert.deepEqual((await names('/quotas?sort=-used.storage&page_size=2')), ['alpha', 'sized']);
    assert.deepEqual((await names('/quotas?sort=hard.storage&page_size=1')), ['sized'], '-1 sorts as the largest limit');
    assert.deepEqual((await names('/quotas?sort=-creation_time&page_size=1')), ['defaulted']);
    assert.deepEqual((await names('/quotas?reference=project&reference_id=999')), []);
    assert.deepEqual((await names('/quotas?reference=other')), []);
    const page = await api('/quotas?page=2&page_size=2&sort=creation_time', { headers: ADMIN });
    assert.match(page.headers.get('link')!, /rel="prev".*rel="next"/);
    assert.equal((await api('/quotas?page_size=500', { headers: ADMIN })).status, 422);
  });

  test('get and update by id: system access, Harbor\'s body rules, nothing changed by a bad request', async () => {
    const q = await quotaOf('alpha');
    const got = await api(`/quotas/${q.id}`, { headers: ADMIN });
    assert.equal(got.status, 200);
    assert.deepEqual(QuotaSchema.parse(got.json).hard, { storage: -1 });
    assert.equal((await api(`/quotas/${q.id}`, { headers: ALICE })).status, 403);
    assert.equal((await api(`/quotas/${q.id}`)).status, 401);
    assert.equal((await api('/quotas/999999', { headers: ADMIN })).status, 404);
    assert.equal((await api('/quotas/99999999999', { headers: ADMIN })).status, 404);
    assert.equal((await api('/quotas/abc', { headers: ADMIN })).status, 422);

    const putQuota = (body: unknown, headers: Record<string, string> = ADMIN, id = q.id) => api(`/quotas/${id}`, { method: 'PUT', headers, body });
    assert.equal((await putQuota({ hard: { storage: GB } }, ALICE)).status, 403);
    assert.equal((await putQuota({ hard: { storage: GB } }, {})).status, 401);
    assert.equal((await putQuota({ hard: { storage: GB } }, basic('robot$quota-reader', 'Quota5ecret'))).status, 403, 'no update grant');
    const bad: Array<[unknown, number]> = [
      [{}, 400], [{ hard: {} }, 400], [{ hard: null }, 400], [{ hard: { storage: 0 } }, 400], [{ hard: { storage: -2 } }, 400],
      [{ hard: { count: 1 } }, 400], [{ hard: { storage: 1, count: 1 } }, 400], [{ hard: { storage: 'x' } }, 422], [{ hard: { storage: 1.5 } }, 422],
    ];
    for (const [body, status] of bad) assert.equal((await putQuota(body)).status, status, JSON.stringify(body));
    assert.equal((await putQuota({ hard: { storage: GB } }, ADMIN, 999999)).status, 404);
    assert.deepEqual((await quotaOf('alpha')).hard, { storage: -1 }, 'unchanged');

    assert.equal((await putQuota({ hard: { storage: 2 * GB } })).status, 200);
    assert.deepEqual((await quotaOf('alpha')).hard, { storage: 2 * GB });
    const log = await db.auditLog.findFirst({ where: { resourceType: 'quota' } });
    assert.deepEqual([log?.operation, log?.resource, log?.username], ['update', 'alpha', 'admin']);
  });

  test('per-project quotas off: new projects get none and summaries show none', async () => {
    assert.equal((await api('/configurations', { method: 'PUT', headers: ADMIN, body: { quota_per_project_enable: false } })).status, 200);
    assert.equal((await createProject(ADMIN, 'no-quota', { storage_limit: GB })).status, 201);
    const p = await db.project.findUniqueOrThrow({ where: { name: 'no-quota' } });
    assert.equal(await db.quota.count({ where: { referenceId: String(p.id) } }), 0);
    assert.equal(ProjectSummarySchema.parse((await api('/projects/no-quota/summary', { headers: ADMIN })).json).quota, undefined);
    assert.equal((await api('/configurations', { method: 'PUT', headers: ADMIN, body: { quota_per_project_enable: true } })).status, 200);
    const summary = ProjectSummarySchema.parse((await api('/projects/no-quota/summary', { headers: ADMIN })).json);
    assert.deepEqual(summary.quota?.hard, { storage: -1 }, 'made on first use once quotas are back on');
  });

  test('deleting a project deletes its quota', async () => {
    const p = await db.project.findUniqueOrThrow({ where: { name: 'zero' } });
    assert.equal((await api('/projects/zero', { method: 'DELETE', headers: ADMIN })).status, 200);
    assert.equal(await db.quota.count({ where: { reference: 'project', referenceId: String(p.id) } }), 0);
  });
});
