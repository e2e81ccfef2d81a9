// /api/v2.0/projects/{p}/webhook against the real database: policy CRUD with Harbor's JSON and status
// codes, the rules on event types and targets, RBAC (project admins manage, maintainers read, others
// nothing), the deliveries of a policy (executions, tasks, a task's log), last triggers, supported
// events, audit entries, and policies leaving with their project.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLE_IDS } from '@harbor/auth';
import {
  ExecutionSchema, SupportedWebhookEventTypesSchema, TaskSchema, WebhookLastTriggerSchema, WebhookPolicyRespSchema,
} from '@harbor/contracts';
import { createPrismaClient, type PrismaClient } from '@harbor/db';
import { TaskStore } from '@harbor/jobs';
import { prismaSql } from '../src/bootstrap/jobs.js';
import { addUsers, basic, startTestCore, type TestCore } from './helpers.js';
import { errorCode, jsonApi } from './json-api.js';

const ADMIN = basic('admin', 'Harbor12345');
const who = (name: string) => basic(name, 'Passw0rd!');
const ROLES = { padmin: ROLE_IDS.projectAdmin, maint: ROLE_IDS.maintainer, dev: ROLE_IDS.developer, guest: ROLE_IDS.guest } as const;

const policyBody = (over: Record<string, unknown> = {}) => ({
  name: 'ci',
  description: 'tell the CI',
  enabled: true,
  event_types: ['PUSH_ARTIFACT', 'DELETE_ARTIFACT'],
  targets: [{ type: 'http', address: 'https://ci.example.com/hook', auth_header: 'Bearer s3cret', skip_cert_verify: false }],
  ...over,
});

