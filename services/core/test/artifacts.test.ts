// Artifacts API against the real database (registry rows seeded directly): which artifacts a list shows,
// q/sort/paging, the artifact JSON, get by tag or digest, delete with children and accessories, and
// the permission of each role.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLE_IDS } from '@harbor/auth';
import { ArtifactSchema, type Artifact } from '@harbor/contracts';
import { createPrismaClient, type PrismaClient } from '@harbor/db';
import { COSIGN, HELM_CONFIG, OCI_INDEX, addMember, digestOf, seedAccessory, seedArtifact, seedLabel, seedProject, seedReference, seedRepo } from './artifact-seed.js';
import { noServerError, refused } from './hostile-kit.js';
import { addUsers, basic, startTestCore, TEST_PASSWORD, type TestCore } from './helpers.js';

const ADMIN = basic('admin', 'Harbor12345');
const as = (u: string) => basic(u, TEST_PASSWORD);
const t = (n: number) => new Date(Date.UTC(2024, 0, 1, 0, n));

describe('artifacts API', () => {
  let core: TestCore;
  let db: PrismaClient;
  let priv: { id: number; name: string };
  let label: number;
  const A = '/projects/priv/repositories/team%252Fapp/artifacts';

  before(async () => {
    core = await startTestCore();
    db = createPrismaClient(core.databaseUrl);
    const ids = await addUsers(db, ['owner', 'maint', 'dev', 'gst', 'lim', 'outsider']);
    priv = await seedProject(db, 'priv');
    for (const [u, role] of [['owner', ROLE_IDS.projectAdmin], ['maint', ROLE_IDS.maintainer], ['dev', ROLE_IDS.developer], ['gst', ROLE_IDS.guest], ['lim', ROLE_IDS.limitedGuest]] as const) {
      await addMember(db, priv.id, ids[u], role);
    }
    const repo = await seedRepo(db, priv, 'team/app');
    const a1 = await seedArtifact(db, repo, {
      seed: 'a1', tags: ['v1', 'stable'], pushTime: t(1), size: 1234,
      extraAttrs: { architecture: 'amd64', os: 'linux', author: 'me' }, annotations: { 'org.opencontainers.image.title': 'one' },
    });
    await seedArtifact(db, repo, { seed: 'a2', pushTime: t(2) });
    await seedArtifact(db, repo, { seed: 'chart', tags: ['0.1.0'], pushTime: t(3), type: 'CHART', mediaType: HELM_CONFIG });
    const idx = await seedArtifact(db, repo, { seed: 'idx', tags: ['multi'], pushTime: t(4), mediaType: OCI_INDEX, manifestMediaType: OCI_INDEX, artifactType: null });
    const amd = await seedArtifact(db, repo, { seed: 'c-amd64', pushTime: t(0) });
    const arm = await seedArtifact(db, repo, { seed: 'c-arm64', pushTime: t(0), tags: ['arm'] });
    await seedReference(db, idx, amd, { os: 'linux', architecture: 'amd64' });
    await seedReference(db, idx, arm, { os: 'linux', architecture: 'arm64', variant: 'v8' });
    const sig = await seedArtifact(db, repo, { seed: 'sig', tags: [`${digestOf('a1').replace(':', '-')}.sig`], pushTime: t(5), type: 'UNKNOWN', mediaType: COSIGN });
    await seedAccessory(db, sig, a1);
    const idxSig = await seedArtifact(db, repo, { seed: 'idx-sig', pushTime: t(6), type: 'UNKNOWN', mediaType: COSIGN });
    await seedAccessory(db, idxSig, idx);
    label = (await seedLabel(db, 'release')).id;
    await db.artifactLabel.create({ data: { labelId: label, artifactId: a1.id } });
  });
  after(async () => {
    await db.$disconnect();
    await core.stop();
  });

  const get = (path: string, headers: Record<string, string> = ADMIN) => fetch(`${core.url}/api/v2.0${path}`, { headers });
  async function list(query: string, headers: Record<string, string> = ADMIN): Promise<Artifact[]> {
    const res = await get(`${A}${query}`, headers);
    assert.equal(res.status, 200, await res.clone().text());
    return ArtifactSchema.array().parse(await res.json());
  }
  const seeds = (items: Artifact[]) => items.map((a) => ['a1', 'a2', 'chart', 'idx', 'c-amd64', 'c-arm64', 'sig', 'idx-sig'].find((s) => digestOf(s) === a.digest));

  test('the list shows tagged artifacts and untagged ones no index needs, never accessories; newest push first', async () => {
    const res = await get(A);
    assert.equal(res.headers.get('x-total-count'), '5');
    const items = ArtifactSchema.array().parse(await res.json());
    assert.deepEqual(seeds(items), ['idx', 'chart', 'a2', 'a1', 'c-arm64']);
  });

  test('the artifact JSON: Harbor\'s fields, tags by default, references with platforms, addition links', async () => {
    const [idx, chart, a2, a1] = await list('');
    assert.equal(a1.repository_name, 'priv/team/app');
    assert.equal(a1.project_id, priv.id);
    assert.equal(a1.size, 1234);
    assert.equal(a1.type, 'IMAGE');
    assert.equal(a1.pull_time, '0001-01-01T00:00:00.000Z');
    assert.equal(a1.push_time, t(1).toISOString());
    assert.deepEqual(a1.extra_attrs, { architecture: 'amd64', os: 'linux', author: 'me' });
    assert.deepEqual(a1.annotations, { 'org.opencontainers.image.title': 'one' });
    assert.deepEqual(a1.tags?.map((x) => [x.name, x.immutable, x.artifact_id]).sort(), [['stable', false, a1.id], ['v1', false, a1.id]]);
    assert.equal(a1.icon, 'sha256:0048162a053eef4d4ce3fe7518615bef084403614f8bca43b40ae2e762e11e06');
    const enc = `/api/v2.0/projects/priv/repositories/team%252Fapp/artifacts/${a1.digest}/additions`;
    assert.deepEqual(a1.addition_links, {
      build_history: { absolute: false, href: `${enc}/build_history` },
      vulnerabilities: { absolute: false, href: `${enc}/vulnerabilities` },
    });
    assert.equal('tags' in a2, false, 'an untagged artifact has no tags field');
    assert.equal('labels' in a1 || 'accessories' in a1 || 'scan_overview' in a1, false);
    assert.deepEqual(Object.keys(chart.addition_links ?? {}).sort(), ['dependencies', 'readme.md', 'values.yaml']);
    assert.equal(chart.icon, 'sha256:61cf3a178ff0f75bf08a25d96b75cf7355dc197749a9f128ed3ef34b0df05518');
    assert.deepEqual(Object.keys(idx.addition_links ?? {}), ['vulnerabilities']);
    assert.equal('artifact_type' in idx, false);
    assert.deepEqual(idx.references?.map((r) => [r.child_digest, r.platform]), [
      [digestOf('c-amd64'), { architecture: 'amd64', os: 'linux' }],
      [digestOf('c-arm64'), { architecture: 'arm64', os: 'linux', variant: 'v8' }],
    ]);
  });

  test('with_tag, with_label, with_accessory, with_inherited_accessory, with_scan_overview', async () => {
    const [, , , a1] = await list('?with_tag=false&with_label=true&with_accessory=true&with_scan_overview=true&with_signature=true&with_immutable_status=true');
    assert.equal('tags' in a1, false);
    assert.deepEqual(a1.labels?.map((l) => [l.id, l.name, l.scope, l.color]), [[label, 'release', 'g', '#aabbcc']]);
    assert.equal(a1.accessories?.length, 1);
    const acc = a1.accessories![0];
    assert.deepEqual([acc.type, acc.digest, acc.subject_artifact_digest, acc.subject_artifact_repo, acc.subject_artifact_id, acc.icon],
      ['signature.cosign', digestOf('sig'), a1.digest, 'priv/team/app', a1.id, 'sha256:20401d5b3a0f6dbc607c8d732eb08471af4ae6b19811a4efce8c6a724aed2882']);
    assert.equal('scan_overview' in a1, false, 'no scan has run');
    const arm = (await list('?q=base%3D*&with_inherited_accessory=true')).find((a) => a.digest === digestOf('c-arm64'))!;
    assert.deepEqual(arm.inherited_accessories?.map((x) => x.digest), [digestOf('idx-sig')]);
  });

  test('q: tags=*, tags=nil, exact and fuzzy tags, labels, base=*, columns; sort and paging', async () => {
    assert.deepEqual(seeds(await list('?q=tags%3D*')), ['idx', 'chart', 'a1', 'c-arm64']);
    assert.deepEqual(seeds(await list('?q=tags%3Dnil')), ['a2']);
    assert.deepEqual(seeds(await list('?q=tags%3Dv1')), ['a1']);
    assert.deepEqual(seeds(await list('?q=tags%3D~ab')), ['a1']);
    assert.deepEqual(seeds(await list('?q=tags%3D~AB')), [], 'tag matching is case-sensitive, as Harbor\'s LIKE');
    assert.deepEqual(seeds(await list('?q=tags%3D~%25')), [], 'LIKE wildcards are literal');
    assert.deepEqual(seeds(await list(`?q=labels%3D(${label})`)), ['a1']);
    assert.deepEqual(seeds(await list('?q=base%3D*')), ['idx', 'chart', 'a2', 'a1', 'c-arm64', 'c-amd64'], 'equal push times: newest row first');
    assert.deepEqual(seeds(await list(`?q=digest%3D${digestOf('a2')}`)), ['a2']);
    assert.deepEqual(seeds(await list('?q=type%3DCHART')), ['chart']);
    assert.deepEqual(seeds(await list(`?q=media_type%3D~helm`)), ['chart']);
    assert.deepEqual(seeds(await list('?q=push_time%3D[2024-01-01T00:02:00~2024-01-01T00:03:00]')), ['chart', 'a2']);
    assert.deepEqual(seeds(await list('?q=size%3D[1000~1234],tags%3D*&sort=-size,push_time')), ['a1', 'c-arm64', 'chart', 'idx']);
    assert.deepEqual(seeds(await list('?sort=push_time')), ['c-arm64', 'a1', 'a2', 'chart', 'idx']);
    const res = await get(`${A}?page=2&page_size=2`);
    assert.equal(res.headers.get('x-total-count'), '5');
    assert.match(res.headers.get('link') ?? '', /rel="prev" , <\/api\/v2\.0\/projects\/priv\/repositories\/team%252Fapp\/artifacts\?page=3&page_size=2>; rel="next"/);
    assert.deepEqual(seeds(ArtifactSchema.array().parse(await res.json())), ['a2', 'a1']);
  });

  test('q errors are 400s, paging errors 422s (after the repository is found)', async () => {
    for (const q of ['tags%3D[a~b]', 'tags%3D(a b)', 'labels%3D1', 'labels%3D(a)', 'labels%3D(99999999999)', 'base%3Dx', 'id%3Dx', 'push_time%3D[x~]', 'media_type', 'size%3D~1']) {
      await refused(get(`${A}?q=${q}`), 400, 'BAD_REQUEST');
    }
    await refused(get(`${A}?page_size=1000`), 422, 'UNPROCESSABLE_ENTITY');
    await refused(get('/projects/priv/repositories/nosuch/artifacts?q=tags%3D[a~b]'), 404, 'NOT_FOUND', 'repository priv/nosuch not found');
  });

  test('who may list and read: every member; outsiders are told the project does not exist', async () => {
    for (const u of ['owner', 'maint', 'dev', 'gst', 'lim']) assert.equal((await list('', as(u))).length, 5, u);
    await refused(get(A, as('outsider')), 404, 'NOT_FOUND');
    await refused(get(A, {}), 401, 'UNAUTHORIZED');
    await refused(get('/projects/nosuch/repositories/x/artifacts'), 404, 'NOT_FOUND');
    await refused(get(`${A}/v1`, as('outsider')), 404, 'NOT_FOUND');
    await refused(get(`${A}/v1`, {}), 401, 'UNAUTHORIZED');
    const lib = await db.project.findUniqueOrThrow({ where: { name: 'library' } });
    await seedArtifact(db, await seedRepo(db, lib, 'pub'), { seed: 'pub', tags: ['latest'] });
    const anon = await get('/projects/library/repositories/pub/artifacts/latest', {});
    assert.equal(anon.status, 200, 'anyone reads a public project');
  });

  test('get by tag or digest (children too); unknown references are 404s', async () => {
    const byTag = ArtifactSchema.parse(await (await get(`${A}/v1?with_label=true`, as('lim'))).json());
    assert.equal(byTag.digest, digestOf('a1'));
    assert.equal(byTag.labels?.[0]?.name, 'release');
    const child = ArtifactSchema.parse(await (await get(`${A}/${digestOf('c-amd64')}`)).json());
    assert.equal(child.digest, digestOf('c-amd64'));
    const once = await get(`/projects/priv/repositories/team%2Fapp/artifacts/${digestOf('a2')}`);
    assert.equal(once.status, 200);
    await refused(get(`${A}/nosuch`), 404, 'NOT_FOUND', 'artifact priv/team/app:nosuch not found');
    await refused(get(`${A}/${digestOf('nosuch')}`), 404, 'NOT_FOUND', `artifact priv/team/app@${digestOf('nosuch')} not found`);
    await refused(get(`${A}/sha256:zz`), 404, 'NOT_FOUND', 'artifact priv/team/app:sha256:zz not found');
    await refused(get('/projects/priv/repositories/nosuch/artifacts/v1'), 404, 'NOT_FOUND');
    await refused(get(`${A}/v1?page_size=x`), 422, 'UNPROCESSABLE_ENTITY');
  });

  test('accessories: listed per artifact, filtered by type; anyone who may read the project', async () => {
    const res = await get(`${A}/v1/accessories`, as('lim'));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-total-count'), '1');
    const [acc] = (await res.json()) as Array<Record<string, unknown>>;
    assert.equal(acc.digest, digestOf('sig'));
    assert.equal(acc.type, 'signature.cosign');
    const none = await get(`${A}/v1/accessories?q=type%3Dharbor.sbom`);
    assert.equal(none.status, 200, await none.clone().text());
    assert.deepEqual(await none.json(), []);
    assert.deepEqual(await (await get(`${A}/${digestOf('a2')}/accessories`)).json(), []);
    await refused(get(`${A}/v1/accessories`, as('outsider')), 404, 'NOT_FOUND');
    await refused(get(`${A}/nosuch/accessories`), 404, 'NOT_FOUND');
    await refused(get(`${A}/v1/accessories?q=id%3Dx`), 400, 'BAD_REQUEST');
  });

  test('additions without content: vulnerabilities is Harbor\'s empty answer; unsupported additions are 400s, unknown names 422', async () => {
    const vul = await get(`${A}/v1/additions/vulnerabilities`, as('lim'));
    assert.equal(vul.status, 200);
    assert.match(vul.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(await vul.text(), '{}');
    await refused(get(`${A}/v1/additions/values.yaml`), 400, 'BAD_REQUEST', "addition VALUES.YAML isn't supported for IMAGE(manifest version 2)");
    await refused(get(`${A}/0.1.0/additions/build_history`), 400, 'BAD_REQUEST', "addition BUILD_HISTORY isn't supported for CHART");
    await refused(get(`${A}/multi/additions/build_history`), 400, 'BAD_REQUEST', "addition BUILD_HISTORY isn't supported");
    await refused(get(`${A}/${digestOf('sig')}/additions/build_history`), 400, 'BAD_REQUEST');
    await refused(get(`${A}/v1/additions/bogus`), 422, 'UNPROCESSABLE_ENTITY');
    await refused(get(`${A}/v1/additions/bogus`, {}), 422, 'UNPROCESSABLE_ENTITY', /addition in path should be one of/);
    await refused(get(`${A}/v1/additions/build_history`, as('outsider')), 404, 'NOT_FOUND');
    await refused(get(`${A}/nosuch/additions/vulnerabilities`), 404, 'NOT_FOUND');
  });
  test('hostile paths and parameters are 4xx, never 500', async () => {
    const paths = [
      '/projects/priv/repositories/%2500/artifacts', `${A}/%2500`, `${A}/v1%00/tags`, `${A}?q=digest%3D%2500`, `${A}?q=tags%3D%25`,
      `${A}?q=size%3D[1~99999999999999999999]`, `${A}?q=push_time%3D[2024-02-30~]`, `${A}?sort=-pull_time,artifact_type,-size&page_size=0`,
      `${A}?q=repository_name%3D~%25_%5C`, `${A}?page=-1&page_size=-5`, `${A}/${'x'.repeat(5000)}`, `/projects/${'p'.repeat(300)}/repositories/x/artifacts`,
      `/projects/priv/repositories/${'a%252F'.repeat(100)}b/artifacts`, `${A}/v1/accessories?q=size%3D~1`, `${A}/v1/tags?sort=-name,bogus`,
      `${A}/v1/additions/build_history%00`, `/repositories?q=name%3D~%00`, `/repositories?q=blob_digest%3D~x`,
    ];
    for (const p of paths) await noServerError(get(p), p);
    const post = (path: string, body: string) => fetch(`${core.url}/api/v2.0${path}`, { method: 'POST', headers: { ...ADMIN, 'Content-Type': 'application/json' }, body });
    for (const [path, body] of [[`${A}/v1/tags`, '{"name":"a\\u0000b"}'], [`${A}/v1/tags`, '[]'], [`${A}/v1/tags`, '{bad'], [`${A}/v1/labels`, '{"id":1e10}'], [`${A}/v1/labels`, '{"id":-1}'], [`${A}?from=library%2Fx%3Aa%00`, '']]) {
      await noServerError(post(path, body), `${path} ${body}`);
    }
  });
});
