import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { errorCode, pushBlob, pushImage, sha256, startTestRegistry, type TestRegistry } from './helpers.js';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';

describe('manifests', () => {
  let reg: TestRegistry;
  let base: string;
  before(async () => {
    reg = await startTestRegistry();
    base = reg.url;
  });
  after(() => reg.stop());

  const put = (name: string, ref: string, body: Buffer | string, type: string) =>
    fetch(`${base}/v2/${name}/manifests/${ref}`, { method: 'PUT', body, headers: { 'Content-Type': type } });

  test('PUT by tag answers 201 with Location and digest; GET/HEAD by tag and digest return it', async () => {
    const img = await pushImage(base, 'lib/app', 'v1');
    for (const ref of ['v1', img.digest]) {
      const get = await fetch(`${base}/v2/lib/app/manifests/${ref}`, { headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' } });
      assert.equal(get.status, 200);
      assert.equal(get.headers.get('content-type'), OCI_MANIFEST, 'the stored type is answered even if not accepted');
      assert.equal(get.headers.get('docker-content-digest'), img.digest);
      assert.deepEqual(Buffer.from(await get.arrayBuffer()), img.manifest);
      const head = await fetch(`${base}/v2/lib/app/manifests/${ref}`, { method: 'HEAD' });
      assert.equal(head.status, 200);
      assert.equal(head.headers.get('content-length'), String(img.manifest.length));
    }
  });

  test('Docker schema2 manifest and manifest list, OCI index', async () => {
    const config = randomBytes(100);
    const layer = randomBytes(100);
    await pushBlob(base, 'lib/multi', config);
    await pushBlob(base, 'lib/multi', layer);
    const docker = Buffer.from(JSON.stringify({
      schemaVersion: 2, mediaType: DOCKER_MANIFEST,
      config: { mediaType: 'application/vnd.docker.container.image.v1+json', digest: sha256(config), size: 100 },
      layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', digest: sha256(layer), size: 100 }],
    }));
    const r1 = await put('lib/multi', 'amd64', docker, DOCKER_MANIFEST);
    assert.equal(r1.status, 201);
    const list = Buffer.from(JSON.stringify({
      schemaVersion: 2, mediaType: DOCKER_LIST,
      manifests: [{ mediaType: DOCKER_MANIFEST, digest: sha256(docker), size: docker.length, platform: { architecture: 'amd64', os: 'linux' } }],
    }));
    assert.equal((await put('lib/multi', 'latest', list, DOCKER_LIST)).status, 201);
    const got = await fetch(`${base}/v2/lib/multi/manifests/latest`);
    assert.equal(got.headers.get('content-type'), DOCKER_LIST);
    const index = Buffer.from(JSON.stringify({
      schemaVersion: 2, mediaType: OCI_INDEX,
      manifests: [{ mediaType: DOCKER_MANIFEST, digest: sha256(docker), size: docker.length }],
    }));
    assert.equal((await put('lib/multi', 'oci', index, OCI_INDEX)).status, 201);
  });

  test('an index naming an unknown child, or a manifest naming an unknown blob → MANIFEST_BLOB_UNKNOWN', async () => {
    const index = JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [{ mediaType: OCI_MANIFEST, digest: sha256('x'), size: 1 }] });
    const r1 = await put('lib/missing', 'idx', index, OCI_INDEX);
    assert.equal(r1.status, 400);
    assert.equal(await errorCode(r1), 'MANIFEST_BLOB_UNKNOWN');
    const m = JSON.stringify({
      schemaVersion: 2, mediaType: OCI_MANIFEST,
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256('c'), size: 1 }, layers: [],
    });
    const r2 = await put('lib/missing', 'img', m, OCI_MANIFEST);
    assert.equal(await errorCode(r2), 'MANIFEST_BLOB_UNKNOWN');
    assert.equal((await fetch(`${base}/v2/lib/missing/manifests/img`)).status, 404);
  });

  test('non-distributable layers need not be present', async () => {
    const config = randomBytes(50);
    await pushBlob(base, 'lib/foreign', config);
    const m = JSON.stringify({
      schemaVersion: 2, mediaType: OCI_MANIFEST,
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(config), size: 50 },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip', digest: sha256('win'), size: 3, urls: ['https://example.invalid/l'] }],
    });
    assert.equal((await put('lib/foreign', 'v1', m, OCI_MANIFEST)).status, 201);
  });

  test('invalid manifests are 400 MANIFEST_INVALID and store nothing', async () => {
    for (const body of ['not json', '[]', '{"schemaVersion":1}', JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: {}, layers: [] })]) {
      const res = await put('lib/invalid', 'bad', body, OCI_MANIFEST);
      assert.equal(res.status, 400, body);
      assert.equal(await errorCode(res), 'MANIFEST_INVALID');
    }
    const mismatch = await put('lib/invalid', 'bad', JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] }), OCI_MANIFEST);
    assert.equal(await errorCode(mismatch), 'MANIFEST_INVALID');
    assert.equal((await fetch(`${base}/v2/lib/invalid/manifests/bad`)).status, 404);
  });

  test('PUT by digest verifies the digest, sha512 included', async () => {
    const body = JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] });
    const wrong = await put('lib/bydigest', sha256('nope'), body, OCI_INDEX);
    assert.equal(wrong.status, 400);
    assert.equal(await errorCode(wrong), 'DIGEST_INVALID');
    const d512 = `sha512:${createHash('sha512').update(body).digest('hex')}`;
    const ok = await put('lib/bydigest', d512, body, OCI_INDEX);
    assert.equal(ok.status, 201);
    assert.equal(ok.headers.get('docker-content-digest'), d512);
    const get = await fetch(`${base}/v2/lib/bydigest/manifests/${d512}`);
    assert.equal(get.status, 200);
    assert.equal(get.headers.get('docker-content-digest'), d512);
  });

  test('a manifest of 4 MiB is accepted', async () => {
    const big = JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [], annotations: { pad: 'x'.repeat(4 * 1024 * 1024) } });
    const res = await put('lib/big', 'v1', big, OCI_INDEX);
    assert.equal(res.status, 201);
  });

  test('DELETE by tag removes only the tag; DELETE by digest removes the manifest', async () => {
    const img = await pushImage(base, 'lib/del', 'a');
    await put('lib/del', 'b', img.manifest, OCI_MANIFEST);
    assert.equal((await fetch(`${base}/v2/lib/del/manifests/a`, { method: 'DELETE' })).status, 202);
    assert.equal((await fetch(`${base}/v2/lib/del/manifests/a`)).status, 404);
    assert.equal((await fetch(`${base}/v2/lib/del/manifests/b`)).status, 200);
    assert.equal((await fetch(`${base}/v2/lib/del/manifests/${img.digest}`, { method: 'DELETE' })).status, 202);
    const gone = await fetch(`${base}/v2/lib/del/manifests/b`);
    assert.equal(gone.status, 404);
    assert.equal(await errorCode(gone), 'MANIFEST_UNKNOWN');
  });

  test('unknown manifests and bad references', async () => {
    const r1 = await fetch(`${base}/v2/lib/none/manifests/latest`);
    assert.equal(r1.status, 404);
    assert.equal(await errorCode(r1), 'MANIFEST_UNKNOWN');
    const r2 = await fetch(`${base}/v2/lib/none/manifests/sha256:short`);
    assert.equal(r2.status, 400);
    assert.equal(await errorCode(r2), 'DIGEST_INVALID');
    const r3 = await fetch(`${base}/v2/lib/none/manifests/.bad-tag`);
    assert.equal(r3.status, 400);
  });

  test('re-pushing a tag moves it to the new manifest', async () => {
    const a = await pushImage(base, 'lib/move', 'latest');
    const b = await pushImage(base, 'lib/move', 'latest');
    assert.notEqual(a.digest, b.digest);
    const get = await fetch(`${base}/v2/lib/move/manifests/latest`, { method: 'HEAD' });
    assert.equal(get.headers.get('docker-content-digest'), b.digest);
  });

  test('concurrent pushes of one manifest, and concurrent first pushes into a new namespace, all succeed', async () => {
    const img = await pushImage(base, 'lib/conc', 'seed');
    const puts = await Promise.all(Array.from({ length: 6 }, (_, i) => put('lib/conc', i % 2 ? 'x' : 'y', img.manifest, OCI_MANIFEST)));
    assert.deepEqual(puts.map((r) => r.status), [201, 201, 201, 201, 201, 201]);
    const data = randomBytes(1000);
    const digests = await Promise.all(Array.from({ length: 5 }, (_, i) => pushBlob(base, `fresh/repo${i % 2}`, data)));
    assert.deepEqual(new Set(digests), new Set([sha256(data)]));
  });
});
