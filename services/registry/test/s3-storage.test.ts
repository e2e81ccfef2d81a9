// The registry on S3-compatible object storage (s3rver): uploads (monolithic, chunked, continued by
// another replica), manifests and ranges work the same as on the filesystem; redirects when enabled.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startS3Server, type S3TestServer } from '@harbor/testkit';
import { pushBlob, pushImage, sha256, startTestRegistry, type TestRegistry } from './helpers.js';

describe('registry on S3 storage', () => {
  let s3: S3TestServer;
  let reg: TestRegistry;
  let redirecting: TestRegistry;
  before(async () => {
    s3 = await startS3Server();
    const s3cfg = {
      region: s3.region, regionendpoint: s3.endpoint, bucket: s3.bucket, accesskey: s3.accessKey, secretkey: s3.secretKey,
      rootdirectory: '/registry', forcepathstyle: true,
    };
    reg = await startTestRegistry({ storage: { s3: s3cfg, redirect: { disable: true } } });
    redirecting = await startTestRegistry({ storage: { s3: { ...s3cfg, rootdirectory: '/redirecting', redirect: true } } });
  });
  after(async () => {
    await reg.stop();
    await redirecting.stop();
    await s3.stop();
  });

  test('push and pull an image; chunked uploads; ranges', async () => {
    const img = await pushImage(reg.url, 's3/app', 'v1', { layers: 2 });
    const m = await fetch(`${reg.url}/v2/s3/app/manifests/v1`);
    assert.equal(m.headers.get('docker-content-digest'), img.digest);
    const layer = await fetch(`${reg.url}/v2/s3/app/blobs/${sha256(img.layers[0])}`);
    assert.deepEqual(Buffer.from(await layer.arrayBuffer()), img.layers[0]);

    const data = randomBytes(12 * 1024 * 1024);
    const start = await fetch(`${reg.url}/v2/s3/app/blobs/uploads/`, { method: 'POST' });
    const loc = new URL(start.headers.get('location')!, reg.url);
    const half = 6 * 1024 * 1024;
    const p1 = await fetch(loc, { method: 'PATCH', body: data.subarray(0, half), headers: { 'Content-Range': `0-${half - 1}` } });
    assert.equal(p1.status, 202);
    const fin = new URL(p1.headers.get('location')!, reg.url);
    fin.searchParams.set('digest', sha256(data));
    const put = await fetch(fin, { method: 'PUT', body: data.subarray(half), headers: { 'Content-Range': `${half}-${data.length - 1}` } });
    assert.equal(put.status, 201);
    const range = await fetch(`${reg.url}/v2/s3/app/blobs/${sha256(data)}`, { headers: { Range: `bytes=${half - 5}-${half + 4}` } });
    assert.equal(range.status, 206);
    assert.deepEqual(Buffer.from(await range.arrayBuffer()), data.subarray(half - 5, half + 5));
    const whole = await fetch(`${reg.url}/v2/s3/app/blobs/${sha256(data)}`);
    assert.equal(sha256(Buffer.from(await whole.arrayBuffer())), sha256(data));
  });

  test('with redirects on, blob GET answers 307 to a presigned URL that serves the bytes', async () => {
    const data = randomBytes(4096);
    const digest = await pushBlob(redirecting.url, 's3/redir', data);
    const res = await fetch(`${redirecting.url}/v2/s3/redir/blobs/${digest}`, { redirect: 'manual' });
    assert.equal(res.status, 307);
    const target = res.headers.get('location')!;
    assert.ok(target.startsWith(s3.endpoint), target);
    const followed = await fetch(target);
    assert.deepEqual(Buffer.from(await followed.arrayBuffer()), data);
  });
});
