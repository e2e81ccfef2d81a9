import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { errorCode, pushBlob, randomBlob, sha256, startTestRegistry, type TestRegistry } from './helpers.js';

describe('blobs and uploads', () => {
  let reg: TestRegistry;
  let base: string;
  before(async () => {
    reg = await startTestRegistry();
    base = reg.url;
  });
  after(() => reg.stop());

  test('GET /v2/ answers 200 with the API version header', async () => {
    const res = await fetch(`${base}/v2/`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('docker-distribution-api-version'), 'registry/2.0');
  });

  test('monolithic POST ?digest= stores the blob (201) and HEAD/GET serve it', async () => {
    const { data, digest } = randomBlob(5000);
    const res = await fetch(`${base}/v2/proj/app/blobs/uploads/?digest=${digest}`, { method: 'POST', body: data });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('docker-content-digest'), digest);
    assert.match(res.headers.get('location')!, new RegExp(`/v2/proj/app/blobs/${digest}$`));
    const head = await fetch(`${base}/v2/proj/app/blobs/${digest}`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), '5000');
    assert.equal(head.headers.get('docker-content-digest'), digest);
    const get = await fetch(`${base}/v2/proj/app/blobs/${digest}`);
    assert.deepEqual(Buffer.from(await get.arrayBuffer()), data);
  });

  test('Range GET answers 206 with the slice; unsatisfiable → 416', async () => {
    const { data } = randomBlob(1000);
    const digest = await pushBlob(base, 'proj/range', data);
    const res = await fetch(`${base}/v2/proj/range/blobs/${digest}`, { headers: { Range: 'bytes=10-19' } });
    assert.equal(res.status, 206);
    assert.equal(res.headers.get('content-range'), 'bytes 10-19/1000');
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), data.subarray(10, 20));
    const tail = await fetch(`${base}/v2/proj/range/blobs/${digest}`, { headers: { Range: 'bytes=990-' } });
    assert.deepEqual(Buffer.from(await tail.arrayBuffer()), data.subarray(990));
    const bad = await fetch(`${base}/v2/proj/range/blobs/${digest}`, { headers: { Range: 'bytes=2000-' } });
    assert.equal(bad.status, 416);
  });

  test('a blob is only served by repositories it was pushed or mounted to', async () => {
    const digest = await pushBlob(base, 'proj/one', randomBytes(100));
    const other = await fetch(`${base}/v2/proj/two/blobs/${digest}`, { method: 'HEAD' });
    assert.equal(other.status, 404);
    const unknown = await fetch(`${base}/v2/proj/one/blobs/${sha256('nothing')}`);
    assert.equal(unknown.status, 404);
    assert.equal(await errorCode(unknown), 'BLOB_UNKNOWN');
  });

  test('chunked upload with Content-Range; out-of-order chunk → 416 with Range; status → 204', async () => {
    const data = randomBytes(3000);
    const start = await fetch(`${base}/v2/proj/chunked/blobs/uploads/`, { method: 'POST' });
    assert.equal(start.status, 202);
    assert.equal(start.headers.get('range'), '0-0');
    const uuid = start.headers.get('docker-upload-uuid')!;
    let loc = new URL(start.headers.get('location')!, base);
    const p1 = await fetch(loc, { method: 'PATCH', body: data.subarray(0, 1000), headers: { 'Content-Range': '0-999', 'Content-Type': 'application/octet-stream' } });
    assert.equal(p1.status, 202);
    assert.equal(p1.headers.get('range'), '0-999');
    loc = new URL(p1.headers.get('location')!, base);
    const wrong = await fetch(loc, { method: 'PATCH', body: data.subarray(1500, 2000), headers: { 'Content-Range': '1500-1999' } });
    assert.equal(wrong.status, 416);
    assert.equal(wrong.headers.get('range'), '0-999');
    const status = await fetch(loc);
    assert.equal(status.status, 204);
    assert.equal(status.headers.get('range'), '0-999');
    assert.equal(status.headers.get('docker-upload-uuid'), uuid);
    const p2 = await fetch(loc, { method: 'PATCH', body: data.subarray(1000, 2000), headers: { 'Content-Range': '1000-1999' } });
    assert.equal(p2.status, 202);
    const fin = new URL(p2.headers.get('location')!, base);
    fin.searchParams.set('digest', sha256(data));
    const put = await fetch(fin, { method: 'PUT', body: data.subarray(2000), headers: { 'Content-Range': '2000-2999' } });
    assert.equal(put.status, 201);
    const get = await fetch(`${base}/v2/proj/chunked/blobs/${sha256(data)}`);
    assert.deepEqual(Buffer.from(await get.arrayBuffer()), data);
    const gone = await fetch(loc);
    assert.equal(gone.status, 404);
    assert.equal(await errorCode(gone), 'BLOB_UPLOAD_UNKNOWN');
  });

  test('a streamed PATCH without Content-Range (chunked transfer) works', async () => {
    const data = randomBytes(200_000);
    const start = await fetch(`${base}/v2/proj/stream/blobs/uploads/`, { method: 'POST' });
    const loc = new URL(start.headers.get('location')!, base);
    const body = new ReadableStream({
      start(c) { for (let i = 0; i < data.length; i += 65536) c.enqueue(data.subarray(i, i + 65536)); c.close(); },
    });
    const patch = await fetch(loc, { method: 'PATCH', body, duplex: 'half' } as RequestInit);
    assert.equal(patch.status, 202);
    assert.equal(patch.headers.get('range'), `0-${data.length - 1}`);
    const fin = new URL(patch.headers.get('location')!, base);
    fin.searchParams.set('digest', sha256(data));
    assert.equal((await fetch(fin, { method: 'PUT' })).status, 201);
  });

  test('digest mismatch → 400 DIGEST_INVALID and nothing is stored', async () => {
    const data = randomBytes(100);
    const wrong = sha256('other');
    const res = await fetch(`${base}/v2/proj/bad/blobs/uploads/?digest=${wrong}`, { method: 'POST', body: data });
    assert.equal(res.status, 400);
    assert.equal(await errorCode(res), 'DIGEST_INVALID');
    assert.equal((await fetch(`${base}/v2/proj/bad/blobs/${wrong}`, { method: 'HEAD' })).status, 404);
    assert.equal((await fetch(`${base}/v2/proj/bad/blobs/${sha256(data)}`, { method: 'HEAD' })).status, 404);
  });

  test('malformed digests and names are 400s with the spec codes', async () => {
    const r1 = await fetch(`${base}/v2/proj/x/blobs/sha256:xyz`);
    assert.equal(r1.status, 400);
    assert.equal(await errorCode(r1), 'DIGEST_INVALID');
    const r2 = await fetch(`${base}/v2/Proj/UPPER/blobs/uploads/`, { method: 'POST' });
    assert.equal(r2.status, 400);
    assert.equal(await errorCode(r2), 'NAME_INVALID');
    const r3 = await fetch(`${base}/v2/proj/x/blobs/uploads/?digest=md5:abc`, { method: 'POST', body: 'x' });
    assert.equal(r3.status, 400);
    assert.equal(await errorCode(r3), 'DIGEST_INVALID');
    const r4 = await fetch(`${base}/v2/proj/x/blobs/uploads/not-a-uuid`, { method: 'PATCH', body: 'x' });
    assert.equal(r4.status, 404);
    assert.equal(await errorCode(r4), 'BLOB_UPLOAD_UNKNOWN');
  });

  test('sha512 digests are accepted and echoed', async () => {
    const data = randomBytes(300);
    const digest = `sha512:${createHash('sha512').update(data).digest('hex')}`;
    const res = await fetch(`${base}/v2/proj/sha512/blobs/uploads/?digest=${digest}`, { method: 'POST', body: data });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('docker-content-digest'), digest);
    const get = await fetch(`${base}/v2/proj/sha512/blobs/${digest}`);
    assert.equal(get.headers.get('docker-content-digest'), digest);
    assert.deepEqual(Buffer.from(await get.arrayBuffer()), data);
  });

  test('cross-repository mount answers 201, or 202 with a session when the source lacks the blob', async () => {
    const digest = await pushBlob(base, 'proj/src', randomBytes(64));
    const ok = await fetch(`${base}/v2/proj/dst/blobs/uploads/?mount=${digest}&from=proj/src`, { method: 'POST' });
    assert.equal(ok.status, 201);
    assert.equal(ok.headers.get('docker-content-digest'), digest);
    assert.equal((await fetch(`${base}/v2/proj/dst/blobs/${digest}`, { method: 'HEAD' })).status, 200);
    const miss = await fetch(`${base}/v2/proj/dst2/blobs/uploads/?mount=${sha256('none')}&from=proj/src`, { method: 'POST' });
    assert.equal(miss.status, 202);
    assert.ok(miss.headers.get('location'));
  });

  test('DELETE of an upload cancels it; DELETE of a blob unlinks it (202)', async () => {
    const start = await fetch(`${base}/v2/proj/cancel/blobs/uploads/`, { method: 'POST' });
    const loc = new URL(start.headers.get('location')!, base);
    assert.equal((await fetch(loc, { method: 'DELETE' })).status, 204);
    assert.equal((await fetch(loc)).status, 404);
    const digest = await pushBlob(base, 'proj/del', randomBytes(10));
    const del = await fetch(`${base}/v2/proj/del/blobs/${digest}`, { method: 'DELETE' });
    assert.equal(del.status, 202);
    assert.equal((await fetch(`${base}/v2/proj/del/blobs/${digest}`, { method: 'HEAD' })).status, 404);
    assert.equal((await fetch(`${base}/v2/proj/del/blobs/${digest}`, { method: 'DELETE' })).status, 404);
  });

  test('two clients pushing the same blob at once both succeed', async () => {
    const data = randomBytes(500_000);
    const results = await Promise.all([pushBlob(base, 'proj/race', data), pushBlob(base, 'proj/race', data), pushBlob(base, 'proj/race2', data)]);
    assert.deepEqual(new Set(results), new Set([sha256(data)]));
    const get = await fetch(`${base}/v2/proj/race2/blobs/${sha256(data)}`);
    assert.equal(sha256(Buffer.from(await get.arrayBuffer())), sha256(data));
  });

  test('an upload session continues on another process (no in-memory state needed)', async () => {
    const data = randomBytes(4000);
    const start = await fetch(`${base}/v2/proj/replica/blobs/uploads/`, { method: 'POST' });
    const loc = new URL(start.headers.get('location')!, base);
    const p1 = await fetch(loc, { method: 'PATCH', body: data.subarray(0, 2000), headers: { 'Content-Range': '0-1999' } });
    assert.equal(p1.status, 202);
    // A second registry on the same storage and database stands in for another replica.
    const { startRegistry } = await import('../src/server.js');
    const { RegistryConfigSchema } = await import('../src/config.js');
    const { createLogger } = await import('@harbor/telemetry');
    const twin = await startRegistry(RegistryConfigSchema.parse({
      http: { addr: '127.0.0.1:0' }, database: { url: reg.databaseUrl },
      storage: { filesystem: { rootdirectory: reg.root }, delete: { enabled: true } },
    }), createLogger('twin', 'silent'));
    try {
      const twinLoc = new URL(loc.pathname, twin.url);
      twinLoc.searchParams.set('digest', sha256(data));
      const put = await fetch(twinLoc, { method: 'PUT', body: data.subarray(2000), headers: { 'Content-Range': '2000-3999' } });
      assert.equal(put.status, 201);
      const get = await fetch(`${base}/v2/proj/replica/blobs/${sha256(data)}`);
      assert.deepEqual(Buffer.from(await get.arrayBuffer()), data);
    } finally {
      await twin.close();
    }
  });
});
