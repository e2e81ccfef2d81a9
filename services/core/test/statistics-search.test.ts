// GET /statistics and GET /search against the real database: what each kind of caller is told about
// projects and repositories it may see, and the storage total for administrators.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLE_IDS } from '@harbor/auth';
import { SearchSchema, StatisticSchema } from '@harbor/contracts';
import { createPrismaClient, type PrismaClient } from '@harbor/db';
import { addUsers, basic, startTestCore, type TestCore } from './helpers.js';
import { addSystemRobot, jsonApi } from './json-api.js';

const ADMIN = basic('admin', 'Harbor12345');
const ALICE = basic('alice', 'Passw0rd!');
const BOB = basic('bob', 'Passw0rd!');
const ROBOT = basic('robot$stats', 'Stats5ecret');

describe('statistics and search', () => {
  let core: TestCore;
  let db: PrismaClient;
  const api = jsonApi(() => core.url);

  before(async () => {
    core = await startTestCore();
    db = createPrismaClient(core.databaseUrl);
    const ids = await addUsers(db, ['alice', 'bob']);
    const projects: Record<string, number> = { library: 1 };
    for (const [name, isPublic] of [['pub2', true], ['priv-a', false], ['priv-b', false]] as const) {
      projects[name] = (await db.project.create({ data: { name, public: isPublic } })).id;
    }
    await db.projectMember.create({ data: { projectId: projects['priv-a']!, entityId: ids.alice!, entityType: 'u', role: ROLE_IDS.guest } });
    const repos: Array<[string, number]> = [['library/busybox', 0], ['pub2/app', 3], ['priv-a/app', 1], ['priv-a/tool', 0], ['priv-b/secret-app', 0]];
    for (const [name, pulls] of repos) {
      const repo = await db.repository.create({ data: { name, projectId: projects[name.split('/')[0]!]!, pullCount: pulls } });
      if (name === 'pub2/app') {
        for (const d of ['1', '2']) {
          await db.artifact.create({
            data: {
              type: 'IMAGE', mediaType: 'application/vnd.oci.image.config.v1+json', manifestMediaType: 'application/vnd.oci.image.manifest.v1+json',
              projectId: repo.projectId, repositoryId: repo.id, repositoryName: name, digest: `sha256:${d.repeat(64)}`, size: 10,
            },
          });
        }
      }
    }
    await db.blob.createMany({
      data: [
        { digest: `sha256:${'a'.repeat(64)}`, contentType: 'application/vnd.oci.image.layer.v1.tar+gzip', size: 1000 },
        { digest: `sha256:${'b'.repeat(64)}`, contentType: 'application/vnd.oci.image.config.v1+json', size: 24 },
        { digest: `sha256:${'c'.repeat(64)}`, contentType: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip', size: 5000 },
      ],
    });
    await addSystemRobot(db, 'stats', 'Stats5ecret', [{ resource: 'project', action: 'list' }]);
  });
  after(async () => {
    await db.$disconnect();
    await core.stop();
  });

  test('statistics: 401 for anonymous callers', async () => {
    assert.equal((await api('/statistics')).status, 401);
  });

  test('statistics: administrators get every count and the storage used (foreign layers left out)', async () => {
    const s = StatisticSchema.parse((await api('/statistics', { headers: ADMIN })).json);
    assert.deepEqual(s, {
      private_project_count: 2, private_repo_count: 3, public_project_count: 2, public_repo_count: 2,
      total_project_count: 4, total_repo_count: 5, total_storage_consumption: 1024,
    });
  });

  test('statistics: people get the public counts and those of their own private projects; robots the public ones', async () => {
    const expected = (priv: number, privRepos: number) => ({
      private_project_count: priv, private_repo_count: privRepos, public_project_count: 2, public_repo_count: 2,
      total_project_count: 0, total_repo_count: 0, total_storage_consumption: 0,
    });
    assert.deepEqual(StatisticSchema.parse((await api('/statistics', { headers: ALICE })).json), expected(1, 2));
    assert.deepEqual(StatisticSchema.parse((await api('/statistics', { headers: BOB })).json), expected(0, 0));
    assert.deepEqual(StatisticSchema.parse((await api('/statistics', { headers: ROBOT })).json), expected(0, 0));
  });

  const search = async (q: string, headers: Record<string, string> = {}) => {
    const res = await api(`/search?q=${encodeURIComponent(q)}`, { headers });
    assert.equal(res.status, 200);
    const body = SearchSchema.parse(res.json);
    return { projects: body.project.map((p) => p.name), repositories: body.repository.map((r) => r.repository_name), body };
  };

  test('search: only what the caller may see — public for anonymous callers and robots, own projects for people, all for admins', async () => {
    assert.deepEqual(await search('app'), { projects: [], repositories: ['pub2/app'], body: (await search('app')).body });
    assert.deepEqual((await search('app', ROBOT)).repositories, ['pub2/app']);
    assert.deepEqual((await search('app', ALICE)).repositories, ['priv-a/app', 'pub2/app']);
    assert.deepEqual((await search('app', ADMIN)).repositories, ['priv-a/app', 'priv-b/secret-app', 'pub2/app']);
    assert.deepEqual((await search('priv', ALICE)).projects, ['priv-a']);
    assert.deepEqual((await search('priv', ADMIN)).projects, ['priv-a', 'priv-b']);
    assert.deepEqual((await search('', BOB)).projects, ['library', 'pub2']);
  });

  test('search: the repository entries and the projects in Harbor\'s shapes', async () => {
    const { body } = await search('app', ALICE);
    const pub = body.repository.find((r) => r.repository_name === 'pub2/app')!;
    assert.equal(pub.project_name, 'pub2');
    assert.equal(pub.project_public, true);
    assert.equal(pub.pull_count, 3);
    assert.equal(pub.artifact_count, 2);
    const own = body.repository.find((r) => r.repository_name === 'priv-a/app')!;
    assert.equal(own.project_public, false);
    assert.equal(own.artifact_count, 0);
    const projects = (await search('priv-a', ALICE)).body.project;
    assert.deepEqual(projects[0]?.current_user_role_ids, [ROLE_IDS.guest]);
    assert.equal(projects[0]?.repo_count, 2);
  });

  test('search: project names match case-sensitively, repository names case-insensitively, wildcards literally', async () => {
    const upper = await search('APP', ADMIN);
    assert.deepEqual(upper.repositories, ['priv-a/app', 'priv-b/secret-app', 'pub2/app']);
    assert.deepEqual((await search('PRIV', ADMIN)).projects, []);
    assert.deepEqual(await search('%', ADMIN).then((r) => [r.projects, r.repositories]), [[], []]);
    assert.deepEqual((await search('a_p', ADMIN)).repositories, []);
  });

  test('search: q is required', async () => {
    const res = await api('/search');
    assert.equal(res.status, 422);
  });
});
