// Core consumes the registry's event stream (real Redis, real PostgreSQL): audit rows for push, pull and
// delete, pull times and counts batched; entries left pending by a dead consumer are taken over; two
// consumers in one group never handle an entry twice; close() stops a blocked consumer at once.
import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EVENT_STREAM_FIELD, type ArtifactEvent, type QuotaEvent, type RegistryEvent } from '@harbor/contracts';
import { createPrismaClient, type PrismaClient } from '@harbor/db';
import { createLogger } from '@harbor/telemetry';
import { Redis } from 'ioredis';
import { EventProcessor } from '../src/domain/events/event-processor.js';
import { AuditForwarder } from '../src/domain/audit/audit-forwarder.js';
import { StreamConsumer } from '../src/domain/events/stream-consumer.js';
import { ArtifactEventRepo } from '../src/store/artifact-event.repo.js';
import { basic, startTestCore, type TestCore } from './helpers.js';

const ADMIN = basic('admin', 'Harbor12345');
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const DIGEST = `sha256:${'a'.repeat(64)}`;

interface Log { username: string; operation: string; resource_type: string; resource: string; op_time: string }

function event(e: Partial<ArtifactEvent> & Pick<ArtifactEvent, 'action'>): ArtifactEvent {
  return {
    id: randomUUID(), time: new Date().toISOString(), repository: 'evt/app', digest: DIGEST,
    media_type: 'application/vnd.oci.image.manifest.v1+json', size: 100, operator: 'alice', client_ip: '203.0.113.5', ...e,
  };
}

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('registry events in core', () => {
  let core: TestCore;
  let db: PrismaClient;
  let redis: Redis;
  let stream: string;
  let repositoryId: number;
  let projectId: number;

  const add = async (key: string, events: RegistryEvent[]) => {
    const p = redis.pipeline();
    for (const e of events) p.xadd(key, '*', EVENT_STREAM_FIELD, JSON.stringify(e));
    await p.exec();
  };
  const consumer = (key: string, name: string, handled: RegistryEvent[] = [], slowMs = 0) => {
    const processor = new EventProcessor(new ArtifactEventRepo(db));
    return new StreamConsumer({
      redisUrl: REDIS_URL, stream: key, group: 'core', batchSize: 50, blockMs: 5_000, claimIdleMs: 300, name,
      logger: createLogger('core', 'silent'),
      handle: async (events) => {
        if (slowMs) await new Promise((r) => setTimeout(r, slowMs));
        await processor.process(events);
        handled.push(...events);
      },
    });
  };
  const pullCount = async (name: string) => (await db.repository.findUniqueOrThrow({ where: { name } })).pullCount;
  const pending = async (key: string) => ((await redis.xpending(key, 'core')) as [number])[0];

  before(async () => {
    core = await startTestCore({ events: { blockMs: 200, claimIdleMs: 500 } });
    stream = `${core.keyPrefix}events`;
    db = createPrismaClient(core.databaseUrl);
    redis = new Redis(REDIS_URL);
    const res = await fetch(`${core.url}/api/v2.0/projects`, {
      method: 'POST', headers: { ...ADMIN, 'Content-Type': 'application/json' }, body: JSON.stringify({ project_name: 'evt' }),
    });
    assert.equal(res.status, 201);
    projectId = (await db.project.findFirstOrThrow({ where: { name: 'evt' } })).id;
    for (const name of ['evt/app', 'evt/claimed', 'evt/pair']) {
      const repo = await db.repository.create({ data: { name, projectId } });
      if (name === 'evt/app') repositoryId = repo.id;
      const artifact = await db.artifact.create({
        data: {
          type: 'IMAGE', mediaType: 'application/vnd.oci.image.config.v1+json', manifestMediaType: 'application/vnd.oci.image.manifest.v1+json',
          projectId, repositoryId: repo.id, repositoryName: name, digest: DIGEST, size: 100,
        },
      });
      await db.tag.create({ data: { repositoryId: repo.id, artifactId: artifact.id, name: 'v1' } });
    }
  });
  after(async () => {
    redis.disconnect();
    await db.$disconnect();
    await core.stop();
  });

  test('push, pulls and delete become audit rows; pulls set pull times and the pull count', async () => {
    const t0 = Date.now() - 60_000;
    const at = (s: number) => new Date(t0 + s * 1000).toISOString();
    await add(stream, [
      event({ action: 'push', tag: 'v1', time: at(0) }),
      event({ action: 'pull', tag: 'v1', time: at(1) }),
      event({ action: 'pull', tag: 'v1', time: at(3) }),
      event({ action: 'pull', tag: 'v1', time: at(2) }),
      event({ action: 'pull', operator: '', client_ip: '198.51.100.7', time: at(4) }),
      event({ action: 'delete', tag: 'old', time: at(5) }),
      event({ action: 'pull', repository: 'nowhere/app', time: at(6) }),
    ]);
    const logs = await until('audit rows', async () => {
      const res = await fetch(`${core.url}/api/v2.0/audit-logs?page_size=50&q=${encodeURIComponent('resource_type={artifact tag}')}`, { headers: ADMIN });
      const body = (await res.json()) as Log[];
      return body.length >= 7 && body;
    });
    assert.deepEqual(logs.map((l) => [l.operation, l.resource_type, l.resource, l.username, l.op_time]), [
      ['pull', 'artifact', `nowhere/app@${DIGEST}`, 'alice', at(6)],
      ['delete', 'tag', 'evt/app:old', 'alice', at(5)],
      ['pull', 'artifact', `evt/app@${DIGEST}`, 'anonymous', at(4)],
      ['pull', 'artifact', 'evt/app:v1', 'alice', at(3)],
      ['pull', 'artifact', 'evt/app:v1', 'alice', at(2)],
      ['pull', 'artifact', 'evt/app:v1', 'alice', at(1)],
      ['push', 'artifact', 'evt/app:v1', 'alice', at(0)],
    ]);
    const rows = await db.auditLog.findMany({ where: { resourceType: { in: ['artifact', 'tag'] } }, orderBy: { opTime: 'asc' } });
    assert.deepEqual(rows.map((r) => [r.projectId, r.clientIp]), [
      [projectId, '203.0.113.5'], [projectId, '203.0.113.5'], [projectId, '203.0.113.5'], [projectId, '203.0.113.5'],
      [projectId, '198.51.100.7'], [projectId, '203.0.113.5'], [0, '203.0.113.5'],
    ]);
    const projectLogs = (await (await fetch(`${core.url}/api/v2.0/projects/evt/logs?page_size=50`, { headers: ADMIN })).json()) as Log[];
    assert.equal(projectLogs.filter((l) => l.resource.startsWith('evt/app')).length, 6);

    await until('pull statistics', async () => (await pullCount('evt/app')) === 4);
    const artifact = await db.artifact.findFirstOrThrow({ where: { repositoryId, digest: DIGEST } });
    assert.equal(artifact.pullTime?.toISOString(), at(4), 'the latest pull, whichever arrived last');
    const tag = await db.tag.findFirstOrThrow({ where: { repositoryId, name: 'v1' } });
    assert.equal(tag.pullTime?.toISOString(), at(3), 'the latest pull by this tag');
    assert.equal(await pending(stream), 0, 'every entry is acknowledged');
  });

  test('a malformed entry is acknowledged and skipped; the events around it are processed', async () => {
    const before = await pullCount('evt/app');
    await redis.xadd(stream, '*', EVENT_STREAM_FIELD, '{"not":"an event"}');
    await redis.xadd(stream, '*', 'other', 'field');
    await add(stream, [event({ action: 'pull' })]);
    await until('the valid pull', async () => (await pullCount('evt/app')) === before + 1);
    await until('nothing pending', async () => (await pending(stream)) === 0);
  });

  test('quota events are acknowledged without audit rows or pull statistics', async () => {
    const before = await pullCount('evt/app');
    const audited = await db.auditLog.count();
    const quota = (action: QuotaEvent['action']): QuotaEvent => ({
      id: randomUUID(), action, time: new Date().toISOString(), repository: 'evt/app', operator: 'alice', project_id: projectId,
      project_name: 'evt', digest: DIGEST, used: 90, hard: 100, adding: 20, message: 'over',
    });
    const handled: RegistryEvent[] = [];
    const key = `${core.keyPrefix}quota`;
    const live = consumer(key, 'quota', handled).start();
    try {
      await add(key, [quota('quota_exceed'), quota('quota_warning'), event({ action: 'pull' })]);
      await until('all three handed over', async () => handled.length === 3);
      await until('nothing pending', async () => (await pending(key)) === 0);
    } finally {
      await live.close();
    }
    assert.deepEqual(handled.map((e) => e.action), ['quota_exceed', 'quota_warning', 'pull'], 'parsed, not skipped as malformed');
    assert.equal(await pullCount('evt/app'), before + 1, 'only the pull counts');
    assert.equal(await db.auditLog.count(), audited + 1, 'only the pull is audited');
  });

  test('entries a dead consumer left pending are claimed and processed', async () => {
    const key = `${core.keyPrefix}reclaim`;
    await redis.xgroup('CREATE', key, 'core', '0', 'MKSTREAM');
    await add(key, Array.from({ length: 5 }, () => event({ action: 'pull', repository: 'evt/claimed' })));
    // A consumer takes the entries and dies before acknowledging them.
    const taken = (await redis.xreadgroup('GROUP', 'core', 'dead', 'COUNT', 10, 'STREAMS', key, '>')) as Array<[string, unknown[]]>;
    assert.equal(taken[0][1].length, 5);
    assert.equal(await pending(key), 5);
    const live = consumer(key, 'alive').start();
    try {
      await until('claimed pulls', async () => (await pullCount('evt/claimed')) === 5);
      await until('nothing pending', async () => (await pending(key)) === 0);
    } finally {
      await live.close();
    }
    assert.equal(await pullCount('evt/claimed'), 5, 'each entry once');
  });

  test('two consumers in one group share a stream without processing an entry twice', async () => {
    const key = `${core.keyPrefix}pair`;
    const [h1, h2]: RegistryEvent[][] = [[], []];
    // Each batch takes longer than the idle time after which pending entries are taken over: a live
    // consumer's batch must still not be claimed by the other.
    const [c1, c2] = [consumer(key, 'c1', h1, 700).start(), consumer(key, 'c2', h2, 700).start()];
    try {
      const events = Array.from({ length: 400 }, (_, i) => event({ action: 'pull', repository: 'evt/pair', tag: i % 2 ? 'v1' : undefined }));
      for (let i = 0; i < events.length; i += 100) await add(key, events.slice(i, i + 100));
      await until('all pulls', async () => h1.length + h2.length >= 400, 30_000);
      await until('nothing pending', async () => (await pending(key)) === 0);
      assert.equal(h1.length + h2.length, 400);
      assert.equal(new Set([...h1, ...h2].map((e) => e.id)).size, 400, 'no event handled twice');
      assert.equal(await pullCount('evt/pair'), 400);
      const audited = await db.auditLog.count({ where: { resource: { startsWith: 'evt/pair' } } });
      assert.equal(audited, 400);
    } finally {
      await Promise.all([c1.close(), c2.close()]);
    }
  });

  test('after a partial batch the consumer lingers, so a stream of pulls is handled in few large batches', async () => {
    const key = `${core.keyPrefix}linger`;
    const batches: number[] = [];
    const lingering = new StreamConsumer({
      redisUrl: REDIS_URL, stream: key, group: 'core', batchSize: 50, blockMs: 5_000, claimIdleMs: 5_000, lingerMs: 600,
      name: 'linger', logger: createLogger('core', 'silent'),
      handle: async (events) => { batches.push(events.length); },
    }).start();
    try {
      await add(key, [event({ action: 'pull', repository: 'evt/app' })]);
      await until('the first pull', async () => batches.length === 1);
      // Thirty pulls arriving one by one while the consumer lingers: one batch, not thirty.
      for (let i = 0; i < 30; i++) await add(key, [event({ action: 'pull', repository: 'evt/app' })]);
      await until('the other pulls', async () => batches.reduce((a, b) => a + b, 0) === 31);
      assert.deepEqual(batches, [1, 30]);
      await until('nothing pending', async () => (await pending(key)) === 0);
      // Lingering does not hold up shutdown.
      await add(key, [event({ action: 'pull', repository: 'evt/app' })]);
      await until('one more pull', async () => batches.length === 3);
    } finally {
      const started = Date.now();
      await lingering.close();
      assert.ok(Date.now() - started < 400, `close took ${Date.now() - started} ms`);
    }
  });

  test('close() returns promptly while the consumer is blocked reading', async () => {
    const idle = consumer(`${core.keyPrefix}idle`, 'idle').start();
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    await idle.close();
    assert.ok(Date.now() - started < 1_000, `close took ${Date.now() - started} ms`);
  });

  test('with audit forwarding on, entries go to the syslog endpoint; skip-database keeps them out of audit_log', async () => {
    const lines: string[] = [];
    const server = createServer((socket) => socket.on('data', (d) => lines.push(...d.toString('utf8').split('\n').filter(Boolean))));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const endpoint = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    const forwarder = new AuditForwarder(async () => ({ endpoint, skipDatabase: true }), createLogger('core', 'silent'));
    try {
      const processor = new EventProcessor(new ArtifactEventRepo(db), forwarder);
      const before = await pullCount('evt/app');
      const auditBefore = await db.auditLog.count();
      await processor.process([event({ action: 'pull', tag: 'fwd', operator: 'forwarded-user' })]);
      await until('forwarded line', async () => lines.some((l) => l.includes('operator="forwarded-user"') && l.includes('action:pull')));
      assert.equal(await db.auditLog.count(), auditBefore, 'skip-database: nothing written to audit_log');
      assert.equal(await pullCount('evt/app'), before + 1, 'pull statistics are kept all the same');
    } finally {
      forwarder.close();
      await new Promise((r) => server.close(r));
    }
  });
});