describe('webhook policies API', () => {
  let core: TestCore;
  let db: PrismaClient;
  let teamId: number;
  const api = jsonApi(() => core.url);
  const base = '/projects/team/webhook';
  const idOf = (location: string | null) => Number(location!.split('/').pop());
  const create = async (body: unknown, headers = ADMIN, project = 'team') => api(`/projects/${project}/webhook/policies`, { method: 'POST', headers, body });

  before(async () => {
    core = await startTestCore();
    db = createPrismaClient(core.databaseUrl);
    const ids = await addUsers(db, [...Object.keys(ROLES), 'outsider']);
    for (const name of ['team', 'other', 'doomed']) {
      assert.equal((await api('/projects', { method: 'POST', headers: ADMIN, body: { project_name: name } })).status, 201);
    }
    teamId = (await db.project.findUniqueOrThrow({ where: { name: 'team' } })).id;
    for (const [name, role] of Object.entries(ROLES)) {
      await db.projectMember.create({ data: { projectId: teamId, entityId: ids[name]!, entityType: 'u', role } });
    }
  });
  after(async () => {
    await db.$disconnect();
    await core.stop();
  });

  test('create (201 + Location), get, list, update and delete with Harbor\'s JSON', async () => {
    const res = await create(policyBody(), who('padmin'));
    assert.equal(res.status, 201);
    assert.match(res.headers.get('location')!, /^\/api\/v2\.0\/projects\/team\/webhook\/policies\/\d+$/);
    const id = idOf(res.headers.get('location'));
    const got = await api(`${base}/policies/${id}`, { headers: who('padmin') });
    assert.equal(got.status, 200);
    const policy = WebhookPolicyRespSchema.parse(got.json);
    assert.deepEqual({ ...policy, creation_time: undefined, update_time: undefined }, {
      id, name: 'ci', description: 'tell the CI', project_id: teamId, enabled: true, creator: 'padmin',
      event_types: ['PUSH_ARTIFACT', 'DELETE_ARTIFACT'],
      targets: [{ type: 'http', address: 'https://ci.example.com/hook', auth_header: 'Bearer s3cret', skip_cert_verify: false, payload_format: 'Default' }],
      creation_time: undefined, update_time: undefined,
    });
    // By id too, and by name with X-Is-Resource-Name.
    assert.equal((await api(`/projects/${teamId}/webhook/policies/${id}`, { headers: ADMIN })).status, 200);

    const put = await api(`${base}/policies/${id}`, {
      method: 'PUT', headers: who('padmin'),
      body: policyBody({ name: 'ci-2', enabled: false, event_types: ['PULL_ARTIFACT'], targets: [{ type: 'slack', address: 'https://hooks.slack.com/services/T/B/X' }] }),
    });
    assert.equal(put.status, 200);
    const updated = WebhookPolicyRespSchema.parse((await api(`${base}/policies/${id}`, { headers: ADMIN })).json);
    assert.equal(updated.name, 'ci-2');
    assert.equal(updated.enabled, false);
    assert.equal(updated.creator, 'padmin', 'the creator stays');
    assert.deepEqual(updated.targets, [{ type: 'slack', address: 'https://hooks.slack.com/services/T/B/X', skip_cert_verify: false }]);

    const second = await create(policyBody({ name: 'audit', event_types: ['QUOTA_EXCEED'] }));
    assert.equal(second.status, 201);
    const list = await api(`${base}/policies?page_size=1`, { headers: who('maint') });
    assert.equal(list.status, 200);
    assert.equal(list.headers.get('x-total-count'), '2');
    assert.match(list.headers.get('link') ?? '', /rel="next"/);
    assert.deepEqual((list.json as Array<{ name: string }>).map((p) => p.name), ['audit'], 'newest first');
    const byName = await api(`${base}/policies?q=name%3D~ci&sort=name`, { headers: ADMIN });
    assert.deepEqual((byName.json as Array<{ name: string }>).map((p) => p.name), ['ci-2']);

    assert.equal((await api(`${base}/policies/${id}`, { method: 'DELETE', headers: who('padmin') })).status, 200);
    assert.equal((await api(`${base}/policies/${id}`, { headers: ADMIN })).status, 404);
    assert.equal((await api(`${base}/policies/${id}`, { method: 'DELETE', headers: ADMIN })).status, 404);
    assert.equal((await api(`${base}/policies/${idOf(second.headers.get('location'))}`, { method: 'DELETE', headers: ADMIN })).status, 200);

    const audit = await db.auditLog.findMany({ where: { resourceType: 'notification_policy' }, orderBy: { id: 'asc' } });
    assert.deepEqual(audit.map((a) => `${a.operation} ${a.resource} ${a.projectId}`), [
      `create ci ${teamId}`, `update ci-2 ${teamId}`, `create audit ${teamId}`, `delete ci-2 ${teamId}`, `delete audit ${teamId}`,
    ]);
  });

  test('bad input: Harbor\'s 400s for values, 422 for JSON types, 409 for a taken name, 404 across projects', async () => {
    const cases: Array<[unknown, number, RegExp]> = [
      [policyBody({ event_types: [] }), 400, /empty event type/],
      [policyBody({ event_types: ['PUSH_IMAGE'] }), 400, /unsupported event type PUSH_IMAGE/],
      [policyBody({ targets: [] }), 400, /empty notification target/],
      [policyBody({ targets: [{ type: 'teams', address: 'https://x.example.com' }] }), 400, /unsupported target type teams/],
      [policyBody({ targets: [{ type: 'http', address: 'gopher://x' }] }), 400, /invalid scheme/],
      [policyBody({ targets: [{ type: 'slack', address: 'https://x.example.com', payload_format: 'CloudEvents' }] }), 400, /not allowed for slack/],
      [policyBody({ targets: [{ type: 'http', address: 'https://x.example.com', payload_format: 'Yaml' }] }), 400, /unsupported payload format/],
      [policyBody({ name: 'x'.repeat(300) }), 400, /256 bytes/],
      [policyBody({ targets: 'https://x.example.com' }), 422, /targets/],
      [policyBody({ enabled: 'yes' }), 422, /enabled/],
      [policyBody({ event_types: [1] }), 422, /event_types/],
    ];
    for (const [body, status, message] of cases) {
      const res = await create(body);
      assert.equal(res.status, status, JSON.stringify(body));
      assert.match((res.json as { errors: Array<{ message: string }> }).errors[0]!.message, message);
    }
    assert.equal((await api(`${base}/policies`, { method: 'POST', headers: ADMIN, raw: '{"name":' })).status, 400);
    assert.equal(await db.notificationPolicy.count(), 0, 'nothing was stored');

    const first = await create(policyBody({ name: 'dup' }));
    assert.equal(first.status, 201);
    const again = await create(policyBody({ name: 'dup' }));
    assert.equal(again.status, 409);
    assert.equal(errorCode(again), 'CONFLICT');
    assert.equal((await create(policyBody({ name: 'dup' }), ADMIN, 'other')).status, 201, 'names are unique per project');
    const second = await create(policyBody({ name: 'dup-2' }));
    const renamed = await api(`${base}/policies/${idOf(second.headers.get('location'))}`, { method: 'PUT', headers: ADMIN, body: policyBody({ name: 'dup' }) });
    assert.equal(renamed.status, 409);

    const id = idOf(first.headers.get('location'));
    assert.equal((await api(`/projects/other/webhook/policies/${id}`, { headers: ADMIN })).status, 404, 'a policy of another project');
    assert.equal((await api(`${base}/policies/abc`, { headers: ADMIN })).status, 422);
    assert.equal((await api(`${base}/policies/99999999999`, { headers: ADMIN })).status, 404);
    assert.equal((await api('/projects/nope/webhook/policies', { headers: ADMIN })).status, 404);
    // Absent `enabled` decodes as false, as in Harbor.
    const off = await create(policyBody({ name: 'off', enabled: undefined }));
    assert.equal(WebhookPolicyRespSchema.parse((await api(`${base}/policies/${idOf(off.headers.get('location'))}`, { headers: ADMIN })).json).enabled, false);
    await db.notificationPolicy.deleteMany({});
  });

  test('RBAC: project admins manage, maintainers read, developers and guests nothing, strangers see no project', async () => {
    const res = await create(policyBody({ name: 'rbac' }));
    const id = idOf(res.headers.get('location'));
    const reads = [`${base}/policies`, `${base}/policies/${id}`, `${base}/policies/${id}/executions`, `${base}/lasttrigger`, `${base}/events`];
    for (const path of reads) {
      assert.equal((await api(path, { headers: who('maint') })).status, 200, `maintainer reads ${path}`);
      assert.equal((await api(path, { headers: who('dev') })).status, 403, `developer may not read ${path}`);
      assert.equal((await api(path, { headers: who('guest') })).status, 403, `guest may not read ${path}`);
      assert.equal((await api(path, { headers: who('outsider') })).status, 404, `outsider sees no project at ${path}`);
      assert.equal((await api(path)).status, 401, `anonymous at ${path}`);
    }
    assert.equal((await create(policyBody({ name: 'm' }), who('maint'))).status, 403);
    assert.equal((await api(`${base}/policies/${id}`, { method: 'PUT', headers: who('maint'), body: policyBody() })).status, 403);
    assert.equal((await api(`${base}/policies/${id}`, { method: 'DELETE', headers: who('maint') })).status, 403);
    assert.equal((await create(policyBody({ name: 'd' }), who('dev'))).status, 403);
    await db.notificationPolicy.deleteMany({});
  });

  test('deliveries: executions with task metrics, their tasks and a task\'s log; last triggers', async () => {
    const res = await create(policyBody({ name: 'delivered' }));
    const id = idOf(res.headers.get('location'));
    const other = idOf((await create(policyBody({ name: 'quiet' }))).headers.get('location'));
    const store = new TaskStore(prismaSql(db));
    const exec = await store.createExecution('WEBHOOK', id, 'EVENT', { event_type: 'PUSH_ARTIFACT', payload: '{"type":"PUSH_ARTIFACT"}' });
    const task = await store.createTask(exec, 'job-delivered-1');
    await store.setTaskStatus(task, 'Running');
    await store.appendLog('job-delivered-1', 'POST https://ci.example.com\nresponse status: 200\n');
    await store.setTaskStatus(task, 'Success');
    const slackExec = await store.createExecution('SLACK', id, 'EVENT', { event_type: 'DELETE_ARTIFACT', payload: '{}' });
    await store.createTask(slackExec, 'job-delivered-2');
    const foreign = await store.createExecution('WEBHOOK', other, 'EVENT', { event_type: 'PUSH_ARTIFACT' });
    await store.createExecution('GARBAGE_COLLECTION', id, 'MANUAL', {});

    const list = await api(`${base}/policies/${id}/executions`, { headers: who('maint') });
    assert.equal(list.status, 200);
    assert.equal(list.headers.get('x-total-count'), '2');
    const execs = ExecutionSchema.array().parse(list.json);
    assert.deepEqual(execs.map((e) => [e.id, e.vendor_type, e.status, e.trigger]), [[slackExec, 'SLACK', 'Running', 'EVENT'], [exec, 'WEBHOOK', 'Success', 'EVENT']]);
    const done = execs[1]!;
    assert.equal(done.vendor_id, id);
    assert.deepEqual(done.extra_attrs, { event_type: 'PUSH_ARTIFACT', payload: '{"type":"PUSH_ARTIFACT"}' });
    assert.equal(done.metrics?.task_count, 1);
    assert.equal(done.metrics?.success_task_count, 1);
    assert.match(done.start_time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(execs[0]!.end_time, '0001-01-01T00:00:00Z', 'an unfinished execution has Go\'s zero end time');
    const filtered = await api(`${base}/policies/${id}/executions?q=vendor_type%3DSLACK`, { headers: ADMIN });
    assert.deepEqual((filtered.json as Array<{ id: number }>).map((e) => e.id), [slackExec]);

    const tasks = await api(`${base}/policies/${id}/executions/${exec}/tasks`, { headers: who('maint') });
    assert.equal(tasks.status, 200);
    assert.equal(tasks.headers.get('x-total-count'), '1');
    const [t] = TaskSchema.array().parse(tasks.json);
    assert.deepEqual([t!.id, t!.execution_id, t!.status, t!.run_count], [task, exec, 'Success', 1]);

    const log = await fetch(`${core.url}/api/v2.0${base}/policies/${id}/executions/${exec}/tasks/${task}/log`, { headers: who('maint') });
    assert.equal(log.status, 200);
    assert.match(log.headers.get('content-type') ?? '', /^text\/plain/);
    assert.equal(await log.text(), 'POST https://ci.example.com\nresponse status: 200\n');

    assert.equal((await api(`${base}/policies/${id}/executions/${foreign}/tasks`, { headers: ADMIN })).status, 404, 'an execution of another policy');
    assert.equal((await api(`${base}/policies/${id}/executions/${slackExec}/tasks/${task}/log`, { headers: ADMIN })).status, 404, 'a task of another execution');
    assert.equal((await api(`${base}/policies/${id}/executions/x/tasks`, { headers: ADMIN })).status, 422);
    assert.equal((await api(`${base}/policies/${id}/executions/${exec}/tasks/${task}/log`, { headers: who('dev') })).status, 403);

    const last = await api(`${base}/lasttrigger`, { headers: who('maint') });
    assert.equal(last.status, 200);
    const rows = WebhookLastTriggerSchema.array().parse(last.json);
    const row = (policy: string, type: string) => rows.find((r) => r.policy_name === policy && r.event_type === type)!;
    assert.equal(rows.length, 4, 'one row per policy and event type');
    assert.ok(row('delivered', 'PUSH_ARTIFACT').last_trigger_time);
    assert.ok(row('delivered', 'DELETE_ARTIFACT').last_trigger_time);
    assert.ok(row('quiet', 'PUSH_ARTIFACT').last_trigger_time);
    assert.equal(row('quiet', 'DELETE_ARTIFACT').last_trigger_time, undefined);
    assert.equal(row('delivered', 'PUSH_ARTIFACT').enabled, true);

    // Deleting a policy deletes the record of its deliveries.
    assert.equal((await api(`${base}/policies/${id}`, { method: 'DELETE', headers: ADMIN })).status, 200);
    assert.equal(await db.execution.count({ where: { vendorId: id, vendorType: { in: ['WEBHOOK', 'SLACK'] } } }), 0);
    assert.equal(await db.execution.count({ where: { vendorId: id, vendorType: 'GARBAGE_COLLECTION' } }), 1);
    await db.notificationPolicy.deleteMany({});
  });

  test('supported events: Harbor\'s event types, notify types and http payload formats', async () => {
    const res = await api(`${base}/events`, { headers: who('padmin') });
    assert.equal(res.status, 200);
    assert.deepEqual(SupportedWebhookEventTypesSchema.parse(res.json), {
      event_type: ['PUSH_ARTIFACT', 'PULL_ARTIFACT', 'DELETE_ARTIFACT', 'QUOTA_EXCEED', 'QUOTA_WARNING',
        'SCANNING_FAILED', 'SCANNING_STOPPED', 'SCANNING_COMPLETED', 'REPLICATION', 'TAG_RETENTION'],
      notify_type: ['http', 'slack'],
      payload_formats: [{ notify_type: 'http', formats: ['Default', 'CloudEvents'] }],
    });
  });

  test('a deleted project takes its policies and their deliveries along', async () => {
    const res = await create(policyBody({ name: 'gone' }), ADMIN, 'doomed');
    const id = idOf(res.headers.get('location'));
    const store = new TaskStore(prismaSql(db));
    await store.createExecution('WEBHOOK', id, 'EVENT', { event_type: 'PUSH_ARTIFACT' });
    assert.equal((await api('/projects/doomed', { method: 'DELETE', headers: ADMIN })).status, 200);
    assert.equal(await db.notificationPolicy.count({ where: { id } }), 0);
    assert.equal(await db.execution.count({ where: { vendorId: id, vendorType: 'WEBHOOK' } }), 0);
  });
});
