// An artifact's size as Harbor reports it (the API's `size`): the manifest plus the blobs it references,
// and for an index its manifest plus its children. The manifest's own length stays what GET/HEAD send.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createPool, type Pool } from '@harbor/db/sql';
import { pushBlob, sha256, startTestRegistry, type TestRegistry } from './helpers.js';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

describe('artifact sizes', () => {
  let reg: TestRegistry;
  let db: Pool;
  before(async () => {
    reg = await startTestRegistry();
    db = createPool(reg.databaseUrl, { max: 2, application: 'test' });
  });
  after(async () => {
    await db.end();
    await reg.stop();
  });

  const put = async (name: string, ref: string, body: Buffer, type: string) => {
    const res = await fetch(`${reg.url}/v2/${name}/manifests/${ref}`, { method: 'PUT', body, headers: { 'Content-Type': type } });
    assert.equal(res.status, 201, await res.text());
    return sha256(body);
  };
  const sizes = async (name: string, digest: string) => {
    const { rows } = await db.query<{ size: string; manifest_size: string }>(
      'SELECT size, manifest_size FROM artifact WHERE repository_name = $1 AND digest = $2', [name, digest]);
    return { size: Number(rows[0].size), manifest: Number(rows[0].manifest_size) };
  };

  async function image(name: string, layerBytes: number): Promise<{ digest: string; manifest: Buffer; total: number }> {
    const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }));
    const layers = [randomBytes(layerBytes), randomBytes(100)];
    await pushBlob(reg.url, name, config);
    for (const l of layers) await pushBlob(reg.url, name, l);
    const manifest = Buffer.from(JSON.stringify({
      schemaVersion: 2, mediaType: OCI_MANIFEST,
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(config), size: config.length },
      layers: layers.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha256(l), size: l.length })),
    }));
    const digest = await put(name, sha256(manifest), manifest, OCI_MANIFEST);
    return { digest, manifest, total: manifest.length + config.length + layers[0].length + layers[1].length };
  }

  test('an image: manifest + config + layers; GET and HEAD still send the manifest length', async () => {
    const img = await image('sizes/app', 4096);
    assert.deepEqual(await sizes('sizes/app', img.digest), { size: img.total, manifest: img.manifest.length });
    const head = await fetch(`${reg.url}/v2/sizes/app/manifests/${img.digest}`, { method: 'HEAD', headers: { Accept: OCI_MANIFEST } });
    assert.equal(head.headers.get('content-length'), String(img.manifest.length));
    const get = await fetch(`${reg.url}/v2/sizes/app/manifests/${img.digest}`, { headers: { Accept: OCI_MANIFEST } });
    assert.equal((await get.arrayBuffer()).byteLength, img.manifest.length);
  });

  test('an index: its manifest plus its children; a re-push changes nothing', async () => {
    const [a, b] = [await image('sizes/multi', 2000), await image('sizes/multi', 3000)];
    const index = Buffer.from(JSON.stringify({
      schemaVersion: 2, mediaType: OCI_INDEX,
      manifests: [a, b].map((m, i) => ({ mediaType: OCI_MANIFEST, digest: m.digest, size: m.manifest.length, platform: { os: 'linux', architecture: i ? 'arm64' : 'amd64' } })),
    }));
    const digest = await put('sizes/multi', 'latest', index, OCI_INDEX);
    const expected = { size: index.length + a.total + b.total, manifest: index.length };
    assert.deepEqual(await sizes('sizes/multi', digest), expected);
    await put('sizes/multi', 'again', index, OCI_INDEX);
    assert.deepEqual(await sizes('sizes/multi', digest), expected);
    const head = await fetch(`${reg.url}/v2/sizes/multi/manifests/latest`, { method: 'HEAD', headers: { Accept: OCI_INDEX } });
    assert.equal(head.headers.get('content-length'), String(index.length));
  });
});
