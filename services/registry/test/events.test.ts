// Push, pull and delete events published to a Redis stream (real Redis, own key prefix, removed after):
// who (the token's subject), from where (X-Forwarded-For from the proxy), what (repository, digest, tag,
// media type, size, artifact type). A HEAD is not a pull. While Redis is away requests are unaffected:
// events wait in a bounded buffer (beyond it they are dropped and counted) and are sent once it is back.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { TokenMinter } from '@harbor/auth';
import { EVENT_STREAM_FIELD, RegistryEventSchema, type RegistryEvent } from '@harbor/contracts';
import { freePort, generateSigningCert, makeTempDir, removeDir, spawnDaemon, waitUntil } from '@harbor/testkit';
import { Redis } from 'ioredis';
import { pushImage, startTestRegistry, type TestRegistry } from './helpers.js';

const SERVICE = 'harbor-registry';
const ISSUER = 'harbor-token-issuer';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

async function streamEvents(redis: Redis, key: string, count: number, timeoutMs = 10_000): Promise<RegistryEvent[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const entries = await redis.xrange(key, '-', '+');
    if (entries.length >= count || Date.now() > deadline) {
      return entries.map(([, fields]) => {
        assert.equal(fields[0], EVENT_STREAM_FIELD);
        return RegistryEventSchema.parse(JSON.parse(fields[1]));
      });
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('registry events', () => {
  const prefix = `registry-test-${randomBytes(6).toString('hex')}:`;
  const stream = `${prefix}events`;
  let redis: Redis;
  let reg: TestRegistry;
  let minter: TokenMinter;
  before(async () => {
    redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0');
    const cert = await generateSigningCert();
    minter = new TokenMinter({ issuer: ISSUER, privateKeyPem: cert.keyPem });
    reg = await startTestRegistry({
      auth: { token: { realm: 'http://127.0.0.1:1/service/token', service: SERVICE, issuer: ISSUER, rootcertbundle: cert.certPath } },
      redis: { addr: '127.0.0.1:6379', keyprefix: prefix },
    });
  });
  after(async () => {
    await reg.stop();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  const auth = (subject: string, actions = ['pull', 'push', 'delete']) =>
    ({ Authorization: `Bearer ${minter.mint({ subject, audience: SERVICE, access: [{ type: 'repository', name: 'team/app', actions }] }).token}` });

  test('push, pull (GET, not HEAD) and delete by tag and by digest, with who, from where and what', async () => {
    const alice = auth('alice');
    const img = await pushImage(reg.url, 'team/app', 'v1', { headers: { ...alice, 'X-Forwarded-For': '203.0.113.9', 'X-Request-Id': 'req-1' } });
    const manifest = (ref: string, method: string, headers: Record<string, string>) =>
      fetch(`${reg.url}/v2/team/app/manifests/${ref}`, { method, headers }).then(async (r) => { await r.arrayBuffer(); return r.status; });
    assert.equal(await manifest('v1', 'GET', { ...auth('bob', ['pull']), 'X-Forwarded-For': '198.51.100.1, 10.0.0.2' }), 200);
    assert.equal(await manifest('v1', 'HEAD', alice), 200);
    assert.equal(await manifest(img.digest, 'GET', auth('')), 200);
    assert.equal(await manifest('v1', 'DELETE', alice), 202);
    assert.equal(await manifest(img.digest, 'DELETE', alice), 202);
    assert.equal(await manifest('v1', 'GET', alice), 404, 'a failed pull is no event');

    const events = await streamEvents(redis, stream, 5);
    const common = { repository: 'team/app', digest: img.digest, media_type: OCI_MANIFEST, size: img.manifest.length,
      artifact_type: 'application/vnd.oci.image.config.v1+json' };
    assert.deepEqual(events.map(({ id, time, ...rest }) => rest), [
      { action: 'push', ...common, tag: 'v1', operator: 'alice', client_ip: '203.0.113.9', request_id: 'req-1' },
      { action: 'pull', ...common, tag: 'v1', operator: 'bob', client_ip: '198.51.100.1' },
      { action: 'pull', ...common, operator: '', client_ip: '127.0.0.1' },
      { action: 'delete', ...common, tag: 'v1', operator: 'alice', client_ip: '127.0.0.1' },
      { action: 'delete', ...common, operator: 'alice', client_ip: '127.0.0.1' },
    ]);
    assert.equal(new Set(events.map((e) => e.id)).size, 5, 'every event has its own id');
    for (const e of events) assert.ok(Math.abs(Date.parse(e.time) - Date.now()) < 60_000);
  });

  test('a burst of pulls arrives complete, after its push', async () => {
    const alice = auth('alice');
    const before = await redis.xlen(stream);
    const img = await pushImage(reg.url, 'team/app', 'burst', { headers: alice });
    await Promise.all(Array.from({ length: 50 }, () =>
      fetch(`${reg.url}/v2/team/app/manifests/burst`, { headers: alice }).then((r) => r.arrayBuffer())));
    const events = (await streamEvents(redis, stream, before + 51)).slice(before);
    assert.equal(events.length, 51);
    assert.equal(events[0].action, 'push');
    assert.ok(events.slice(1).every((e) => e.action === 'pull' && e.digest === img.digest && e.tag === 'burst'));
  });
});

describe('registry events while Redis is away', () => {
  let reg: TestRegistry;
  let dir: string;
  let port: number;
  const prefix = `registry-test-${randomBytes(6).toString('hex')}:`;
  before(async () => {
    dir = makeTempDir('registry-redis');
    port = await freePort();
    // Nothing listens on the port yet; the buffer holds two events.
    reg = await startTestRegistry({
      http: { addr: '127.0.0.1:0', debug: { addr: '127.0.0.1:0' } },
      redis: { addr: `127.0.0.1:${port}`, keyprefix: prefix, events: { buffer: 2 } },
    });
  });
  after(async () => {
    await reg?.stop();
    removeDir(dir);
  });

  test('requests succeed at once; overflow is dropped and counted; buffered events are sent when Redis is back', async () => {
    const started = Date.now();
    const img = await pushImage(reg.url, 'away/app', 'v1');
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${reg.url}/v2/away/app/manifests/v1`);
      assert.equal(res.status, 200);
      await res.arrayBuffer();
    }
    assert.ok(Date.now() - started < 5_000, 'requests do not wait for Redis');
    const metrics = await (await fetch(`${reg.debugUrl}/metrics`)).text();
    assert.match(metrics, /registry_events_dropped_total 2\b/, 'four events, room for two');

    const server = spawnDaemon('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { logFile: join(dir, 'redis.log') });
    const redis = new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => 100 });
    redis.on('error', () => {});
    try {
      await waitUntil('redis', server, async () => (await redis.ping().catch(() => '')) === 'PONG');
      const events = await streamEvents(redis, `${prefix}events`, 2, 15_000);
      assert.deepEqual(events.map((e) => [e.action, 'digest' in e ? e.digest : undefined]), [['push', img.digest], ['pull', img.digest]]);
      const after = await (await fetch(`${reg.debugUrl}/metrics`)).text();
      assert.match(after, /registry_events_published_total 2\b/);
    } finally {
      redis.disconnect();
      await server.stop();
    }
  });
});
