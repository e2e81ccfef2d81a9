// Registry events become webhook deliveries (real Redis, real PostgreSQL, core's event consumer): a push
// gives each target of each subscribed, enabled policy of its project one execution, one task and one
// queued job carrying the rendered body; a batch of pulls gives one job per policy target listing every
// artifact pulled; quota events notify QUOTA_EXCEED subscribers; nothing is sent while notifications are
// turned off; a job that cannot be queued leaves its execution in Error.
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  EVENT_STREAM_FIELD, WebhookCloudEventSchema, WebhookParamsSchema, WebhookPayloadSchema, type ArtifactEvent, type QuotaEvent,
  type RegistryEvent, type WebhookParams,
} from '@harbor/contracts';
import { createPrismaClient, type PrismaClient } from '@harbor/db';
import { JobQueues, TaskStore } from '@harbor/jobs';
import { createLogger } from '@harbor/telemetry';
import { Redis } from 'ioredis';
import { prismaSql } from '../src/bootstrap/jobs.js';
import { WebhookNotifier } from '../src/domain/webhooks/webhook-notifier.js';
import { WebhookPolicyRepo } from '../src/store/webhook-policy.repo.js';
import { basic, startTestCore, type TestCore } from './helpers.js';
import { jsonApi } from './json-api.js';

const ADMIN = basic('admin', 'Harbor12345');
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const DIGEST = `sha256:${'a'.repeat(64)}`;
const DIGEST2 = `sha256:${'b'.repeat(64)}`;

