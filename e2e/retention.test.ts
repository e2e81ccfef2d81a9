// Tag retention through the whole suite (core, jobservice, registry, proxy) with the real docker engine:
// a project's maintainer pushes four images, creates a policy through /api/v2.0 that keeps the two most
// recently pushed, runs it dry (nothing goes) and for real; the jobservice deletes the two oldest, whose
// `docker pull` then fails while the kept tags still pull; the run, its task and its log read back
// through the API.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildTestImage, CommandError, makeTempDir, removeDir, startDockerd, startHarborSuite, type Dockerd, type HarborSuite, type TestImage } from '@harbor/testkit';
import { basic, HarborApi } from './harbor-api.js';

const STEP = { timeout: 180_000 };
const PASSWORD = 'Passw0rd!';
const TAGS = ['v1', 'v2', 'v3', 'v4'];

describe('tag retention with docker through the proxy', () => {
  let suite: HarborSuite;
  let dockerd: Dockerd;
  let images: TestImage[] = [];
  let api: HarborApi;
  let work: string;
  let policyId: number;
  const keeper = basic('tidier', PASSWORD);

  const docker = (args: string[], input?: string) => dockerd.docker(args, { input, timeoutMs: 120_000 });
  const ref = (tag: string) => `${suite.host}/tidy/app:${tag}`;
  const pullFails = async (tag: string): Promise<string> => {
    await docker(['rmi', '-f', ref(tag)]).catch(() => undefined);
    try {
      await docker(['pull', ref(tag)]);
    } catch (e) {
      if (e instanceof CommandError) return `${e.stdout}\n${e.stderr}`;
      throw e;
    }
    assert.fail(`docker pull ${ref(tag)} succeeded`);
  };
  const pulls = async (tag: string) => {
    await docker(['rmi', '-f', ref(tag)]).catch(() => undefined);
    assert.match((await docker(['pull', ref(tag)])).stdout, /Digest: sha256:/);
  };
  /** Starts a run and waits for it to finish; the finished execution. */
  const runPolicy = async (dryRun: boolean) => {
    const started = await fetch(`${suite.url}/api/v2.0/retentions/${policyId}/executions`, {
      method: 'POST', headers: { ...keeper, 'Content-Type': 'application/json' }, body: JSON.stringify({ dry_run: dryRun }),
    });
    assert.equal(started.status, 201, await started.text());
    const eid = Number(/\/executions\/(\d+)$/.exec(started.headers.get('location') ?? '')![1]);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const list = await api.call('GET', `/retentions/${policyId}/executions`, keeper);
      const e = (list.json as Array<{ id: number; status: string; dry_run: boolean }>).find((x) => x.id === eid);
      if (e && e.status !== 'Running') return e;
      if (Date.now() > deadline) throw new Error(`retention run ${eid} is still ${e?.status}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  };
  const taskOf = async (eid: number) => {
    const tasks = await api.call('GET', `/retentions/${policyId}/executions/${eid}/tasks`, keeper);
    assert.equal(tasks.status, 200);
    const [task] = tasks.json as Array<{ id: number; status: string; total: number; retained: number; repository: string }>;
    const log = await fetch(`${suite.url}/api/v2.0/retentions/${policyId}/executions/${eid}/tasks/${task.id}`, { headers: keeper });
    assert.equal(log.status, 200);
    return { task, log: await log.text() };
  };

  // A webhook receiver for the project's TAG_RETENTION notifications.
  const hooks: Array<Record<string, unknown>> = [];
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => { hooks.push(JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>); res.writeHead(200).end(); });
  });

  before(async () => {
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    work = makeTempDir('e2e-retention');
    const started = await Promise.allSettled([
      startHarborSuite(),
      startDockerd(),
      ...TAGS.map((t) => buildTestImage(`${work}/${t}`, { tag: '1.0', dockerArchive: `harbor-test/ret-${t}`, labels: { build: t } })),
    ]);
    if (started[0].status === 'fulfilled') suite = started[0].value;
    if (started[1].status === 'fulfilled') dockerd = started[1].value;
    for (const r of started) if (r.status === 'rejected') throw r.reason;
    images = started.slice(2).map((r) => (r as PromiseFulfilledResult<TestImage>).value);
    api = new HarborApi(suite.url);
    for (const image of images) await docker(['load', '-i', image.dockerArchive!]);
    await api.createProject('tidy');
    await api.createUser('tidier', PASSWORD);
    await api.addMember('tidy', 'tidier', 4);
    const hook = await api.call('POST', '/projects/tidy/webhook/policies', api.admin, {
      name: 'retention-hook', enabled: true, event_types: ['TAG_RETENTION'],
      targets: [{ type: 'http', address: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, payload_format: 'Default' }],
    });
    assert.equal(hook.status, 201, JSON.stringify(hook.json));
    assert.match((await docker(['login', '-u', 'tidier', '--password-stdin', suite.host], PASSWORD)).stdout, /Login Succeeded/);
  });
  after(async () => {
    await new Promise((r) => receiver.close(r));
    await dockerd?.stop();
    await suite?.stop();
    if (work) removeDir(work);
  });

  test('a maintainer pushes four images and creates a policy keeping the two most recently pushed', STEP, async () => {
    for (const [i, tag] of TAGS.entries()) {
      await docker(['tag', images[i].dockerRef!, ref(tag)]);
      await docker(['push', ref(tag)]);
      // Harbor compares push times in whole seconds
      await new Promise((r) => setTimeout(r, 1_100));
    }
    const project = (await api.call('GET', '/projects/tidy', keeper)).json as { project_id: number };
    const created = await fetch(`${suite.url}/api/v2.0/retentions`, {
      method: 'POST', headers: { ...keeper, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        algorithm: 'or',
        rules: [{
          disabled: false, action: 'retain', template: 'latestPushedK', params: { latestPushedK: 2 },
          tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: '**', extras: '{"untagged":true}' }],
          scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] },
        }],
        trigger: { kind: 'Schedule', settings: { cron: '' } },
        scope: { level: 'project', ref: project.project_id },
      }),
    });
    assert.equal(created.status, 201, await created.text());
    policyId = Number(/\/retentions\/(\d+)$/.exec(created.headers.get('location') ?? '')![1]);
    const meta = await api.call('GET', '/projects/tidy/metadatas/retention_id', keeper);
    assert.deepEqual(meta.json, { retention_id: String(policyId) });
  });

  test('a dry run reports what would go and deletes nothing', STEP, async () => {
    const e = await runPolicy(true);
    assert.deepEqual([e.status, e.dry_run], ['Success', true]);
    const { task, log } = await taskOf(e.id);
    assert.deepEqual([task.status, task.total, task.retained, task.repository], ['Success', 4, 2, 'tidy/app']);
    assert.match(log, /tidy\/app: 4 candidates, 2 retained, 2 to delete \(dry run\)/);
    await pulls('v1');
  });

  test('the run deletes the two oldest: their docker pull fails, the kept tags still pull', STEP, async () => {
    const e = await runPolicy(false);
    assert.deepEqual([e.status, e.dry_run], ['Success', false]);
    const { task, log } = await taskOf(e.id);
    assert.deepEqual([task.total, task.retained], [4, 2]);
    assert.match(log, /Deleted tidy\/app@sha256:[0-9a-f]{64} \(tags v1\)/);
    assert.match(log, /Deleted tidy\/app@sha256:[0-9a-f]{64} \(tags v2\)/);
    for (const tag of ['v1', 'v2']) assert.match(await pullFails(tag), /not found|manifest unknown/i, tag);
    for (const tag of ['v3', 'v4']) await pulls(tag);
    const artifacts = await api.call('GET', '/projects/tidy/repositories/app/artifacts?with_tag=true', keeper);
    assert.deepEqual((artifacts.json as Array<{ tags: Array<{ name: string }> }>).flatMap((a) => a.tags.map((t) => t.name)).sort(), ['v3', 'v4']);
    // The deletions reach the audit log as the jobservice's delete events (read by core from the stream).
    const deadline = Date.now() + 20_000;
    let deletes: Array<{ username: string; resource: string }> = [];
    while (Date.now() < deadline) {
      const logs = await api.call('GET', `/audit-logs?q=${encodeURIComponent('operation=delete,username=tag-retention')}`, api.admin);
      deletes = logs.json as typeof deletes;
      if (deletes.length >= 2) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(deletes.length, 2, JSON.stringify(deletes));
    assert.ok(deletes.every((d) => d.resource.startsWith('tidy/app@sha256:')), JSON.stringify(deletes));
    // …and the run's end reaches the project's webhook as TAG_RETENTION (only the real run, not the dry one).
    while (hooks.length < 1 && Date.now() < deadline + 20_000) await new Promise((r) => setTimeout(r, 250));
    assert.equal(hooks.length, 1, JSON.stringify(hooks));
    const retention = (hooks[0].event_data as { retention: { total: number; retained: number; deleted_artifact: Array<{ name_tag: string }> } }).retention;
    assert.equal(hooks[0].type, 'TAG_RETENTION');
    assert.deepEqual([retention.total, retention.retained], [4, 2]);
    assert.deepEqual(retention.deleted_artifact.map((d) => d.name_tag).sort(), ['app:v1', 'app:v2']);
  });
});
