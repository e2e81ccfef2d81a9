import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { errorCode, json, pushImage, startTestRegistry, type TestRegistry } from './helpers.js';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

describe('tags, catalog and referrers', () => {
  let reg: TestRegistry;
  let base: string;
  before(async () => {
    reg = await startTestRegistry();
    base = reg.url;
  });
  after(() => reg.stop());

  test('tags/list is byte-ordered and paginates with n, last and Link', async () => {
    const img = await pushImage(base, 'ns/tags', 'b');
    for (const tag of ['a', 'C', 'c', '1.0', 'a-1']) {
      const res = await fetch(`${base}/v2/ns/tags/manifests/${tag}`, { method: 'PUT', body: img.manifest, headers: { 'Content-Type': OCI_MANIFEST } });
      assert.equal(res.status, 201);
    }
    const all = await json(await fetch(`${base}/v2/ns/tags/tags/list`));
    assert.deepEqual(all, { name: 'ns/tags', tags: ['1.0', 'C', 'a', 'a-1', 'b', 'c'] });
    const p1 = await fetch(`${base}/v2/ns/tags/tags/list?n=2`);
    assert.deepEqual((await json(p1)).tags, ['1.0', 'C']);
    assert.equal(p1.headers.get('link'), '</v2/ns/tags/tags/list?n=2&last=C>; rel="next"');
    const p2 = await fetch(`${base}/v2/ns/tags/tags/list?n=2&last=C`);
    assert.deepEqual((await json(p2)).tags, ['a', 'a-1']);
    const p3 = await fetch(`${base}/v2/ns/tags/tags/list?n=10&last=b`);
    assert.deepEqual((await json(p3)).tags, ['c']);
    assert.equal(p3.headers.get('link'), null);
    // A NUL cannot be in any name: `a\0x` orders just after `a`, whatever follows it.
    const nul = await fetch(`${base}/v2/ns/tags/tags/list?n=10&last=a%00x`);
    assert.equal(nul.status, 200);
    assert.deepEqual((await json(nul)).tags, ['a-1', 'b', 'c']);
    const nulCatalog = await fetch(`${base}/v2/_catalog?last=%00`);
    assert.equal(nulCatalog.status, 200);
    const bad = await fetch(`${base}/v2/ns/tags/tags/list?n=-1`);
    assert.equal(bad.status, 400);
    const unknown = await fetch(`${base}/v2/ns/none/tags/list`);
    assert.equal(unknown.status, 404);
    assert.equal(await errorCode(unknown), 'NAME_UNKNOWN');
  });

  test('_catalog lists repositories with content, paginated', async () => {
    await pushImage(base, 'cat/b', 'v1');
    await pushImage(base, 'cat/a', 'v1');
    await pushImage(base, 'cat/c', 'v1');
    const all = (await json(await fetch(`${base}/v2/_catalog`))).repositories as string[];
    assert.deepEqual(all.filter((n) => n.startsWith('cat/')), ['cat/a', 'cat/b', 'cat/c']);
    const page = await fetch(`${base}/v2/_catalog?n=1&last=cat/a`);
    assert.deepEqual((await json(page)).repositories, ['cat/b']);
    assert.match(page.headers.get('link')!, /last=cat%2Fb/);
  });

  test('referrers: OCI index of manifests whose subject is the digest, filterable by artifactType', async () => {
    const subject = await pushImage(base, 'ref/app', 'v1');
    const desc = { digest: subject.digest, size: subject.manifest.length, mediaType: OCI_MANIFEST };
    const empty = await fetch(`${base}/v2/ref/app/referrers/${subject.digest}`);
    assert.equal(empty.status, 200);
    assert.equal(empty.headers.get('content-type'), 'application/vnd.oci.image.index.v1+json');
    assert.deepEqual((await json(empty)).manifests, []);

    const sigStart = await fetch(`${base}/v2/ref/app/manifests/sig`, { method: 'HEAD' });
    assert.equal(sigStart.status, 404);
    const sbom = await pushImage(base, 'ref/app', 'sbom', { subject: desc, artifactType: 'application/spdx+json', annotations: { k: 'v' } });
    const sig = await pushImage(base, 'ref/app', 'sig', { subject: desc });
    const all = await json(await fetch(`${base}/v2/ref/app/referrers/${subject.digest}`));
    assert.equal(all.schemaVersion, 2);
    const byDigest = new Map(all.manifests.map((m: { digest: string }) => [m.digest, m]));
    assert.deepEqual(byDigest.get(sbom.digest), {
      mediaType: OCI_MANIFEST, digest: sbom.digest, size: sbom.manifest.length, artifactType: 'application/spdx+json', annotations: { k: 'v' },
    });
    assert.equal((byDigest.get(sig.digest) as { artifactType: string }).artifactType, 'application/vnd.oci.image.config.v1+json');
    const filtered = await fetch(`${base}/v2/ref/app/referrers/${subject.digest}?artifactType=${encodeURIComponent('application/spdx+json')}`);
    assert.equal(filtered.headers.get('oci-filters-applied'), 'artifactType');
    assert.deepEqual((await json(filtered)).manifests.map((m: { digest: string }) => m.digest), [sbom.digest]);
    const bad = await fetch(`${base}/v2/ref/app/referrers/sha256:nope`);
    assert.equal(bad.status, 400);
  });

  test('a manifest with a subject answers OCI-Subject, even before the subject exists', async () => {
    const ghost = { digest: `sha256:${'a'.repeat(64)}`, size: 10, mediaType: OCI_MANIFEST };
    const img = await pushImage(base, 'ref/early', 'x', { subject: ghost });
    const again = await fetch(`${base}/v2/ref/early/manifests/y`, { method: 'PUT', body: img.manifest, headers: { 'Content-Type': OCI_MANIFEST } });
    assert.equal(again.status, 201);
    assert.equal(again.headers.get('oci-subject'), ghost.digest);
    const list = await json(await fetch(`${base}/v2/ref/early/referrers/${ghost.digest}`));
    assert.deepEqual(list.manifests.map((m: { digest: string }) => m.digest), [img.digest]);
  });
});