function artifactEvent(e: Partial<ArtifactEvent> & Pick<ArtifactEvent, 'action'>): RegistryEvent {
  return {
    id: randomUUID(), time: new Date().toISOString(), repository: 'hooks/app', digest: DIGEST, media_type: 'application/vnd.oci.image.manifest.v1+json',
    size: 100, operator: 'alice', client_ip: '203.0.113.5', request_id: 'req-42', ...e,
  } as ArtifactEvent;
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

describe('webhook notifications from registry events', () => {
  let core: TestCore;
  let db: PrismaClient;
  let redis: Redis;
  let queues: JobQueues;
  let projectId: number;
  const ids: Record<string, number> = {};
  const api = jsonApi(() => core.url);

  /** Adds the events atomically (one MULTI), so the consumer reads them as one batch, and waits until they are handled. */
  const publish = async (events: RegistryEvent[]) => {
    const stream = `${core.keyPrefix}events`;
    const tx = redis.multi();
    for (const e of events) tx.xadd(stream, '*', EVENT_STREAM_FIELD, JSON.stringify(e));
    const replies = await tx.exec();
    const last = String(replies![replies!.length - 1]![1]);
    await until('the events to be handled', async () => {
      const groups = await redis.xinfo('GROUPS', stream) as Array<Array<string | number>>;
      const info = Object.fromEntries((groups[0] ?? []).reduce<Array<[string, unknown]>>((acc, v, i, a) => (i % 2 ? acc : [...acc, [String(v), a[i + 1]]]), []));
      return info['last-delivered-id'] === last && Number(info.pending) === 0;
    });
  };
  const executions = (policy: string) => db.execution.findMany({ where: { vendorId: ids[policy] }, orderBy: { id: 'asc' }, include: { tasks: true } });
  const jobParams = async (type: 'WEBHOOK' | 'SLACK', jobId: string): Promise<WebhookParams> => {
    const job = await queues.queue(type).getJob(jobId);
    assert.ok(job, `job ${jobId} is queued`);
    const data = job.data as { task_id: number; execution_id: number; params: unknown };
    return WebhookParamsSchema.parse(data.params);
  };

  before(async () => {
    core = await startTestCore({ events: { blockMs: 100, claimIdleMs: 2_000 }, externalURL: 'https://harbor.example.com' });
    db = createPrismaClient(core.databaseUrl);
    redis = new Redis(REDIS_URL);
    queues = new JobQueues({ url: REDIS_URL, keyPrefix: core.keyPrefix });
    for (const name of ['hooks', 'elsewhere']) {
      assert.equal((await api('/projects', { method: 'POST', headers: ADMIN, body: { project_name: name, metadata: { public: String(name === 'hooks') } } })).status, 201);
    }
    projectId = (await db.project.findUniqueOrThrow({ where: { name: 'hooks' } })).id;
    await db.repository.create({ data: { name: 'hooks/app', projectId, creationTime: new Date('2024-01-02T03:04:05Z') } });
    const policies: Array<[string, string, Record<string, unknown>]> = [
      ['hooks', 'both', {
        enabled: true, event_types: ['PUSH_ARTIFACT', 'PULL_ARTIFACT'],
        targets: [
          { type: 'http', address: 'https://ci.example.com/hook', auth_header: 'Bearer s3cret' },
          { type: 'slack', address: 'https://hooks.slack.com/services/T/B/X' },
        ],
      }],
      ['hooks', 'cloud', { enabled: true, event_types: ['PULL_ARTIFACT', 'QUOTA_EXCEED'], targets: [{ type: 'http', address: 'http://ce.example.com', payload_format: 'CloudEvents', skip_cert_verify: true }] }],
      ['hooks', 'off', { enabled: false, event_types: ['PUSH_ARTIFACT'], targets: [{ type: 'http', address: 'http://off.example.com' }] }],
      ['elsewhere', 'other', { enabled: true, event_types: ['PUSH_ARTIFACT'], targets: [{ type: 'http', address: 'http://other.example.com' }] }],
    ];
    for (const [project, name, body] of policies) {
      const res = await api(`/projects/${project}/webhook/policies`, { method: 'POST', headers: ADMIN, body: { name, ...body } });
      assert.equal(res.status, 201);
      ids[name] = Number(res.headers.get('location')!.split('/').pop());
    }
  });
  after(async () => {
    await queues.close();
    redis.disconnect();
    await db.$disconnect();
    await core.stop();
  });

  test('a push: one execution, task and queued job per target of each subscribed, enabled policy', async () => {
    await publish([artifactEvent({ action: 'push', tag: 'v1' })]);
    const execs = await executions('both');
    assert.deepEqual(execs.map((e) => [e.vendorType, e.trigger, e.tasks.length]), [['WEBHOOK', 'EVENT', 1], ['SLACK', 'EVENT', 1]]);
    assert.equal((await executions('off')).length, 0, 'a disabled policy is not notified');
    assert.equal((await executions('cloud')).length, 0, 'a policy not subscribed to pushes is not notified');
    assert.equal((await executions('other')).length, 0, 'another project\'s policy is not notified');

    const [http, slack] = execs;
    const attrs = http!.extraAttrs as { event_type: string; payload: string };
    assert.equal(attrs.event_type, 'PUSH_ARTIFACT');
    const params = await jobParams('WEBHOOK', http!.tasks[0]!.jobId);
    assert.deepEqual({ ...params, body: undefined }, {
      policy_id: ids.both, event_type: 'PUSH_ARTIFACT', body: undefined, headers: { 'Content-Type': 'application/json' },
      target: { type: 'http', address: 'https://ci.example.com/hook', auth_header: 'Bearer s3cret', skip_cert_verify: false, payload_format: 'Default' },
    });
    const payload = WebhookPayloadSchema.parse(JSON.parse(params.body));
    assert.equal(params.body, attrs.payload, 'the execution keeps the payload it sent');
    assert.equal(payload.type, 'PUSH_ARTIFACT');
    assert.equal(payload.operator, 'alice');
    assert.deepEqual(payload.event_data, {
      resources: [{ digest: DIGEST, tag: 'v1', resource_url: 'harbor.example.com/hooks/app:v1' }],
      repository: { date_created: 1704164645, name: 'app', namespace: 'hooks', repo_full_name: 'hooks/app', repo_type: 'public' },
    });
    const slackParams = await jobParams('SLACK', slack!.tasks[0]!.jobId);
    assert.equal(slackParams.target.type, 'slack');
    assert.match(slackParams.body, /"blocks"/);
    assert.equal((await queues.counts('WEBHOOK')).waiting, 1);
    assert.equal((await queues.counts('SLACK')).waiting, 1);
    // The task waits for the jobservice.
    assert.equal(http!.tasks[0]!.status, 'Pending');
  });

  test('a batch of pulls: one job per policy target, listing every artifact pulled', async () => {
    const beforeBoth = (await executions('both')).length;
    await publish([
      artifactEvent({ action: 'pull', tag: 'v1' }),
      artifactEvent({ action: 'pull', tag: 'v1' }),
      artifactEvent({ action: 'pull', digest: DIGEST2 }),
      artifactEvent({ action: 'pull', tag: 'latest', digest: DIGEST2 }),
      // A tag deletion notifies nobody; an artifact deletion nobody subscribed to.
      artifactEvent({ action: 'delete', tag: 'old' }),
    ]);
    const both = (await executions('both')).slice(beforeBoth);
    assert.deepEqual(both.map((e) => e.vendorType), ['WEBHOOK', 'SLACK']);
    const params = await jobParams('WEBHOOK', both[0]!.tasks[0]!.jobId);
    const payload = WebhookPayloadSchema.parse(JSON.parse(params.body));
    assert.equal(payload.type, 'PULL_ARTIFACT');
    assert.deepEqual(payload.event_data?.resources?.map((r) => r.tag), ['v1', DIGEST2, 'latest']);

    const cloud = await executions('cloud');
    assert.equal(cloud.length, 1);
    const ce = await jobParams('WEBHOOK', cloud[0]!.tasks[0]!.jobId);
    assert.deepEqual(ce.headers, { 'Content-Type': 'application/cloudevents+json' });
    assert.equal(ce.target.skip_cert_verify, true);
    const doc = WebhookCloudEventSchema.parse(JSON.parse(ce.body));
    assert.equal(doc.type, 'harbor.artifact.pulled');
    assert.equal(doc.source, `/projects/${projectId}/webhook/policies/${ids.cloud}`);
    assert.equal(doc.requestid, 'req-42');
    assert.equal(doc.data.resources?.length, 3);
  });

  test('quota events notify their subscribers with Harbor\'s wording', async () => {
    const quota: QuotaEvent = {
      id: randomUUID(), action: 'quota_exceed', time: new Date().toISOString(), repository: 'hooks/app', operator: 'alice',
      project_id: projectId, project_name: 'hooks', digest: DIGEST2, used: 900, hard: 1000, adding: 200,
      message: 'adding 200 B of storage resource, which when updated to current usage of 900 B will exceed the configured upper limit of 1000 B.',
    };
    const before = (await executions('cloud')).length;
    await publish([quota]);
    const cloud = (await executions('cloud')).slice(before);
    assert.equal(cloud.length, 1);
    const doc = WebhookCloudEventSchema.parse(JSON.parse((await jobParams('WEBHOOK', cloud[0]!.tasks[0]!.jobId)).body));
    assert.equal(doc.type, 'harbor.quota.exceeded');
    assert.deepEqual(doc.data.custom_attributes, { Details: quota.message });
    assert.deepEqual(doc.data.resources, [{ digest: DIGEST2, tag: '' }]);
  });

  test('with notifications turned off, events queue nothing', async () => {
    assert.equal((await api('/configurations', { method: 'PUT', headers: ADMIN, body: { notification_enable: false } })).status, 200);
    const before = await db.execution.count();
    await publish([artifactEvent({ action: 'push', tag: 'v2' })]);
    assert.equal(await db.execution.count(), before);
    assert.equal((await api('/configurations', { method: 'PUT', headers: ADMIN, body: { notification_enable: true } })).status, 200);
  });

  test('a job that cannot be queued leaves its execution in Error; the other targets still go', async () => {
    const queued: string[] = [];
    const notifier = new WebhookNotifier({
      policies: new WebhookPolicyRepo(db),
      tasks: new TaskStore(prismaSql(db)),
      queues: {
        enqueue: async (type, jobId) => {
          if (type === 'WEBHOOK') throw new Error('redis is away');
          queued.push(jobId);
          return jobId;
        },
      },
      externalURL: 'https://harbor.example.com',
      enabled: async () => true,
      logger: createLogger('core', 'silent'),
    });
    const before = (await executions('both')).length;
    assert.equal(await notifier.notify([artifactEvent({ action: 'push', tag: 'v3' })]), 1);
    const [http, slack] = (await executions('both')).slice(before);
    assert.equal(http!.status, 'Error');
    assert.match(http!.statusMessage, /could not be queued: redis is away/);
    assert.equal(http!.tasks[0]!.status, 'Error');
    assert.equal(slack!.status, 'Running');
    assert.deepEqual(queued, [slack!.tasks[0]!.jobId]);
  });
});
