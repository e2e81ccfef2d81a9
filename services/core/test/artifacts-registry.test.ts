// Copy and additions against real content: our registry as a child process trusting core's token
// certificate, on core's database; images pushed with skopeo, an index pushed over plain HTTP, a Helm
// chart pushed with helm. Core reads content only through the registry's HTTP API.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROLE_IDS } from '@harbor/auth';
import { ArtifactSchema, type Artifact } from '@harbor/contracts';
import { createPrismaClient, type PrismaClient } from '@harbor/db';
import {
  buildTestImage, createHelm, createTestDatabase, freePort, sha256, skopeoCopy, skopeoInspectRaw, startHarborRegistry,
  type HarborRegistry, type TestDatabase, type TestImage,
} from '@harbor/testkit';
import { ensureSigningKey } from '../src/bootstrap/signing-key.js';
import { addMember, seedAccessory, seedProject } from './artifact-seed.js';
import { refused } from './hostile-kit.js';
import { addUsers, basic, startTestCore, TEST_PASSWORD, type TestCore } from './helpers.js';

const ADMIN = basic('admin', 'Harbor12345');
const CREDS = 'admin:Harbor12345';
const as = (u: string) => basic(u, TEST_PASSWORD);

describe('artifact copy and additions with a real registry', () => {
  let database: TestDatabase;
  let dataDir: string;
  let registry: HarborRegistry;
  let core: TestCore;
  let db: PrismaClient;
  let work: string;
  let image: TestImage;
  let other: TestImage;
  let indexDigest: string;
  let chartDigest: string;

  before(async () => {
    database = await createTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'core-artifacts-'));
    work = await mkdtemp(join(tmpdir(), 'core-artifacts-work-'));
    const key = await ensureSigningKey({ dataDir });
    const corePort = await freePort();
    registry = await startHarborRegistry({
      databaseUrl: database.url,
      token: { realm: `http://127.0.0.1:${corePort}/service/token`, service: 'harbor-registry', issuer: 'harbor-token-issuer', rootCertBundlePath: key.certPath },
    });
    core = await startTestCore({ http: { addr: `127.0.0.1:${corePort}` }, database: { url: database.url }, dataDir, registryURL: registry.url });
    db = createPrismaClient(database.url);
    const ids = await addUsers(db, ['dev', 'gst', 'outsider']);
    const target = await seedProject(db, 'target');
    const secret = await seedProject(db, 'secret');
    await addMember(db, target.id, ids.dev, ROLE_IDS.developer);
    await addMember(db, target.id, ids.gst, ROLE_IDS.guest);
    await addMember(db, secret.id, ids.gst, ROLE_IDS.guest);

    image = await buildTestImage(join(work, 'img'), { tag: '1.0', extraBytes: 2048 });
    other = await buildTestImage(join(work, 'img'), { tag: 'other', labels: { variant: 'other' } });
    await skopeoCopy(image.ociRef, `docker://${registry.host}/library/busybox:1.0`, { destCreds: CREDS });
    await skopeoCopy(other.ociRef, `docker://${registry.host}/library/busybox:other`, { destCreds: CREDS });
    await skopeoCopy(image.ociRef, `docker://${registry.host}/secret/hidden:1.0`, { destCreds: CREDS });
    indexDigest = await pushIndex('library/busybox', 'multi', [image, other]);
    chartDigest = await pushChart();
  });
  after(async () => {
    await db?.$disconnect();
    await core?.stop();
    await registry?.stop();
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
    await rm(work, { recursive: true, force: true });
  });

  async function registryToken(repository: string): Promise<string> {
    const res = await fetch(`${core.url}/service/token?service=harbor-registry&scope=repository:${repository}:pull,push`, { headers: ADMIN });
    return ((await res.json()) as { token: string }).token;
  }

  /** An OCI index over already pushed images, PUT over plain HTTP. */
  async function pushIndex(repository: string, tag: string, images: TestImage[]): Promise<string> {
    const body = JSON.stringify({
      schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: images.map((img, i) => ({
        mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: img.manifestDigest, size: img.manifestSize,
        platform: { os: 'linux', architecture: i === 0 ? 'amd64' : 'arm64' },
      })),
    });
    const res = await fetch(`${registry.url}/v2/${repository}/manifests/${tag}`, {
      method: 'PUT', body,
      headers: { Authorization: `Bearer ${await registryToken(repository)}`, 'Content-Type': 'application/vnd.oci.image.index.v1+json' },
    });
    assert.equal(res.status, 201, await res.text());
    return sha256(body);
  }

  /** A chart with a README and a dependency (vendored in charts/), packaged and pushed with helm. */
  async function pushChart(): Promise<string> {
    const dir = join(work, 'chart', 'demo');
    mkdirSync(join(dir, 'templates'), { recursive: true });
    mkdirSync(join(dir, 'charts', 'sub', 'templates'), { recursive: true });
    writeFileSync(join(dir, 'Chart.yaml'), [
      'apiVersion: v2', 'name: demo', 'version: 0.1.0', 'type: application',
      'dependencies:', '  - name: sub', '    version: 0.2.0', '    repository: https://charts.example.com', '    condition: sub.enabled', '',
    ].join('\n'));
    writeFileSync(join(dir, 'values.yaml'), 'greeting: hello\nsub:\n  enabled: true\n');
    writeFileSync(join(dir, 'README.md'), '# Demo\n\nA chart for tests.\n');
    writeFileSync(join(dir, 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n');
    writeFileSync(join(dir, 'charts', 'sub', 'Chart.yaml'), 'apiVersion: v2\nname: sub\nversion: 0.2.0\n');
    writeFileSync(join(dir, 'charts', 'sub', 'README.md'), 'not the top-level readme\n');
    const h = await createHelm();
    try {
      await h.helm(['package', dir, '--destination', join(work, 'chart')]);
      await h.helm(['registry', 'login', registry.host, '-u', 'admin', '--password-stdin', '--insecure'], { input: 'Harbor12345' });
      const out = await h.helm(['push', join(work, 'chart', 'demo-0.1.0.tgz'), `oci://${registry.host}/library`, '--plain-http']);
      return /Digest: (sha256:[a-f0-9]{64})/.exec(out.stdout + out.stderr)![1];
    } finally {
      await h.cleanup();
    }
  }

  const api = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    fetch(`${core.url}/api/v2.0${path}`, { ...init, headers: { ...ADMIN, ...init.headers } });
  const artifact = async (path: string): Promise<Artifact> => {
    const res = await api(path);
    assert.equal(res.status, 200, await res.clone().text());
    return ArtifactSchema.parse(await res.json());
  };
  const copy = (dst: string, from: string, headers: Record<string, string> = ADMIN) =>
    fetch(`${core.url}/api/v2.0/projects/${dst}/artifacts?from=${encodeURIComponent(from)}`, { method: 'POST', headers });

  test('pushed artifacts are listed as Harbor lists them', async () => {
    const res = await api('/projects/library/repositories/busybox/artifacts');
    assert.equal(res.headers.get('x-total-count'), '3', 'two images and the index; the index children are tagged');
    const multi = await artifact(`/projects/library/repositories/busybox/artifacts/multi`);
    assert.equal(multi.digest, indexDigest);
    assert.deepEqual(multi.references?.map((r) => [r.child_digest, r.platform?.architecture]), [[image.manifestDigest, 'amd64'], [other.manifestDigest, 'arm64']]);
  });

  test('build_history: the image config\'s history, fetched from the registry', async () => {
    const res = await api('/projects/library/repositories/busybox/artifacts/1.0/additions/build_history');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.deepEqual(await res.json(), [
      { created: '1970-01-01T00:00:00Z', created_by: 'harbor testkit: busybox' },
      { created: '1970-01-01T00:00:00Z', created_by: 'harbor testkit: 2048 extra bytes' },
    ]);
    const anon = await fetch(`${core.url}/api/v2.0/projects/library/repositories/busybox/artifacts/1.0/additions/build_history`);
    assert.equal(anon.status, 200, 'anyone reads additions of a public project');
    await refused(api('/projects/library/repositories/busybox/artifacts/multi/additions/build_history'), 400, 'BAD_REQUEST');
  });

  test('chart additions: values.yaml, readme.md and dependencies from the chart archive', async () => {
    const chart = await artifact('/projects/library/repositories/demo/artifacts/0.1.0');
    assert.equal(chart.digest, chartDigest);
    assert.equal(chart.type, 'CHART');
    const base = '/projects/library/repositories/demo/artifacts/0.1.0/additions';
    const values = await api(`${base}/values.yaml`);
    assert.equal(values.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(await values.text(), 'greeting: hello\nsub:\n  enabled: true\n');
    const readme = await api(`${base}/readme.md`);
    assert.equal(readme.headers.get('content-type'), 'text/markdown; charset=utf-8');
    assert.equal(await readme.text(), '# Demo\n\nA chart for tests.\n');
    const deps = await api(`${base}/dependencies`);
    assert.equal(deps.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.deepEqual(await deps.json(), [{ name: 'sub', version: '0.2.0', repository: 'https://charts.example.com', condition: 'sub.enabled' }]);
    await refused(api(`${base}/build_history`), 400, 'BAD_REQUEST', "addition BUILD_HISTORY isn't supported for CHART");
    assert.equal((await fetch(`${core.url}/api/v2.0${base}/readme.md`)).status, 200, 'anyone reads a public chart\'s additions');
    await refused(api('/projects/secret/repositories/hidden/artifacts/1.0/additions/build_history', { headers: as('outsider') }), 404, 'NOT_FOUND');
    await refused(fetch(`${core.url}/api/v2.0/projects/secret/repositories/hidden/artifacts/1.0/additions/build_history`), 401, 'UNAUTHORIZED');
    const hidden = await api('/projects/secret/repositories/hidden/artifacts/1.0/additions/build_history', { headers: as('gst') });
    assert.equal(hidden.status, 200, 'a guest reads additions');
  });

  test('copy by tag into a new nested repository: rows as a push writes them, pullable from the registry', async () => {
    const res = await copy('target/repositories/copied%252Fbox', 'library/busybox:1.0', as('dev'));
    assert.equal(res.status, 201, await res.clone().text());
    assert.equal(res.headers.get('location'), '/api/v2.0/projects/target/repositories/copied%2Fbox/artifacts/1.0');
    const copied = await artifact('/projects/target/repositories/copied%252Fbox/artifacts/1.0');
    assert.equal(copied.digest, image.manifestDigest);
    assert.equal(copied.repository_name, 'target/copied/box');
    assert.deepEqual(copied.tags?.map((t) => t.name), ['1.0']);
    const repo = await db.repository.findUniqueOrThrow({ where: { name: 'target/copied/box' } });
    const blobs = [image.configDigest, ...image.layers.map((l) => l.digest), image.manifestDigest].sort();
    const linked = await db.repositoryBlob.findMany({ where: { repositoryId: repo.id }, select: { blob: { select: { digest: true } } } });
    assert.deepEqual(linked.map((l) => l.blob.digest).sort(), blobs);
    const claimed = await db.projectBlob.findMany({ where: { projectId: repo.projectId }, select: { blob: { select: { digest: true } } } });
    assert.deepEqual(claimed.map((l) => l.blob.digest).sort(), blobs);
    const served = await skopeoInspectRaw(`docker://${registry.host}/target/copied/box:1.0`, CREDS);
    assert.equal(served.digest, image.manifestDigest);
    const layer = await fetch(`${registry.url}/v2/target/copied/box/blobs/${image.layers[1].digest}`, { headers: { Authorization: `Bearer ${await registryToken('target/copied/box')}` } });
    assert.equal(layer.status, 200);
    assert.equal(sha256(Buffer.from(await layer.arrayBuffer())), image.layers[1].digest);
    const log = await db.auditLog.findFirstOrThrow({ where: { resourceType: 'artifact' }, orderBy: { id: 'desc' } });
    assert.deepEqual([log.operation, log.resource, log.username], ['create', 'target/copied/box:1.0', 'dev']);
  });

  test('copy an index by digest: its children come first, with their platforms; copying again is harmless', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await copy('target/repositories/multi', `library/busybox@${indexDigest}`);
      assert.equal(res.status, 201, await res.clone().text());
      assert.equal(res.headers.get('location'), `/api/v2.0/projects/target/repositories/multi/artifacts/${indexDigest}`);
    }
    const multi = await artifact(`/projects/target/repositories/multi/artifacts/${indexDigest}`);
    assert.deepEqual(multi.tags?.map((t) => t.name), ['multi']);
    assert.deepEqual(multi.references?.map((r) => r.platform?.architecture), ['amd64', 'arm64']);
    const children = await db.artifact.findMany({ where: { repositoryName: 'target/multi', digest: { not: indexDigest } } });
    assert.deepEqual(children.map((c) => c.digest).sort(), [image.manifestDigest, other.manifestDigest].sort());
    assert.deepEqual(multi.references?.map((r) => r.child_id).sort(), children.map((c) => c.id).sort());
    const served = await skopeoInspectRaw(`docker://${registry.host}/target/multi@${other.manifestDigest}`, CREDS);
    assert.equal(served.digest, other.manifestDigest);
    // as Harbor, every copied artifact takes the tags it has in the source, children included
    const listed = ArtifactSchema.array().parse(await (await api('/projects/target/repositories/multi/artifacts?sort=digest')).json());
    assert.deepEqual(listed.map((a) => a.tags?.map((t) => t.name)).sort(), [['1.0'], ['multi'], ['other']]);
  });

  test('copy: a chart keeps its additions; accessories come along with their subject', async () => {
    const sigSubject = await db.artifact.findFirstOrThrow({ where: { repositoryName: 'library/busybox', digest: other.manifestDigest } });
    const fake = await db.artifact.findFirstOrThrow({ where: { repositoryName: 'library/busybox', digest: image.manifestDigest } });
    await seedAccessory(db, { id: fake.id, digest: fake.digest, size: fake.size }, sigSubject, 'subject.accessory');
    assert.equal((await copy('target/repositories/other', 'library/busybox:other')).status, 201);
    const copied = await artifact('/projects/target/repositories/other/artifacts/other?with_accessory=true');
    assert.deepEqual(copied.accessories?.map((a) => [a.digest, a.type, a.subject_artifact_repo]), [[image.manifestDigest, 'subject.accessory', 'target/other']]);
    await refused(copy('target/repositories/sig', `library/busybox@${image.manifestDigest}`), 403, 'DENIED', "the operation isn't supported for an artifact accessory");
    await db.accessory.deleteMany({});
    assert.equal((await copy('target/repositories/charts', 'library/demo:0.1.0')).status, 201);
    const values = await api('/projects/target/repositories/charts/artifacts/0.1.0/additions/values.yaml');
    assert.equal(await values.text(), 'greeting: hello\nsub:\n  enabled: true\n');
  });

  test('copy errors: from missing or malformed, unknown source, and each permission', async () => {
    await refused(api('/projects/target/repositories/x/artifacts', { method: 'POST' }), 422, 'UNPROCESSABLE_ENTITY');
    for (const bad of ['busybox', 'library/busybox', 'library/busybox@sha256:zz', 'library/BusyBox:1.0', 'library/busybox:-x', '']) {
      await refused(copy('target/repositories/x', bad), 400, 'BAD_REQUEST', `invalid input: ${bad}`);
    }
    await refused(copy('target/repositories/x', 'library/busybox:nosuch'), 404, 'NOT_FOUND', 'artifact library/busybox:nosuch not found');
    await refused(copy('target/repositories/x', 'library/nosuch:1.0'), 404, 'NOT_FOUND');
    await refused(copy('target/repositories/x', 'nosuch/busybox:1.0'), 404, 'NOT_FOUND');
    await refused(copy('target/repositories/Bad', 'library/busybox:1.0'), 400, 'BAD_REQUEST');
    await refused(copy('nosuch/repositories/x', 'library/busybox:1.0'), 404, 'NOT_FOUND');
    await refused(copy('target/repositories/x', 'library/busybox:1.0', as('gst')), 403, 'FORBIDDEN');
    await refused(copy('target/repositories/x', 'secret/hidden:1.0', as('dev')), 404, 'NOT_FOUND', 'project secret not found');
    await refused(copy('target/repositories/x', 'library/busybox:1.0', {}), 401, 'UNAUTHORIZED');
    await refused(copy('library/repositories/x', 'library/busybox:1.0', as('dev')), 403, 'FORBIDDEN');
    assert.equal(await db.repository.count({ where: { name: 'target/x' } }), 0, 'no repository was created by a refused copy');
  });

  test('deleting through the API removes what the registry serves', async () => {
    const del = await api('/projects/target/repositories/copied%252Fbox/artifacts/1.0', { method: 'DELETE' });
    assert.equal(del.status, 200);
    const res = await fetch(`${registry.url}/v2/target/copied/box/manifests/${image.manifestDigest}`, { headers: { Authorization: `Bearer ${await registryToken('target/copied/box')}` } });
    assert.equal(res.status, 404);
    const still = await skopeoInspectRaw(`docker://${registry.host}/library/busybox:1.0`, CREDS);
    assert.equal(still.digest, image.manifestDigest, 'the source is untouched');
  });

  test('additions when the registry is gone: 503, not a crash', async () => {
    await registry.stop();
    await refused(api('/projects/library/repositories/busybox/artifacts/1.0/additions/build_history'), 503, 'SERVICE_UNAVAILABLE');
    registry = await startHarborRegistry({ databaseUrl: database.url });
  });
});
