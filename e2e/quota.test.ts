// Project storage quotas through the whole stack with the real docker engine: the admin makes a project
// with a tiny storage_limit and one without a limit through /api/v2.0 (via the proxy). docker's push into
// the tiny project is refused with Harbor's quota message; into the unlimited one it succeeds, the quota
// shows the image's bytes, and pushing the same image to another repository of the project costs nothing.
// Once the admin raises the tiny project's limit (PUT /quotas/{id}), the push goes through.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestImage, CommandError, makeTempDir, removeDir, startDockerd, startHarborSuite, type Dockerd, type HarborSuite, type TestImage } from '@harbor/testkit';
import { HarborApi } from './harbor-api.js';

const STEP = { timeout: 180_000 };

interface Quota { id: number; hard: { storage: number }; used: { storage: number } }

describe('project storage quotas with docker through the proxy', () => {
  let suite: HarborSuite;
  let dockerd: Dockerd;
  let image: TestImage;
  let api: HarborApi;
  let work: string;

  const ref = (repo: string, tag = '1.0') => `${suite.host}/${repo}:${tag}`;
  const docker = (args: string[], input?: string) => dockerd.docker(args, { input, timeoutMs: 120_000 });
  const push = async (target: string) => {
    await docker(['tag', image.dockerRef!, target]);
    return (await docker(['push', target])).stdout;
  };
  const pushFails = async (target: string): Promise<string> => {
    await docker(['tag', image.dockerRef!, target]);
    try {
      await docker(['push', target]);
    } catch (e) {
      if (e instanceof CommandError) return `${e.stdout}\n${e.stderr}`;
      throw e;
    }
    assert.fail(`docker push ${target} succeeded`);
  };
  const quotaOf = async (project: string): Promise<Quota> => {
    const [row] = await suite.sql('SELECT id FROM project WHERE name = $1', [project]);
    const res = await api.call('GET', `/quotas?reference=project&reference_id=${row!.id}`, api.admin);
    assert.equal(res.status, 200);
    const list = res.json as Quota[];
    assert.equal(list.length, 1);
    return list[0]!;
  };

  before(async () => {
    work = makeTempDir('e2e-quota');
    // Settled one by one, so whatever did start is still stopped in `after` when another part fails.
    const [s, d, i] = await Promise.allSettled([startHarborSuite(), startDockerd(), buildTestImage(work, { tag: '1.0', dockerArchive: true })]);
    if (s.status === 'fulfilled') suite = s.value;
    if (d.status === 'fulfilled') dockerd = d.value;
    for (const r of [s, d, i]) if (r.status === 'rejected') throw r.reason;
    image = (i as PromiseFulfilledResult<TestImage>).value;
    api = new HarborApi(suite.url);
    await docker(['load', '-i', image.dockerArchive!]);
    for (const [name, limit] of [['tiny', 10], ['roomy', -1]] as const) {
      const res = await api.call('POST', '/projects', api.admin, { project_name: name, storage_limit: limit });
      assert.equal(res.status, 201, `${name}: ${JSON.stringify(res.json)}`);
    }
    const { stdout } = await docker(['login', '-u', 'admin', '--password-stdin', suite.host], 'Harbor12345');
    assert.match(stdout, /Login Succeeded/);
  });
  after(async () => {
    await dockerd?.stop();
    await suite?.stop();
    if (work) removeDir(work);
  });

  test('a push into a project with a tiny limit fails with the quota message', STEP, async () => {
    const out = await pushFails(ref('tiny/app'));
    assert.match(out, /denied: adding \S+ \S+ of storage resource, which when updated to current usage of 0 B will exceed the configured upper limit of 10 B\./, out);
    const quota = await quotaOf('tiny');
    assert.deepEqual([quota.hard.storage, quota.used.storage], [10, 0], 'nothing stored');
  });

  test('a push into an unlimited project succeeds; the same image again in another repository costs nothing', STEP, async () => {
    const pushed = /digest: (sha256:[0-9a-f]{64})/.exec(await push(ref('roomy/app')));
    assert.ok(pushed);
    const used = (await quotaOf('roomy')).used.storage;
    const [{ bytes }] = await suite.sql(
      `SELECT sum(b.size)::text AS bytes FROM blob b WHERE b.digest IN (SELECT digest_blob FROM artifact_blob WHERE digest_af = $1)`, [pushed[1]]) as Array<{ bytes: string }>;
    assert.equal(used, Number(bytes), 'config, layers and manifest, each once');
    await push(ref('roomy/copy'));
    assert.equal((await quotaOf('roomy')).used.storage, used, 'de-duplicated within the project');
  });

  test('once the admin raises the limit, the push goes through', STEP, async () => {
    const quota = await quotaOf('tiny');
    const res = await api.call('PUT', `/quotas/${quota.id}`, api.admin, { hard: { storage: 100 * 1024 * 1024 } });
    assert.equal(res.status, 200);
    // The registry reads project limits through a cache of a few seconds.
    await new Promise((r) => setTimeout(r, 5_500));
    assert.match(await push(ref('tiny/app')), /digest: sha256:[0-9a-f]{64}/);
    assert.ok((await quotaOf('tiny')).used.storage > 0);
  });
});
