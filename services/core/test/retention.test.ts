// /api/v2.0/retentions against the real database and Redis (no jobservice runs here, so runs stay
// queued): the metadata, a project's one policy (create, get, update, delete) with Harbor's JSON and
// status codes, its schedule, bad input, the tag-retention column of the permission matrix, runs (start,
// list, stop), their tasks and logs, audit entries, and what a deleted project leaves behind.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLE_IDS } from '@harbor/auth';
import { RetentionExecutionSchema, RetentionExecutionTaskSchema, RetentionMetadataSchema, RetentionPolicySchema } from '@harbor/contracts';
import { createPrismaClient, type PrismaClient } from '@harbor/db';
import { addMember, seedProject } from './artifact-seed.js';
import { addUsers, basic, startTestCore, TEST_PASSWORD, type TestCore } from './helpers.js';
import { errorCode, jsonApi } from './json-api.js';

const ADMIN = basic('admin', 'Harbor12345');
const as = (u: string) => basic(u, TEST_PASSWORD);

const rule = (extra: Record<string, unknown> = {}) => ({
  disabled: false, action: 'retain', template: 'latestPushedK', params: { latestPushedK: 2 },
  tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: '**', extras: '{"untagged":true}' }],
  scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] },
  ...extra,
});
const policy = (ref: number, extra: Record<string, unknown> = {}) => ({
  algorithm: 'or', rules: [rule()], trigger: { kind: 'Schedule', settings: { cron: '0 0 3 * * *' } }, scope: { level: 'project', ref }, ...extra,
});

