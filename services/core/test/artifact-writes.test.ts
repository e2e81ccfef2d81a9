// Changing artifacts through the API against the real database (rows seeded directly): tags (list,
// create, delete), labels (add, remove), artifact deletion with children and accessories, audit entries,
// and each role's permission.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLE_IDS } from '@harbor/auth';
import { TagSchema } from '@harbor/contracts';
import { createPrismaClient, type PrismaClient } from '@harbor/db';
import { COSIGN, OCI_INDEX, addMember, digestOf, seedAccessory, seedArtifact, seedLabel, seedProject, seedReference, seedRepo } from './artifact-seed.js';
import { refused } from './hostile-kit.js';
import { addUsers, basic, startTestCore, TEST_PASSWORD, type TestCore } from './helpers.js';

const ADMIN = basic('admin', 'Harbor12345');
const as = (u: string) => basic(u, TEST_PASSWORD);
const JSON_TYPE = { 'Content-Type': 'application/json' };

describe('artifact changes through the API', () => {
  let core: TestCore;
  let db: PrismaClient;
  let priv: { id: number; name: string };
  let other: { id: number; name: string };
  const A = '/projects/priv/repositories/app/artifacts';

  before(async () => {
    core = await startTestCore();
    db = createPrismaClient(core.databaseUrl);
    const ids = await addUsers(db, ['owner', 'maint', 'dev', 'gst', 'lim', 'outsider']);
    priv = await seedProject(db, 'priv');
    other = await seedProject(db, 'other');
    for (const [u, role] of [['owner', ROLE_IDS.projectAdmin], ['maint', ROLE_IDS.maintainer], ['dev', ROLE_IDS.developer], ['gst', ROLE_IDS.guest], ['lim', ROLE_IDS.limitedGuest]] as const) {
      await addMember(db, priv.id, ids[u], role);
    }
    const repo = await seedRepo(db, priv, 'app');
    await seedArtifact(db, repo, { seed: 'a1', tags: ['v1', 'v1.0', 'latest'], blobs: [digestOf('layer-a1'), digestOf('shared')] });
    await seedArtifact(db, repo, { seed: 'a2', tags: ['v2'], blobs: [digestOf('shared')] });
    const idx = await seedArtifact(db, repo, { seed: 'idx', tags: ['multi'], mediaType: OCI_INDEX, manifestMediaType: OCI_INDEX });
    const amd = await seedArtifact(db, repo, { seed: 'amd64', blobs: [digestOf('layer-amd64')] });
    const arm = await seedArtifact(db, repo, { seed: 'arm64', tags: ['arm-only'] });
    await seedReference(db, idx, amd, { os: 'linux', architecture: 'amd64' });
    await seedReference(db, idx, arm, { os: 'linux', architecture: 'arm64' });
    const a3 = await seedArtifact(db, repo, { seed: 'a3', tags: ['v3'] });
    const sig = await seedArtifact(db, repo, { seed: 'sig', mediaType: COSIGN, type: 'UNKNOWN', tags: ['sha256-a3.sig'] });
    await seedAccessory(db, sig, a3);
  });
  after(async () => {
    await db.$disconnect();
    await core.stop();
  });

  const call = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    fetch(`${core.url}/api/v2.0${path}`, { method, headers: body === undefined ? headers : { ...headers, ...JSON_TYPE }, body: body === undefined ? undefined : JSON.stringify(body) });
  const lastAudit = () => db.auditLog.findFirstOrThrow({ orderBy: { id: 'desc' } });

  test('tags: listed with q, sort and paging; readers of the project may list', async () => {
    const res = await call('GET', `${A}/v1/tags?sort=name&page_size=2`, as('lim'));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-total-count'), '3');
    assert.deepEqual(TagSchema.array().parse(await res.json()).map((x) => x.name), ['latest', 'v1']);
    const fuzzy = TagSchema.array().parse(await (await call('GET', `${A}/v1/tags?q=name%3D~v1`, ADMIN)).json());
    assert.deepEqual(fuzzy.map((x) => x.name).sort(), ['v1', 'v1.0']);
    await refused(call('GET', `${A}/v1/tags`, as('outsider')), 404, 'NOT_FOUND');
    await refused(call('GET', `${A}/v1/tags`, {}), 401, 'UNAUTHORIZED');
    await refused(call('GET', `${A}/nosuch/tags`, ADMIN), 404, 'NOT_FOUND');
    await refused(call('GET', `${A}/v1/tags?q=name%3D`, ADMIN), 400, 'BAD_REQUEST');
    await refused(call('GET', `${A}/v1/tags?page_size=500`, ADMIN), 422, 'UNPROCESSABLE_ENTITY');
  });

  test('tags: developers create; a name the repository already has is a 409; bad names 400', async () => {
    assert.equal((await call('POST', `${A}/v1/tags`, as('dev'), { name: 'prod' })).status, 201);
    const tag = await db.tag.findFirstOrThrow({ where: { name: 'prod' } });
    assert.equal(tag.artifactId, (await db.artifact.findFirstOrThrow({ where: { digest: digestOf('a1') } })).id);
    const log = await lastAudit();
    assert.deepEqual([log.operation, log.resourceType, log.resource, log.username], ['create', 'tag', 'priv/app:prod', 'dev']);
    await refused(call('POST', `${A}/v2/tags`, as('dev'), { name: 'prod' }), 409, 'CONFLICT', /tag prod already exists under the repository/);
    await refused(call('POST', `${A}/v1/tags`, as('dev'), { name: '-bad' }), 400, 'BAD_REQUEST');
    await refused(call('POST', `${A}/v1/tags`, as('dev'), { name: 7 }), 422, 'UNPROCESSABLE_ENTITY');
    await refused(call('POST', `${A}/v1/tags`, as('dev')), 422, 'UNPROCESSABLE_ENTITY');
    await refused(call('POST', `${A}/v1/tags`, as('gst'), { name: 'g' }), 403, 'FORBIDDEN');
    await refused(call('POST', `${A}/v1/tags`, as('outsider'), { name: 'o' }), 404, 'NOT_FOUND');
    await refused(call('POST', `${A}/v1/tags`, {}, { name: 'a' }), 401, 'UNAUTHORIZED');
    await refused(call('POST', `${A}/nosuch/tags`, as('dev'), { name: 'n' }), 404, 'NOT_FOUND');
  });

  test('tags: maintainers delete a tag of the artifact; developers may not; other artifacts\' tags are 404', async () => {
    await refused(call('DELETE', `${A}/v1/tags/latest`, as('dev')), 403, 'FORBIDDEN');
    await refused(call('DELETE', `${A}/v1/tags/v2`, as('maint')), 404, 'NOT_FOUND', /tag v2 attached to artifact \d+ not found/);
    assert.equal((await call('DELETE', `${A}/v1/tags/latest`, as('maint'))).status, 200);
    assert.equal(await db.tag.count({ where: { name: 'latest' } }), 0);
    const log = await lastAudit();
    assert.deepEqual([log.operation, log.resourceType, log.resource, log.username], ['delete', 'tag', 'priv/app:latest', 'maint']);
    await refused(call('DELETE', `${A}/v1/tags/latest`, as('maint')), 404, 'NOT_FOUND');
  });

  test('labels: a global label or one of this project goes on once; another project\'s is not found', async () => {
    const global = await seedLabel(db, 'global');
    const mine = await seedLabel(db, 'mine', priv.id);
    const theirs = await seedLabel(db, 'theirs', other.id);
    assert.equal((await call('POST', `${A}/v1/labels`, as('dev'), { id: global.id })).status, 200);
    assert.equal((await call('POST', `${A}/v1/labels`, as('dev'), { id: mine.id, name: 'ignored' })).status, 200);
    await refused(call('POST', `${A}/v1/labels`, as('dev'), { id: global.id }), 409, 'CONFLICT');
    await refused(call('POST', `${A}/v1/labels`, as('dev'), { id: theirs.id }), 404, 'NOT_FOUND', `project id ${priv.id}, label ${theirs.id} not found`);
    await refused(call('POST', `${A}/v1/labels`, as('dev'), { id: 999999 }), 404, 'NOT_FOUND', 'label 999999 not found');
    await refused(call('POST', `${A}/v1/labels`, as('dev'), {}), 404, 'NOT_FOUND');
    await refused(call('POST', `${A}/v1/labels`, as('dev'), { id: 'x' }), 422, 'UNPROCESSABLE_ENTITY');
    await refused(call('POST', `${A}/v1/labels`, as('gst'), { id: global.id }), 403, 'FORBIDDEN');
    await refused(call('POST', `${A}/v1/labels`, as('outsider'), { id: global.id }), 404, 'NOT_FOUND');
    await refused(call('POST', `${A}/nosuch/labels`, as('dev'), { id: global.id }), 404, 'NOT_FOUND');
    const a1 = await db.artifact.findFirstOrThrow({ where: { digest: digestOf('a1') } });
    assert.deepEqual((await db.artifactLabel.findMany({ where: { artifactId: a1.id }, orderBy: { id: 'asc' } })).map((l) => l.labelId), [global.id, mine.id]);
    assert.equal((await call('GET', `${A}/v1?with_label=true`, ADMIN).then((r) => r.json()) as { labels: unknown[] }).labels.length, 2);

    await refused(call('DELETE', `${A}/v1/labels/${global.id}`, as('lim')), 403, 'FORBIDDEN');
    assert.equal((await call('DELETE', `${A}/v1/labels/${global.id}`, as('dev'))).status, 200);
    await refused(call('DELETE', `${A}/v1/labels/${global.id}`, as('dev')), 404, 'NOT_FOUND');
    await refused(call('DELETE', `${A}/v1/labels/abc`, as('dev')), 422, 'UNPROCESSABLE_ENTITY');
    await refused(call('DELETE', `${A}/v1/labels/99999999999`, as('dev')), 404, 'NOT_FOUND');
  });

  test('delete: developers may not; a child an index needs is a 412; an index takes its untagged children along', async () => {
    await refused(call('DELETE', `${A}/multi`, as('dev')), 403, 'FORBIDDEN');
    await refused(call('DELETE', `${A}/multi`, {}), 401, 'UNAUTHORIZED');
    await refused(call('DELETE', `${A}/arm-only`, as('maint')), 412, 'VIOLATE_FOREIGN_KEY_CONSTRAINT', 'the deleting artifact is referenced by others');
    await refused(call('DELETE', `${A}/nosuch`, as('maint')), 404, 'NOT_FOUND');
    assert.equal((await call('DELETE', `${A}/multi`, as('maint'))).status, 200);
    const left = (await db.artifact.findMany({ where: { repositoryName: 'priv/app' } })).map((a) => a.digest);
    assert.equal(left.includes(digestOf('idx')), false);
    assert.equal(left.includes(digestOf('amd64')), false, 'the untagged child went with its index');
    assert.equal(left.includes(digestOf('arm64')), true, 'the tagged child stays');
    assert.equal(await db.tag.count({ where: { name: 'multi' } }), 0);
    const log = await lastAudit();
    assert.deepEqual([log.operation, log.resourceType, log.resource, log.username], ['delete', 'artifact', 'priv/app:multi', 'maint']);
    const claimed = (d: string) => db.projectBlob.count({ where: { projectId: priv.id, blob: { digest: d } } });
    assert.equal(await claimed(digestOf('layer-amd64')), 0);
    assert.equal(await db.blob.count({ where: { digest: digestOf('layer-amd64') } }), 1, 'blobs stay for garbage collection');
    assert.equal((await call('DELETE', `${A}/arm-only`, as('owner'))).status, 200, 'no index needs it any more');
  });

  test('delete: accessories go with their subject; blobs another artifact uses stay claimed', async () => {
    assert.equal((await call('DELETE', `${A}/v3`, ADMIN)).status, 200);
    assert.equal(await db.artifact.count({ where: { digest: digestOf('sig') } }), 0);
    assert.equal(await db.accessory.count(), 0);
    assert.equal((await call('DELETE', `${A}/${digestOf('a1')}`, as('owner'))).status, 200);
    const log = await lastAudit();
    assert.equal(log.resource, `priv/app@${digestOf('a1')}`);
    const claimed = (d: string) => db.projectBlob.count({ where: { projectId: priv.id, blob: { digest: d } } });
    assert.equal(await claimed(digestOf('layer-a1')), 0);
    assert.equal(await claimed(digestOf('shared')), 1, 'a2 still uses it');
    await refused(call('GET', `${A}/v1`, ADMIN), 404, 'NOT_FOUND');
  });
});
