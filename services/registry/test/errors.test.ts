// Error paths not covered elsewhere: deletion disabled, unknown routes and methods, sessions of another
// repository, malformed Content-Range, and that a failed request changes nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { errorCode, pushImage, sha256, startTestRegistry, type TestRegistry } from './helpers.js';

describe('error handling', () => {
  let reg: TestRegistry;
  let base: string;
  before(async () => {
    reg = await startTestRegistry({ storage: { delete: { enabled: false } } });
    base = reg.url;
  });
  after(() => reg.stop());

  test('with deletion disabled, DELETE of manifests and blobs is 405 UNSUPPORTED and removes nothing', async () => {
    const img = await pushImage(base, 'err/app', 'v1');
    for (const path of [`manifests/${img.digest}`, 'manifests/v1', `blobs/${sha256(img.config)}`]) {
      const res = await fetch(`${base}/v2/err/app/${path}`, { method: 'DELETE' });
      assert.equal(res.status, 405, path);
      assert.equal(await errorCode(res), 'UNSUPPORTED');
    }
    assert.equal((await fetch(`${base}/v2/err/app/manifests/v1`)).status, 200);
  });

  test('unknown routes are 404 and wrong methods 405, in the JSON error format', async () => {
    const r1 = await fetch(`${base}/v2/err/app/nothing/here`);
    assert.equal(r1.status, 404);
    assert.ok((await r1.json() as { errors: unknown[] }).errors.length);
    const r2 = await fetch(`${base}/v2/err/app/tags/list`, { method: 'POST' });
    assert.equal(r2.status, 405);
    assert.equal(await errorCode(r2), 'UNSUPPORTED');
    assert.equal(r2.headers.get('docker-distribution-api-version'), 'registry/2.0');
  });

  test('an upload session cannot be continued through another repository', async () => {
    const start = await fetch(`${base}/v2/err/one/blobs/uploads/`, { method: 'POST' });
    const uuid = start.headers.get('docker-upload-uuid');
    const res = await fetch(`${base}/v2/err/two/blobs/uploads/${uuid}`, { method: 'PATCH', body: 'x' });
    assert.equal(res.status, 404);
    assert.equal(await errorCode(res), 'BLOB_UPLOAD_UNKNOWN');
  });

  test('malformed or inconsistent Content-Range is refused and the session keeps its data', async () => {
    const start = await fetch(`${base}/v2/err/range/blobs/uploads/`, { method: 'POST' });
    const loc = new URL(start.headers.get('location')!, base);
    const bad = await fetch(loc, { method: 'PATCH', body: 'abc', headers: { 'Content-Range': 'bytes=zz' } });
    assert.equal(bad.status, 416);
    const mismatch = await fetch(loc, { method: 'PATCH', body: 'abc', headers: { 'Content-Range': '0-9' } });
    assert.equal(mismatch.status, 400);
    assert.equal(await errorCode(mismatch), 'SIZE_INVALID');
    const status = await fetch(loc);
    assert.equal(status.status, 204);
    assert.equal(status.headers.get('range'), '0-0');
  });

  test('PUT without a digest, or with a body that does not match it, stores nothing', async () => {
    const start = await fetch(`${base}/v2/err/put/blobs/uploads/`, { method: 'POST' });
    const loc = new URL(start.headers.get('location')!, base);
    const none = await fetch(loc, { method: 'PUT', body: 'data' });
    assert.equal(none.status, 400);
    assert.equal(await errorCode(none), 'DIGEST_INVALID');
    const data = randomBytes(64);
    loc.searchParams.set('digest', sha256('something else'));
    const wrong = await fetch(loc, { method: 'PUT', body: data });
    assert.equal(wrong.status, 400);
    assert.equal((await fetch(`${base}/v2/err/put/blobs/${sha256(data)}`, { method: 'HEAD' })).status, 404);
  });

  test('a request with a truncated body leaves no blob behind and the server stays up', async () => {
    const { request } = await import('node:http');
    const data = randomBytes(1000);
    await new Promise<void>((resolve) => {
      const req = request(`${base}/v2/err/trunc/blobs/uploads/?digest=${sha256(data)}`, {
        method: 'POST', headers: { 'Content-Length': '5000' },
      });
      req.on('error', () => resolve());
      req.write(data, () => setTimeout(() => { req.destroy(); resolve(); }, 50));
    });
    assert.equal((await fetch(`${base}/v2/err/trunc/blobs/${sha256(data)}`, { method: 'HEAD' })).status, 404);
    assert.equal((await fetch(`${base}/v2/`)).status, 200);
  });
});