describe('tag retention API', () => {
  let core: TestCore;
  let db: PrismaClient;
  let proj: { id: number; name: string };
  let other: { id: number; name: string };
  const api = jsonApi(() => core.url);

  before(async () => {
    core = await startTestCore();
    db = createPrismaClient(core.databaseUrl);
    const ids = await addUsers(db, ['owner', 'maint', 'dev', 'gst', 'outsider']);
    proj = await seedProject(db, 'keep');
    other = await seedProject(db, 'other');
    for (const [u, role] of [['owner', ROLE_IDS.projectAdmin], ['maint', ROLE_IDS.maintainer], ['dev', ROLE_IDS.developer], ['gst', ROLE_IDS.guest]] as const) {
      await addMember(db, proj.id, ids[u], role);
    }
  });
  after(async () => {
    await db.$disconnect();
    await core.stop();
  });

  const create = async (body: unknown, who = as('owner')) => {
    const res = await api('/retentions', { method: 'POST', headers: who, body });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    const m = /^\/api\/v2\.0\/retentions\/(\d+)$/.exec(res.headers.get('location') ?? '');
    assert.ok(m, res.headers.get('location') ?? '');
    return Number(m[1]);
  };
  const remove = async (id: number) => assert.equal((await api(`/retentions/${id}`, { method: 'DELETE', headers: ADMIN })).status, 200);
  const schedules = async () => ((await api('/schedules?page_size=100', { headers: ADMIN })).json as Array<{ vendor_type: string; vendor_id: number; cron: string }>)
    .filter((s) => s.vendor_type === 'RETENTION');
  const boundId = async (project: { id: number }) =>
    (await db.projectMetadata.findUnique({ where: { projectId_name: { projectId: project.id, name: 'retention_id' } } }))?.value;

  test('the metadata: what the console may offer; signed-in callers only', async () => {
    const res = await api('/retentions/metadatas', { headers: as('gst') });
    assert.equal(res.status, 200);
    const meta = RetentionMetadataSchema.parse(res.json);
    assert.deepEqual(meta.templates!.map((t) => t.rule_template), ['latestPushedK', 'latestPulledN', 'nDaysSinceLastPush', 'nDaysSinceLastPull', 'always']);
    assert.deepEqual(meta.templates![0].params, [{ type: 'int', unit: 'COUNT', required: true }]);
    assert.deepEqual(meta.tag_selectors, [{ display_text: 'Tags', kind: 'doublestar', decorations: ['matches', 'excludes'] }]);
    assert.deepEqual(meta.scope_selectors![0].decorations, ['repoMatches', 'repoExcludes']);
    assert.equal((await api('/retentions/metadatas')).status, 401);
  });

  test('a project admin creates the policy: 201 + Location, bound by retention_id, scheduled, read back in Harbor\'s JSON', async () => {
    const id = await create(policy(proj.id));
    assert.equal(await boundId(proj), String(id));
    const res = await api(`/retentions/${id}`, { headers: as('owner') });
    assert.equal(res.status, 200);
    // go-swagger leaves out false, 0 and empty values
    assert.deepEqual(res.json, {
      id, algorithm: 'or',
      rules: [{
        action: 'retain', template: 'latestPushedK', params: { latestPushedK: 2 },
        tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: '**', extras: '{"untagged":true}' }],
        scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] },
      }],
      trigger: { kind: 'Schedule', settings: { cron: '0 0 3 * * *' } },
      scope: { level: 'project', ref: proj.id },
    });
    RetentionPolicySchema.parse(res.json);
    assert.deepEqual((await schedules()).map((s) => [s.vendor_id, s.cron]), [[id, '0 0 3 * * *']]);
    const meta = await api('/projects/keep/metadatas/retention_id', { headers: as('owner') });
    assert.deepEqual(meta.json, { retention_id: String(id) });

    // one policy per project
    const again = await api('/retentions', { method: 'POST', headers: as('owner'), body: policy(proj.id) });
    assert.equal(again.status, 400);
    assert.match(JSON.stringify(again.json), new RegExp(`project ${proj.id} already has retention policy ${id}`));
    await remove(id);
  });

  test('updates: rules and cron change, an empty cron removes the schedule; another project\'s scope is 404', async () => {
    const id = await create(policy(proj.id));
    const put = (body: unknown, who = as('maint')) => api(`/retentions/${id}`, { method: 'PUT', headers: who, body });
    assert.equal((await put(policy(proj.id, { rules: [rule({ template: 'always', params: {} })], trigger: { kind: 'Schedule', settings: { cron: '0 30 1 * * 0' } } }))).status, 200);
    const got = (await api(`/retentions/${id}`, { headers: as('dev') })).json as { rules: Array<{ template: string }>; trigger: { settings: { cron: string } } };
    assert.deepEqual(got.rules.map((r) => r.template), ['always']);
    assert.equal(got.trigger.settings.cron, '0 30 1 * * 0');
    assert.deepEqual((await schedules()).map((s) => [s.vendor_id, s.cron]), [[id, '0 30 1 * * 0']]);
    // the console sends the policy back without its scope sometimes: the stored one stays
    assert.equal((await put({ algorithm: 'or', rules: [], trigger: { kind: 'Schedule', settings: { cron: '' } } })).status, 200);
    assert.deepEqual(await schedules(), []);
    assert.deepEqual(((await api(`/retentions/${id}`, { headers: ADMIN })).json as { rules: unknown[] }).rules, []);
    const mismatch = await put(policy(other.id), ADMIN);
    assert.equal(mismatch.status, 404);
    assert.match(JSON.stringify(mismatch.json), /does not match/);
    assert.equal((await put(policy(proj.id), as('gst'))).status, 403);
    assert.equal((await api('/retentions/99999', { method: 'PUT', headers: ADMIN, body: policy(proj.id) })).status, 404);
    await remove(id);
  });

  test('bad input is 4xx with Harbor\'s error body; there is no cap on the number of rules', async () => {
    const post = (body: unknown) => api('/retentions', { method: 'POST', headers: ADMIN, body });
    const cases: Array<[unknown, number, RegExp]> = [
      [policy(proj.id, { rules: [rule({ template: 'latestK' })] }), 400, /not supported/],
      [policy(proj.id, { rules: [rule({ params: { latestPushedK: -3 } })] }), 400, /less than zero/],
      [policy(proj.id, { rules: [rule({ tag_selectors: [{ kind: 'label', decoration: 'withLabels', pattern: 'x' }] })] }), 400, /doublestar/],
      [policy(proj.id, { rules: [rule(), rule({ id: 7 })] }), 409, /rule 1 is conflict with rule 0/],
      [policy(proj.id, { algorithm: 'and' }), 400, /algorithm/],
      [policy(proj.id, { trigger: { kind: 'Event', settings: {} } }), 400, /not support Trigger/],
      [policy(proj.id, { trigger: { kind: 'Schedule', settings: { cron: '* * *' } } }), 400, /cron/],
      [policy(proj.id, { scope: { level: 'system', ref: 0 } }), 400, /scope system is not support/],
      [policy(proj.id, { scope: { level: 'project', ref: 0 } }), 400, /invalid Project id 0/],
      [policy(proj.id, { scope: { level: 'project', ref: 987654 } }), 400, /invalid Project id 987654/],
      [policy(proj.id, { rules: 'all' }), 422, /rules/],
      [policy(proj.id, { scope: { level: 'project', ref: 'keep' } }), 422, /ref/],
    ];
    for (const [body, status, message] of cases) {
      const res = await post(body);
      assert.equal(res.status, status, `${JSON.stringify(body)} → ${JSON.stringify(res.json)}`);
      assert.match(JSON.stringify(res.json), message);
    }
    assert.equal(await boundId(proj), undefined, 'nothing was bound');
    const broken = await api('/retentions', { method: 'POST', headers: { ...ADMIN, 'Content-Type': 'application/json' }, raw: '{"rules": [' });
    assert.equal(broken.status, 400);
    for (const path of ['/retentions/abc', '/retentions/1/executions/x/tasks', '/retentions/1/executions/1/tasks/y']) {
      assert.equal((await api(path, { headers: ADMIN })).status, 422, path);
    }
    assert.equal((await api('/retentions/1/executions/x', { method: 'PATCH', headers: ADMIN, body: { action: 'stop' } })).status, 422);
    assert.equal((await api('/retentions/424242', { headers: ADMIN })).status, 404);
    assert.equal((await api('/retentions/99999999999', { headers: ADMIN })).status, 404);
    assert.equal((await api('/retentions/424242', { method: 'DELETE', headers: ADMIN })).status, 400, 'Harbor answers 400 for a missing policy here');

    const many = Array.from({ length: 40 }, (_, i) => rule({ params: { latestPushedK: i + 1 } }));
    const id = await create(policy(proj.id, { rules: many }), ADMIN);
    assert.equal(((await api(`/retentions/${id}`, { headers: ADMIN })).json as { rules: unknown[] }).rules.length, 40);
    await remove(id);
  });

  test('the permission matrix: admin, maintainer and developer manage and run; guests and outsiders do not', async () => {
    for (const who of ['owner', 'maint', 'dev']) {
      const id = await create(policy(proj.id), as(who));
      assert.equal((await api(`/retentions/${id}`, { headers: as(who) })).status, 200, who);
      assert.equal((await api(`/retentions/${id}/executions`, { method: 'POST', headers: as(who), body: { dry_run: true } })).status, 201, who);
      assert.equal((await api(`/retentions/${id}/executions`, { headers: as(who) })).status, 200, who);
      assert.equal((await api(`/retentions/${id}`, { method: 'DELETE', headers: as(who) })).status, 200, who);
    }
    const id = await create(policy(proj.id));
    const denied = async (who: Record<string, string>, status: number, code: string) => {
      for (const [method, path, body] of [
        ['GET', `/retentions/${id}`], ['PUT', `/retentions/${id}`, policy(proj.id)], ['DELETE', `/retentions/${id}`],
        ['POST', `/retentions/${id}/executions`, {}], ['GET', `/retentions/${id}/executions`],
      ] as Array<[string, string, unknown?]>) {
        const res = await api(path, { method, headers: who, body });
        assert.equal(res.status, status, `${method} ${path}`);
        assert.equal(errorCode(res), code);
      }
    };
    await denied(as('gst'), 403, 'FORBIDDEN');
    await denied(as('outsider'), 404, 'NOT_FOUND');
    await denied({}, 401, 'UNAUTHORIZED');
    assert.equal((await api('/retentions', { method: 'POST', headers: as('gst'), body: policy(other.id) })).status, 404, 'a project the caller cannot see');
    assert.equal((await api('/retentions', { method: 'POST', headers: as('gst'), body: policy(proj.id) })).status, 403);
    await remove(id);
  });

  test('runs: started at once (201 + Location), listed, stopped; their task and its log; audit entries', async () => {
    const id = await create(policy(proj.id));
    const run = await api(`/retentions/${id}/executions`, { method: 'POST', headers: as('dev'), body: { dry_run: true } });
    assert.equal(run.status, 201, JSON.stringify(run.json));
    const m = new RegExp(`^/api/v2\\.0/retentions/${id}/executions/(\\d+)$`).exec(run.headers.get('location') ?? '');
    assert.ok(m, run.headers.get('location') ?? '');
    const eid = Number(m[1]);
    const second = await api(`/retentions/${id}/executions`, { method: 'POST', headers: ADMIN, body: {} });
    assert.equal(second.status, 201);

    const list = await api(`/retentions/${id}/executions?page=1&page_size=1`, { headers: as('dev') });
    assert.equal(list.status, 200);
    assert.equal(list.headers.get('x-total-count'), '2');
    assert.match(list.headers.get('link') ?? '', /rel="next"/);
    const all = RetentionExecutionSchema.array().parse((await api(`/retentions/${id}/executions`, { headers: as('dev') })).json);
    const mine = all.find((e) => e.id === eid)!;
    assert.deepEqual({ ...mine, start_time: undefined }, { id: eid, policy_id: id, start_time: undefined, status: 'Running', trigger: 'MANUAL', dry_run: true });
    assert.ok(Date.parse(mine.start_time!) > Date.now() - 60_000);
    assert.equal(all.find((e) => e.id !== eid)!.dry_run, false);
    const stored = await db.execution.findUniqueOrThrow({ where: { id: eid } });
    assert.deepEqual([stored.vendorType, stored.vendorId, stored.extraAttrs], ['RETENTION', id, { policy_id: id, dry_run: true }]);

    const tasks = await api(`/retentions/${id}/executions/${eid}/tasks`, { headers: as('dev') });
    assert.equal(tasks.status, 200);
    assert.equal(tasks.headers.get('x-total-count'), '1');
    const [task] = RetentionExecutionTaskSchema.array().parse(tasks.json);
    assert.equal(task.execution_id, eid);
    assert.equal(task.status, 'Pending');
    assert.equal(task.status_code, 0);
    assert.deepEqual([task.total, task.retained], [0, 0]);
    const log = await fetch(`${core.url}/api/v2.0/retentions/${id}/executions/${eid}/tasks/${task.id}`, { headers: as('dev') });
    assert.equal(log.status, 200);
    assert.match(log.headers.get('content-type') ?? '', /text\/plain/);
    assert.equal(await log.text(), '');
    assert.equal((await api(`/retentions/${id}/executions/${eid}/tasks/${task.id + 1000}`, { headers: ADMIN })).status, 404);

    const patch = (body: unknown, path = `/retentions/${id}/executions/${eid}`, who = as('dev')) => api(path, { method: 'PATCH', headers: who, body });
    const bad = await patch({ action: 'pause' });
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.json), /action should be 'stop'/);
    assert.equal((await patch({ action: 'stop' }, `/retentions/${id}/executions/${eid}`, as('gst'))).status, 403);
    assert.equal((await patch({ action: 'stop' })).status, 200);
    const after = RetentionExecutionSchema.array().parse((await api(`/retentions/${id}/executions`, { headers: ADMIN })).json).find((e) => e.id === eid)!;
    assert.equal(after.status, 'Stopped');
    assert.ok(after.end_time);

    // another policy's execution is not this one's
    const otherId = await create(policy(other.id), ADMIN);
    assert.equal((await patch({ action: 'stop' }, `/retentions/${otherId}/executions/${eid}`, ADMIN)).status, 404);
    assert.equal((await api(`/retentions/${otherId}/executions/${eid}/tasks`, { headers: ADMIN })).status, 404);
    assert.equal((await api(`/retentions/424242/executions`, { method: 'POST', headers: ADMIN, body: {} })).status, 400);
    assert.equal((await api(`/retentions/${id}/executions`, { method: 'POST', headers: ADMIN, body: { dry_run: 'yes' } })).status, 422);

    const logs = (await api('/audit-logs?page_size=100', { headers: ADMIN })).json as Array<{ resource_type: string; operation: string; resource: string }>;
    assert.ok(logs.some((l) => l.resource_type === 'tag_retention' && l.operation === 'create' && l.resource === `keep/retention/${id}`));
    assert.ok(logs.some((l) => l.resource_type === 'retention_execution' && l.resource === `keep/retention/${id}/executions/${eid}`));

    // deleting the policy takes its runs, schedule and binding
    await remove(id);
    assert.equal(await db.execution.count({ where: { vendorType: 'RETENTION', vendorId: id } }), 0);
    assert.equal(await boundId(proj), undefined);
    assert.deepEqual((await schedules()).map((s) => s.vendor_id), [otherId]);
    assert.equal((await api(`/retentions/${id}`, { headers: ADMIN })).status, 404);
    assert.ok(((await api('/audit-logs?page_size=100', { headers: ADMIN })).json as Array<{ resource_type: string; operation: string }>)
      .some((l) => l.resource_type === 'tag_retention' && l.operation === 'delete'));
  });

  test('a deleted project takes its policy and schedule with it', async () => {
    const gone = await seedProject(db, 'short-lived');
    const id = await create(policy(gone.id), ADMIN);
    assert.ok((await schedules()).some((s) => s.vendor_id === id));
    assert.equal((await api('/projects/short-lived', { method: 'DELETE', headers: ADMIN })).status, 200);
    assert.equal(await db.retentionPolicy.count({ where: { id } }), 0);
    assert.ok(!(await schedules()).some((s) => s.vendor_id === id));
  });
});
