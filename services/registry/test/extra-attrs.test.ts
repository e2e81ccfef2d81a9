// artifact.extra_attrs is filled at push from the config blob, as Harbor's artifact processors do: images
// get architecture, os, author, created and the run config; Helm charts their chart metadata; indexes and
// other artifacts nothing. A config that is not JSON does not fail the push.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createPool, type Pool } from '@harbor/db/sql';
import { pushBlob, pushImage, sha256, startTestRegistry, type TestRegistry } from './helpers.js';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';

describe('extra attributes at push', () => {
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

  /** Pushes config + one layer and a manifest over them; returns the manifest digest. */
  async function push(name: string, tag: string, config: Buffer, configType: string, manifestType = OCI_MANIFEST, layerType = 'application/vnd.oci.image.layer.v1.tar+gzip') {
    const layer = randomBytes(512);
    await pushBlob(reg.url, name, config);
    await pushBlob(reg.url, name, layer);
    const manifest = Buffer.from(JSON.stringify({
      schemaVersion: 2, mediaType: manifestType,
      config: { mediaType: configType, digest: sha256(config), size: config.length },
      layers: [{ mediaType: layerType, digest: sha256(layer), size: layer.length }],
    }));
    const res = await fetch(`${reg.url}/v2/${name}/manifests/${tag}`, { method: 'PUT', body: manifest, headers: { 'Content-Type': manifestType } });
    assert.equal(res.status, 201, await res.text());
    return sha256(manifest);
  }

  const extraAttrs = async (name: string, digest: string) => {
    const { rows } = await db.query<{ extra_attrs: unknown }>(
      'SELECT extra_attrs FROM artifact WHERE repository_name = $1 AND digest = $2', [name, digest]);
    assert.equal(rows.length, 1);
    return rows[0].extra_attrs;
  };

  test('an OCI image: architecture, os, author, created and the run config', async () => {
    const runConfig = { Env: ['PATH=/bin'], Cmd: ['sh'], WorkingDir: '/', Labels: { 'org.opencontainers.image.authors': 'label@example.com' } };
    const config = Buffer.from(JSON.stringify({
      architecture: 'arm64', os: 'linux', author: 'Jane <jane@example.com>', created: '2024-05-01T10:00:00Z',
      config: runConfig, rootfs: { type: 'layers', diff_ids: [] }, history: [{ created_by: 'x' }],
    }));
    const digest = await push('attrs/image', 'v1', config, 'application/vnd.oci.image.config.v1+json');
    assert.deepEqual(await extraAttrs('attrs/image', digest), {
      architecture: 'arm64', os: 'linux', author: 'Jane <jane@example.com>', created: '2024-05-01T10:00:00Z', config: runConfig,
    });
  });

  test('a Docker schema2 image without an author takes it from the maintainer label; missing fields stay empty', async () => {
    const config = Buffer.from(JSON.stringify({ architecture: 'amd64', config: { Labels: { maintainer: 'ops@example.com' } } }));
    const digest = await push('attrs/docker', 'v1', config, 'application/vnd.docker.container.image.v1+json', DOCKER_MANIFEST,
      'application/vnd.docker.image.rootfs.diff.tar.gzip');
    assert.deepEqual(await extraAttrs('attrs/docker', digest), {
      architecture: 'amd64', os: '', author: 'ops@example.com', created: null, config: { Labels: { maintainer: 'ops@example.com' } },
    });
    const bare = await pushImage(reg.url, 'attrs/bare', 'v1');
    assert.deepEqual(await extraAttrs('attrs/bare', bare.digest), { architecture: 'amd64', os: 'linux', author: '', created: null, config: {} });
  });

  test('a Helm chart: the chart metadata from its config', async () => {
    const chart = {
      name: 'demo', version: '0.1.0', apiVersion: 'v2', appVersion: '1.16.0', description: 'A Helm chart', type: 'application',
      keywords: ['web'], maintainers: [{ name: 'ops', email: 'ops@example.com' }],
    };
    const digest = await push('attrs/charts/demo', '0.1.0', Buffer.from(JSON.stringify(chart)), 'application/vnd.cncf.helm.config.v1+json',
      OCI_MANIFEST, 'application/vnd.cncf.helm.chart.content.v1.tar+gzip');
    assert.deepEqual(await extraAttrs('attrs/charts/demo', digest), chart);
  });

  test('indexes, other artifact types and unreadable configs have none, and their pushes succeed', async () => {
    const child = await pushImage(reg.url, 'attrs/multi', 'amd64');
    const index = Buffer.from(JSON.stringify({
      schemaVersion: 2, mediaType: OCI_INDEX,
      manifests: [{ mediaType: OCI_MANIFEST, digest: child.digest, size: child.manifest.length, platform: { architecture: 'amd64', os: 'linux' } }],
    }));
    const res = await fetch(`${reg.url}/v2/attrs/multi/manifests/latest`, { method: 'PUT', body: index, headers: { 'Content-Type': OCI_INDEX } });
    assert.equal(res.status, 201);
    assert.equal(await extraAttrs('attrs/multi', sha256(index)), null);

    const other = await push('attrs/other', 'v1', Buffer.from('{"anything":true}'), 'application/vnd.example.config.v1+json');
    assert.equal(await extraAttrs('attrs/other', other), null);
    const garbage = await push('attrs/garbage', 'v1', randomBytes(64), 'application/vnd.oci.image.config.v1+json');
    assert.equal(await extraAttrs('attrs/garbage', garbage), null);
    const nul = await push('attrs/nul', 'v1', Buffer.from(JSON.stringify({ architecture: 'amd\u000064', os: 'linux' })), 'application/vnd.oci.image.config.v1+json');
    assert.equal((await extraAttrs('attrs/nul', nul) as { architecture: string }).architecture, 'amd64', 'U+0000 cannot be stored in jsonb');
  });
});
