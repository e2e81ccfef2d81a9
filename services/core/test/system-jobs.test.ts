// /system/gc, /system/purgeaudit, /jobservice/* and /schedules as core answers them (the jobservice that
// would run the jobs is not started here: runs stay queued, which is what these checks need).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrismaClient, type PrismaClient } from '@harbor/db';
import { addUsers, basic, startTestCore, TEST_PASSWORD, type TestCore } from './helpers.js';

const ADMIN = { ...basic('admin', 'Harbor12345'), 'Content-Type': 'application/json' };
const ALICE = { ...basic('alice', TEST_PASSWORD), 'Content-Type': 'application/json' };

describe('system jobs API', () => {
  let core: TestCore;
  let db: PrismaClient;
  before(async () => {
    core = await startTestCore();
    db = createPrismaClient(core.databaseUrl);
    await addUsers(db, ['alice']);
  });
  after(async () => {
    await db.$disconnect();
    await core.stop();
  });

  const api = (path: string, init: RequestInit = {}) => fetch(`${core.url}/api/v2.0${path}`, init);
  const json = async <T>(res: Response) => (await res.json()) as T;
  const body = (v: unknown) => JSON.stringify(v);

  test('a Manual GC starts a run at once (201 + Location); a second one while it is queued is 409; the history lists it', async () => {
    const res = await api('/system/gc/schedule', { method: 'POST', headers: ADMIN, body: body({ schedule: { type: 'Manual' }, parameters: { delete_untagged: true, dry_run: true, workers: 2 } }) });
    assert.equal(res.status, 201);
    const location = res.headers.get('location')!;
    assert.match(location, /^\/api\/v2\.0\/system\/gc\/\d+$/);
    const again = await api('/system/gc/schedule', { method: 'POST', headers: ADMIN, body: body({ schedule: { type: 'Manual' } }) });
    assert.equal(again.status, 409);
    const id = Number(location.split('/').pop());
    const one = await json<Record<string, unknown>>(await fetch(`${core.url}${location}`, { headers: ADMIN }));
    assert.equal(one.id, id);
    assert.equal(one.job_name, 'GARBAGE_COLLECTION');
    assert.equal(one.job_kind, 'MANUAL');
    assert.equal(one.job_status, 'Running');
    assert.deepEqual(JSON.parse(String(one.job_parameters)), { delete_untagged: true, dry_run: true, workers: 2, time_window: 2 });
    const list = await api('/system/gc?page_size=10', { headers: ADMIN });
    assert.equal(list.headers.get('x-total-count'), '1');
    assert.deepEqual((await json<Array<{ id: number }>>(list)).map((h) => h.id), [id]);
    const log = await api(`/system/gc/${id}/log`, { headers: ADMIN });
    assert.equal(log.status, 200);
    assert.match(log.headers.get('content-type')!, /text\/plain/);

    const queues = await json<Array<{ job_type: string; count: number; paused: boolean }>>(await api('/jobservice/queues', { headers: ADMIN }));
    assert.equal(queues.find((q) => q.job_type === 'GARBAGE_COLLECTION')?.count, 1);

    // stopping a run that has not started removes its job and records it as Stopped
    assert.equal((await api(`/system/gc/${id}`, { method: 'PUT', headers: ADMIN })).status, 200);
    const stopped = await json<{ job_status: string }>(await api(`/system/gc/${id}`, { headers: ADMIN }));
    assert.equal(stopped.job_status, 'Stopped');
    const after = await json<Array<{ job_type: string; count: number }>>(await api('/jobservice/queues', { headers: ADMIN }));
    assert.equal(after.find((q) => q.job_type === 'GARBAGE_COLLECTION')?.count, 0);
  });

  test('the GC schedule: created, read back with its cron and next run, listed under /schedules, removed with None', async () => {
    assert.deepEqual(await json(await api('/system/gc/schedule', { headers: ADMIN })), {});
    const create = await api('/system/gc/schedule', { method: 'POST', headers: ADMIN, body: body({ schedule: { type: 'Custom', cron: '0 0 3 * * 6' }, parameters: { delete_untagged: false } }) });
    assert.equal(create.status, 201);
    assert.equal(create.headers.get('location'), null);
    const s = await json<{ schedule: { type: string; cron: string; next_scheduled_time?: string }; parameters: Record<string, unknown> }>(await api('/system/gc/schedule', { headers: ADMIN }));
    assert.equal(s.schedule.type, 'Custom');
    assert.equal(s.schedule.cron, '0 0 3 * * 6');
    assert.ok(s.schedule.next_scheduled_time && Date.parse(s.schedule.next_scheduled_time) > Date.now());
    assert.equal(s.parameters.delete_untagged, false);
    assert.equal((await api('/system/gc/schedule', { method: 'PUT', headers: ADMIN, body: body({ schedule: { type: 'Daily' } }) })).status, 200);
    const daily = await json<{ schedule: { type: string; cron: string } }>(await api('/system/gc/schedule', { headers: ADMIN }));
    assert.deepEqual([daily.schedule.type, daily.schedule.cron], ['Daily', '0 0 0 * * *']);
    const schedules = await json<Array<{ vendor_type: string; vendor_id: number; cron: string }>>(await api('/schedules', { headers: ADMIN }));
    assert.deepEqual(schedules.map((x) => [x.vendor_type, x.vendor_id, x.cron]), [['GARBAGE_COLLECTION', -1, '0 0 0 * * *']]);
    assert.deepEqual(await json(await api('/schedules/all/paused', { headers: ADMIN })), { paused: false });
    assert.equal((await api('/system/gc/schedule', { method: 'PUT', headers: ADMIN, body: body({ schedule: { type: 'None' } }) })).status, 200);
    assert.deepEqual(await json(await api('/system/gc/schedule', { headers: ADMIN })), {});
  });

  test('bad input: crons, parameters, ids, actions and job types are 4xx with Harbor\'s error body', async () => {
    const post = (b: unknown, path = '/system/gc/schedule') => api(path, { method: 'POST', headers: ADMIN, body: body(b) });
    assert.equal((await post({ schedule: { type: 'Custom', cron: '* * *' } })).status, 400);
    assert.equal((await post({ schedule: { type: 'Custom' } })).status, 400);
    assert.equal((await post({ schedule: { type: 'Hourly' }, parameters: { workers: 9 } })).status, 400);
    assert.equal((await post({ schedule: { type: 'Sometimes' } })).status, 400);
    assert.equal((await post({})).status, 400);
    assert.equal((await post({ schedule: { type: 'Manual' }, parameters: {} }, '/system/purgeaudit/schedule')).status, 400, 'audit_retention_hour is required');
    const notFound = await api('/system/gc/99999', { headers: ADMIN });
    assert.equal(notFound.status, 404);
    assert.match(JSON.stringify(await notFound.json()), /NOT_FOUND/);
    assert.equal((await api('/system/gc/abc', { headers: ADMIN })).status, 422);
    assert.equal((await api('/jobservice/queues/GARBAGE_COLLECTION', { method: 'PUT', headers: ADMIN, body: body({ action: 'explode' }) })).status, 422);
    assert.equal((await api('/jobservice/queues/NO_SUCH_JOB', { method: 'PUT', headers: ADMIN, body: body({ action: 'pause' }) })).status, 404);
    assert.equal((await api('/jobservice/jobs/nope/log', { headers: ADMIN })).status, 404);
    assert.equal((await api('/jobservice/pools/nope/workers', { headers: ADMIN })).status, 404);
  });

  test('queues pause and resume; the purge history and schedule work the same way', async () => {
    const put = (action: string) => api('/jobservice/queues/PURGE_AUDIT_LOG', { method: 'PUT', headers: ADMIN, body: body({ action }) });
    assert.equal((await put('pause')).status, 200);
    let q = await json<Array<{ job_type: string; paused: boolean }>>(await api('/jobservice/queues', { headers: ADMIN }));
    assert.equal(q.find((x) => x.job_type === 'PURGE_AUDIT_LOG')?.paused, true);
    const run = await api('/system/purgeaudit/schedule', { method: 'POST', headers: ADMIN, body: body({ schedule: { type: 'Manual' }, parameters: { audit_retention_hour: 24, include_operations: 'create,pull', dry_run: true } }) });
    assert.equal(run.status, 201);
    const id = Number(run.headers.get('location')!.split('/').pop());
    const hist = await json<Array<{ id: number; job_name: string; job_status: string }>>(await api('/system/purgeaudit', { headers: ADMIN }));
    assert.deepEqual(hist.map((h) => [h.id, h.job_name]), [[id, 'PURGE_AUDIT_LOG']]);
    assert.equal((await put('stop')).status, 200, 'stop drops the queued backlog');
    assert.equal((await json<{ job_status: string }>(await api(`/system/purgeaudit/${id}`, { headers: ADMIN }))).job_status, 'Stopped');
    assert.equal((await put('resume')).status, 200);
    q = await json<Array<{ job_type: string; paused: boolean }>>(await api('/jobservice/queues', { headers: ADMIN }));
    assert.equal(q.find((x) => x.job_type === 'PURGE_AUDIT_LOG')?.paused, false);
    assert.deepEqual(await json(await api('/jobservice/pools', { headers: ADMIN })), [], 'no jobservice running in this test');
  });

  test('only system administrators: others 403, anonymous 401; changes are audited', async () => {
    for (const [method, path] of [['GET', '/system/gc'], ['POST', '/system/gc/schedule'], ['GET', '/jobservice/queues'], ['GET', '/schedules'], ['GET', '/system/purgeaudit/schedule']]) {
      const init = { method, headers: ALICE, body: method === 'POST' ? body({ schedule: { type: 'Manual' } }) : undefined };
      assert.equal((await api(path, init)).status, 403, `${method} ${path} as a user`);
      assert.equal((await api(path, { method, headers: { 'Content-Type': 'application/json' }, body: init.body })).status, 401, `${method} ${path} anonymously`);
    }
    const logs = await json<Array<{ resource_type: string; operation: string }>>(await api('/audit-logs?page_size=100', { headers: ADMIN }));
    assert.ok(logs.some((l) => l.resource_type === 'garbage_collection' && l.operation === 'create'));
    assert.ok(logs.some((l) => l.resource_type === 'job_queue'));
  });
});
