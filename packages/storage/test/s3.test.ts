// Runs the shared driver suite against the s3 driver on a real S3 server (s3rver through testkit, one per
// file), each test under its own rootdirectory, plus the s3-only behaviour: key layout, multipart, redirects.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { startS3Server, type S3TestServer } from '@harbor/testkit';
import { createDriver, createS3Client, parseS3Params, type StorageDriver } from '../src/index.js';
import { runDriverSuite } from './driver-suite.js';

const MiB = 1024 * 1024;
let serverReady: Promise<S3TestServer> | undefined;
let counter = 0;

function server(): Promise<S3TestServer> {
  serverReady ??= startS3Server();
  return serverReady;
}

async function params(extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const s = await server();
  return {
    region: s.region,
    regionendpoint: s.endpoint,
    bucket: s.bucket,
    accesskey: s.accessKey,
    secretkey: s.secretKey,
    rootdirectory: `/suite-${++counter}/`, // slashes are trimmed
    chunksize: 5 * MiB,
    redirect: true,
    ...extra,
  };
}

async function makeDriver(): Promise<StorageDriver> {
  return createDriver('s3', await params());
}

after(async () => {
  if (serverReady) await (await serverReady).stop();
});

// Each test's content lives under its own prefix and the server's directory goes with it at the end.
runDriverSuite('s3', makeDriver, async () => undefined);

describe('s3 driver specifics', () => {
  async function keys(prefix: string): Promise<string[]> {
    const client = createS3Client(parseS3Params(await params()));
    const page = await client.listObjectsV2Query((await server()).bucket, prefix, '', '', 1000, '');
    return page.objects.flatMap((o) => (o.name ? [o.name] : []));
  }

  it('stores paths as keys under rootdirectory', async () => {
    const d = createDriver('s3', await params({ rootdirectory: 'layout/root' }));
    await d.putContent('/a/b', Buffer.from('x'));
    assert.deepEqual(await keys('layout/'), ['layout/root/a/b']);
    const plain = createDriver('s3', await params({ rootdirectory: '' }));
    await plain.putContent('/top', Buffer.from('y'));
    assert.ok((await keys('')).includes('top'));
    assert.deepEqual(await plain.list('/layout'), ['/layout/root']);
  });

  it('uploads large writes in parts, showing nothing before commit, and aborts them on cancel', async () => {
    const d = createDriver('s3', await params({ rootdirectory: 'multipart' }));
    const w = await d.writer('/blob');
    await w.write(Buffer.alloc(6 * MiB, 1)); // crosses the 5 MiB part size: the upload has begun
    await w.cancel();
    assert.deepEqual(await keys('multipart/'), []);
    const ok = await d.writer('/blob');
    await ok.write(Buffer.alloc(11 * MiB, 2));
    assert.deepEqual(await keys('multipart/'), []);
    await ok.commit();
    assert.equal((await d.stat('/blob')).size, 11 * MiB);
    const back = await d.getContent('/blob');
    assert.ok(back.equals(Buffer.alloc(11 * MiB, 2)));
  });

  it('returns null redirects unless redirect is enabled', async () => {
    const d = createDriver('s3', await params({ redirect: false }));
    await d.putContent('/r', Buffer.from('x'));
    assert.equal(await d.redirectURL('/r', { method: 'GET' }), null);
  });

  it('validates its parameters', async () => {
    assert.throws(() => createDriver('s3', { region: 'us-east-1' }), /"bucket"/);
    const base = await params();
    assert.throws(() => createDriver('s3', { ...base, chunksize: 1024 }), /chunksize/);
    assert.throws(() => createDriver('s3', { ...base, secure: 'maybe' }), /"secure"/);
    assert.throws(() => createDriver('s3', { ...base, regionendpoint: 'http://[bad' }), /regionendpoint/);
    assert.ok(createDriver('s3', { ...base, chunksize: String(6 * MiB), secure: 'false' }));
  });
});
