import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildTestImage, makeTempDir, removeDir, runCommand as run, sha256 } from './index.js';

test('buildTestImage writes a valid, reproducible OCI layout that umoci can unpack and run', async () => {
  const a = makeTempDir('img');
  const b = makeTempDir('img');
  try {
    const one = await buildTestImage(a, { tag: '1.0', extraBytes: 100_000, labels: { k: 'v' } });
    const two = await buildTestImage(b, { tag: '1.0', extraBytes: 100_000, labels: { k: 'v' } });
    assert.equal(one.manifestDigest, two.manifestDigest, 'same inputs give the same digests');
    assert.equal(one.layers.length, 2);
    // every blob is stored under its digest
    const manifest = JSON.parse(one.manifest) as { config: { digest: string }; layers: { digest: string; size: number }[] };
    for (const d of [manifest.config.digest, ...manifest.layers.map((l) => l.digest)]) {
      assert.equal(sha256(readFileSync(join(one.ociDir, 'blobs', 'sha256', d.slice(7)))), d);
    }
    // the extra layer is incompressible: its compressed size stays close to the payload
    assert.ok(manifest.layers[1].size > 100_000);

    // a second tag in the same layout shares the busybox layer and keeps the first tag
    const other = await buildTestImage(a, { tag: '2.0', labels: { k: 'other' } });
    assert.notEqual(other.manifestDigest, one.manifestDigest);
    assert.equal(other.layers[0].digest, one.layers[0].digest);
    const index = JSON.parse(readFileSync(join(a, 'oci', 'index.json'), 'utf8')) as { manifests: unknown[] };
    assert.equal(index.manifests.length, 2);

    // umoci is strict about the image-spec: unpacking validates config, diff ids and layer digests
    const bundle = join(a, 'bundle');
    await run('umoci', ['unpack', '--image', `${one.ociDir}:1.0`, bundle]);
    const { stdout } = await run(join(bundle, 'rootfs', 'bin', 'echo'), ['runnable']);
    assert.equal(stdout, 'runnable\n');
    assert.equal(readFileSync(join(bundle, 'rootfs', 'data', 'extra.bin')).length, 100_000);
  } finally {
    removeDir(a);
    removeDir(b);
  }
});

test('buildTestImage converts to docker-archive and OCI archive', async () => {
  const dir = makeTempDir('img');
  try {
    const img = await buildTestImage(dir, { tag: 't1', dockerArchive: 'example/busy', ociArchive: true });
    assert.equal(img.dockerRef, 'example/busy:t1');
    const { stdout: list } = await run('tar', ['-tf', img.dockerArchive!]);
    assert.match(list, /^manifest\.json$/m);
    const { stdout: ociList } = await run('tar', ['-tf', img.ociArchive!]);
    assert.match(ociList, /^index\.json$/m);
    assert.ok(ociList.includes(`blobs/sha256/${img.manifestDigest.slice(7)}`));
  } finally {
    removeDir(dir);
  }
});
