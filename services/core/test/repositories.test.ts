// Repositories API against the real database: visibility of /repositories for each kind of caller,
// a project's list with q/sort/paging, get (names with slashes encoded twice), description, delete.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hashSecret, ROLE_IDS } from '@harbor/auth';
import { RepositorySchema } from '@harbor/contracts';
import { createPrismaClient, type PrismaClient } from '@harbor/db';
import { addMember, digestOf, seedArtifact, seedProject, seedReference, seedRepo, seedAccessory } from './artifact-seed.js';
import { refused } from './hostile-kit.js';
import { addUsers, basic, startTestCore, TEST_PASSWORD, type TestCore } from './helpers.js';

const ADMIN = basic('admin', 'Harbor12345');
const as = (u: string) => basic(u, TEST_PASSWORD);

describe('repositories API', () => {
  let core: TestCore;
  let db: PrismaClient;
  let priv: { id: number; name: string };
  let ids: Record<string, number>;

  before(async () => {
    core = await startTestCore();
    db = createPrismaClient(core.databaseUrl);
    ids = await addUsers(db, ['owner', 'maint', 'dev', 'gst', 'lim', 'outsider']);
    priv = await seedProject(db, 'priv');
    const pub = await seedProject(db, 'pub2', true);
    const library = (await db.project.findUniqueOrThrow({ where: { name: 'library' } }));
    for (const [u, role] of [['owner', ROLE_IDS.projectAdmin], ['maint', ROLE_IDS.maintainer], ['dev', ROLE_IDS.developer], ['gst', ROLE_IDS.guest], ['lim', ROLE_IDS.limitedGuest]] as const) {
      await addMember(db, priv.id, ids[u], role);
    }
    const t = (n: number) => new Date(Date.UTC(2024, 0, n));
    const app = await seedRepo(db, priv, 'app', t(1));
    await seedRepo(db, priv, 'team/tool', t(2));
    await seedRepo(db, priv, 'zzz', t(3));
    await seedRepo(db, library, 'busybox', t(4));
    await seedRepo(db, pub, 'x', t(5));
    // app: a tagged image, an untagged one, an index with two untagged children, an untagged index that
    // shares one of them, and a signature
    const a1 = await seedArtifact(db, app, { seed: 'a1', tags: ['v1'] });
    await seedArtifact(db, app, { seed: 'a2' });
    const index = { mediaType: 'application/vnd.oci.image.index.v1+json', manifestMediaType: 'application/vnd.oci.image.index.v1+json' };
    const idx = await seedArtifact(db, app, { seed: 'idx', tags: ['multi'], ...index });
    const idx2 = await seedArtifact(db, app, { seed: 'idx2', ...index });
    for (const arch of ['amd64', 'arm64']) {
      const child = await seedArtifact(db, app, { seed: `c-${arch}` });
      await seedReference(db, idx, child, { os: 'linux', architecture: arch });
      if (arch === 'amd64') await seedReference(db, idx2, child, { os: 'linux', architecture: arch });
    }
    const sig = await seedArtifact(db, app, { seed: 'sig', mediaType: 'application/vnd.dev.cosign.artifact.sig.v1+json', type: 'UNKNOWN' });
    await seedAccessory(db, sig, a1);
    await db.robot.create({
      data: {
        name: 'priv+ci', secret: await hashSecret('Robot5ecret'), projectId: priv.id, level: 'project',
        permissions: [{ kind: 'project', namespace: 'priv', access: [{ resource: 'repository', action: 'list' }] }],
      },
    });
    await db.robot.create({
      data: { name: 'all', secret: await hashSecret('Robot5ecret'), level: 'system', permissions: [{ kind: 'project', namespace: '*', access: [{ resource: 'repository', action: 'pull' }] }] },
    });
  });
  after(async () => {
    await db.$disconnect();
    await core.stop();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${core.url}/api/v2.0${path}`, { headers });
  async function names(path: string, headers: Record<string, string> = {}): Promise<string[]> {
    const res = await get(path, headers);
    assert.equal(res.status, 200, await res.clone().text());
    const body = RepositorySchema.array().parse(await res.json());
    return body.map((r) => r.name);
  }

  test('/repositories: admins and all-project robots see every repository, newest first', async () => {
    const all = ['pub2/x', 'library/busybox', 'priv/zzz', 'priv/team/tool', 'priv/app'];
    assert.deepEqual(await names('/repositories', ADMIN), all);
    assert.deepEqual(await names('/repositories', basic('robot$all', 'Robot5ecret')), all);
  });

  test('/repositories: others see public projects plus their own', async () => {
    assert.deepEqual(await names('/repositories'), ['pub2/x', 'library/busybox']);
    assert.deepEqual(await names('/repositories', as('outsider')), ['pub2/x', 'library/busybox']);
    assert.deepEqual(await names('/repositories', as('lim')), ['pub2/x', 'library/busybox', 'priv/zzz', 'priv/team/tool', 'priv/app']);
    assert.deepEqual((await names('/repositories', basic('robot$priv+ci', 'Robot5ecret'))).length, 5);
  });

  test('/repositories: q, sort, paging with X-Total-Count and Link', async () => {
    assert.deepEqual(await names('/repositories?q=name%3D~PRIV&sort=name', ADMIN), ['priv/app', 'priv/team/tool', 'priv/zzz']);
    assert.deepEqual(await names('/repositories?q=name%3Dpriv/app', ADMIN), ['priv/app']);
    assert.deepEqual(await names(`/repositories?q=project_id%3D${priv.id}&sort=-name`, ADMIN), ['priv/zzz', 'priv/team/tool', 'priv/app']);
    assert.deepEqual(await names('/repositories?q=creation_time%3D[2024-01-02~2024-01-03]&sort=creation_time', ADMIN), ['priv/team/tool', 'priv/zzz']);
    assert.deepEqual(await names(`/repositories?q=blob_digest%3D${digestOf('a1')}`, ADMIN), ['priv/app']);
    const res = await get('/repositories?sort=name&page=2&page_size=2', ADMIN);
    assert.equal(res.headers.get('x-total-count'), '5');
    assert.equal(res.headers.get('link'), '</api/v2.0/repositories?page=1&page_size=2&sort=name>; rel="prev" , </api/v2.0/repositories?page=3&page_size=2&sort=name>; rel="next"');
    assert.deepEqual(((await res.json()) as Array<{ name: string }>).map((r) => r.name), ['priv/team/tool', 'priv/zzz']);
    assert.deepEqual(await names('/repositories?sort=bogus,name&page_size=1', ADMIN), ['library/busybox']);
  });

  test('/repositories: bad q and paging are 400/422', async () => {
    await refused(get('/repositories?q=name%3D', ADMIN), 400, 'BAD_REQUEST');
    await refused(get('/repositories?q=project_id%3Dabc', ADMIN), 400, 'BAD_REQUEST');
    await refused(get('/repositories?q=project_id%3D99999999999', ADMIN), 400, 'BAD_REQUEST');
    await refused(get('/repositories?q=creation_time%3D[x~]', ADMIN), 400, 'BAD_REQUEST');
    await refused(get('/repositories?page_size=101', ADMIN), 422, 'UNPROCESSABLE_ENTITY');
    await refused(get('/repositories?page=x', ADMIN), 422, 'UNPROCESSABLE_ENTITY');
  });

  test('a project\'s repositories: members and public readers list, others are told it does not exist', async () => {
    assert.deepEqual(await names('/projects/priv/repositories', as('lim')), ['priv/zzz', 'priv/team/tool', 'priv/app']);
    assert.deepEqual(await names('/projects/priv/repositories?q=name%3D~team', as('dev')), ['priv/team/tool']);
    assert.deepEqual(await names('/projects/library/repositories'), ['library/busybox']);
    await refused(get('/projects/priv/repositories'), 401, 'UNAUTHORIZED');
    await refused(get('/projects/priv/repositories', as('outsider')), 404, 'NOT_FOUND');
    await refused(get('/projects/nosuch/repositories', ADMIN), 404, 'NOT_FOUND');
    // the project part is a name; a number no project is named after is also taken as an id, unless
    // X-Is-Resource-Name says it is a name
    assert.deepEqual(await names(`/projects/${priv.id}/repositories?sort=name`, as('dev')), ['priv/app', 'priv/team/tool', 'priv/zzz']);
    assert.equal((await get(`/projects/${priv.id}/repositories/app`, as('dev'))).status, 200);
    await refused(get(`/projects/${priv.id}/repositories`, { ...as('dev'), 'X-Is-Resource-Name': 'true' }), 404, 'NOT_FOUND');
    await refused(get('/projects/priv/repositories?q=name%3D', as('dev')), 400, 'BAD_REQUEST');
    // access is checked before q is read
    await refused(get('/projects/priv/repositories?q=name%3D', as('outsider')), 404, 'NOT_FOUND');
    // filters, sorting, paging and counts of a project's page
    assert.deepEqual(await names('/projects/priv/repositories?q=creation_time%3D[2024-01-02~2024-01-03]&sort=creation_time', ADMIN), ['priv/team/tool', 'priv/zzz']);
    assert.deepEqual(await names('/projects/priv/repositories?q=name%3D{priv/app priv/zzz}&sort=-name', ADMIN), ['priv/zzz', 'priv/app']);
    assert.deepEqual(await names(`/projects/priv/repositories?q=blob_digest%3D${digestOf('a1')}`, ADMIN), ['priv/app']);
    assert.deepEqual(await names('/projects/priv/repositories?q=name%3D~%25', ADMIN), [], 'a % matches itself');
    const p2 = await get('/projects/priv/repositories?page=2&page_size=2&sort=name', ADMIN);
    assert.equal(p2.headers.get('x-total-count'), '3');
    assert.deepEqual(((await p2.json()) as Array<{ name: string }>).map((r) => r.name), ['priv/zzz']);
    const past = await get('/projects/priv/repositories?page=5&page_size=2', ADMIN);
    assert.equal(past.headers.get('x-total-count'), '3', 'a page past the end still counts');
    assert.deepEqual(await past.json(), []);
    const listed = (await (await get('/projects/priv/repositories?q=name%3Dpriv/app', ADMIN)).json()) as Array<{ artifact_count: number }>;
    assert.equal(listed[0]!.artifact_count, 4, 'the list counts as the single view does');
  });

  test('get: a name with a slash is encoded twice (once also works); artifact_count counts what the artifact list shows', async () => {
    const res = await get('/projects/priv/repositories/team%252Ftool', as('gst'));
    assert.equal(res.status, 200);
    const tool = RepositorySchema.parse(await res.json());
    assert.equal(tool.name, 'priv/team/tool');
    assert.equal(tool.artifact_count, 0);
    assert.equal(tool.pull_count, 0);
    assert.equal('description' in tool, false);
    assert.equal((await get('/projects/priv/repositories/team%2Ftool', as('gst'))).status, 200);
    const app = RepositorySchema.parse(await (await get('/projects/priv/repositories/app', as('lim'))).json());
    assert.equal(app.artifact_count, 4, 'a1, a2 and both indexes: not their untagged children (a shared one once), not the signature');
    const artifacts = await get('/projects/priv/repositories/app/artifacts', as('lim'));
    assert.equal(artifacts.headers.get('x-total-count'), '4', 'the artifact list counts the same');
    assert.equal(((await artifacts.json()) as unknown[]).length, 4);
    assert.equal(app.project_id, priv.id);
    await refused(get('/projects/priv/repositories/nosuch', ADMIN), 404, 'NOT_FOUND', 'repository priv/nosuch not found');
    await refused(get('/projects/priv/repositories/app', as('outsider')), 404, 'NOT_FOUND');
    await refused(get('/projects/priv/repositories/app'), 401, 'UNAUTHORIZED');
  });

  test('update: only the description, by those who may update repositories', async () => {
    const put = (body: unknown, headers: Record<string, string>) =>
      fetch(`${core.url}/api/v2.0/projects/priv/repositories/app`, { method: 'PUT', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal((await put({ description: 'the app', name: 'ignored', pull_count: 9 }, as('dev'))).status, 200);
    const app = RepositorySchema.parse(await (await get('/projects/priv/repositories/app', ADMIN)).json());
    assert.equal(app.description, 'the app');
    assert.equal(app.name, 'priv/app');
    assert.equal(app.pull_count, 0);
    await refused(put({ description: 'x' }, as('gst')), 403, 'FORBIDDEN');
    await refused(put({ description: 'x' }, as('outsider')), 404, 'NOT_FOUND');
    await refused(put({ description: 'x' }, {}), 401, 'UNAUTHORIZED');
    await refused(put({ description: 1 }, as('dev')), 422, 'UNPROCESSABLE_ENTITY');
    await refused(fetch(`${core.url}/api/v2.0/projects/priv/repositories/nosuch`, { method: 'PUT', headers: { ...as('dev'), 'Content-Type': 'application/json' }, body: '{}' }), 404, 'NOT_FOUND');
    assert.equal((await put({}, as('maint'))).status, 200);
    assert.equal('description' in ((await (await get('/projects/priv/repositories/app', ADMIN)).json()) as object), false);
  });

  test('delete: the repository and all it holds go, blobs stay, the project drops claims nothing else needs', async () => {
    const zzz = await db.repository.findUniqueOrThrow({ where: { name: 'priv/zzz' } });
    const shared = digestOf('shared-layer');
    const own = digestOf('own-layer');
    await seedArtifact(db, zzz, { seed: 'z1', tags: ['latest'], blobs: [shared, own] });
    const tool = await db.repository.findUniqueOrThrow({ where: { name: 'priv/team/tool' } });
    await seedArtifact(db, tool, { seed: 't1', blobs: [shared] });
    const del = (headers: Record<string, string>) => fetch(`${core.url}/api/v2.0/projects/priv/repositories/zzz`, { method: 'DELETE', headers });
    await refused(del(as('dev')), 403, 'FORBIDDEN');
    await refused(del(as('outsider')), 404, 'NOT_FOUND');
    await refused(del({}), 401, 'UNAUTHORIZED');
    assert.equal((await del(as('maint'))).status, 200);
    await refused(del(as('maint')), 404, 'NOT_FOUND');
    assert.equal(await db.artifact.count({ where: { repositoryName: 'priv/zzz' } }), 0);
    assert.equal(await db.tag.count({ where: { repositoryId: zzz.id } }), 0);
    const claimed = async (digest: string) => db.projectBlob.count({ where: { projectId: priv.id, blob: { digest } } });
    assert.equal(await claimed(shared), 1, 'still used by priv/team/tool');
    assert.equal(await claimed(own), 0);
    assert.equal(await claimed(digestOf('z1')), 0);
    assert.equal(await db.blob.count({ where: { digest: { in: [own, digestOf('z1')] } } }), 2, 'blobs are left to garbage collection');
    const log = await db.auditLog.findFirstOrThrow({ where: { resourceType: 'repository' }, orderBy: { id: 'desc' } });
    assert.deepEqual([log.operation, log.resource, log.username, log.projectId], ['delete', 'priv/zzz', 'maint', priv.id]);
  });
});
