// Asynchronous work through the whole suite (npm start's path: core, jobservice, registry, proxy) with the
// real docker engine: a webhook receiver started here gets PUSH_ARTIFACT in Default and CloudEvents form
// after a docker push, and garbage collection started through the API frees the deleted image's bytes on
// disk while the image still tagged stays pullable.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HarborClient } from '@harbor/client';
import { buildTestImage, makeTempDir, removeDir, startDockerd, startHarborSuite, type Dockerd, type HarborSuite, type TestImage } from '@harbor/testkit';

const STEP = { timeout: 180_000 };

interface Received { headers: IncomingHttpHeaders; body: Record<string, unknown> }

describe('jobs through the suite', () => {
  let suite: HarborSuite;
  let dockerd: Dockerd;
  let image: TestImage;
  /** A second image whose 3 MiB layer only it has (seeded differently). */
  let other: TestImage;
  let work: string;
  let admin: HarborClient;
  let receiver: Server;
  let receiverUrl: string;
  const received: Received[] = [];

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${suite.url}/api/v2.0${path}`, {
      method, headers: { Authorization: `Basic ${Buffer.from('admin:Harbor12345').toString('base64')}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, location: res.headers.get('location'), json: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) as unknown : text };
  };
  const push = async (repo: string, tag: string, from: TestImage = image) => {
    const target = `${suite.host}/${repo}:${tag}`;
    await dockerd.docker(['tag', from.dockerRef!, target]);
    const { stdout } = await dockerd.docker(['push', target], { timeoutMs: 120_000 });
    return /digest: (sha256:[0-9a-f]{64})/.exec(stdout)![1];
  };
  const until = async <T>(what: string, fn: () => Promise<T | undefined>, ms = 30_000): Promise<T> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = await fn();
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  before(async () => {
    work = makeTempDir('e2e-jobs');
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString() || '{}') as Record<string, unknown> });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    const started = await Promise.allSettled([startHarborSuite(), startDockerd(), buildTestImage(work, { tag: '1.0', dockerArchive: true }),
      buildTestImage(`${work}/other`, { tag: '2.0', dockerArchive: 'harbor-test/other', extraBytes: 3 << 20, seed: 'gc-drop' })]);
    if (started[0].status === 'fulfilled') suite = started[0].value;
    if (started[1].status === 'fulfilled') dockerd = started[1].value;
    for (const r of started) if (r.status === 'rejected') throw r.reason;
    image = (started[2] as PromiseFulfilledResult<TestImage>).value;
    other = (started[3] as PromiseFulfilledResult<TestImage>).value;
    await dockerd.docker(['load', '-i', image.dockerArchive!]);
    await dockerd.docker(['load', '-i', other.dockerArchive!]);
    await dockerd.docker(['login', '-u', 'admin', '--password-stdin', suite.host], { input: 'Harbor12345' });
    admin = new HarborClient({ baseUrl: suite.url, basic: { username: 'admin', password: 'Harbor12345' } });
  });

  after(async () => {
    await dockerd?.stop();
    await suite?.stop();
    await new Promise((r) => receiver?.close(r));
    if (work) removeDir(work);
  });

  test('a docker push reaches a webhook receiver as PUSH_ARTIFACT, in Default and in CloudEvents form', STEP, async () => {
    await admin.createProject({ project_name: 'hooks' });
    for (const [name, format] of [['default-hook', 'Default'], ['cloud-hook', 'CloudEvents']]) {
      const res = await call('POST', '/projects/hooks/webhook/policies', {
        name, enabled: true, event_types: ['PUSH_ARTIFACT'],
        targets: [{ type: 'http', address: `${receiverUrl}/${format}`, auth_header: 'Bearer s3cret', payload_format: format }],
      });
      assert.equal(res.status, 201, JSON.stringify(res.json));
    }
    const digest = await push('hooks/app', 'v1');
    await until('two deliveries', async () => (received.length >= 2 ? true : undefined));
    const def = received.find((r) => r.body.type === 'PUSH_ARTIFACT');
    assert.ok(def, JSON.stringify(received.map((r) => r.body)));
    assert.equal(def.headers.authorization, 'Bearer s3cret');
    const data = def.body.event_data as { resources: Array<{ digest: string; tag: string }>; repository: { repo_full_name: string; namespace: string } };
    assert.equal(data.resources[0].digest, digest);
    assert.equal(data.resources[0].tag, 'v1');
    assert.equal(data.repository.repo_full_name, 'hooks/app');
    assert.equal(data.repository.namespace, 'hooks');
    assert.equal(def.body.operator, 'admin');
    const cloud = received.find((r) => r.body.type === 'harbor.artifact.pushed' || r.headers['ce-type'] === 'harbor.artifact.pushed');
    assert.ok(cloud, 'a CloudEvents delivery');
    assert.equal(cloud.body.specversion ?? cloud.headers['ce-specversion'], '1.0');
    const policies = (await call('GET', '/projects/hooks/webhook/policies')).json as Array<{ id: number }>;
    const executions = (await call('GET', `/projects/hooks/webhook/policies/${policies[0].id}/executions`)).json as Array<{ status: string }>;
    assert.deepEqual(executions.map((e) => e.status), ['Success']);
  });

  test('GC frees the bytes of a deleted image on disk; the tagged one stays pullable', STEP, async () => {
    await admin.createProject({ project_name: 'sweep' });
    await push('sweep/keep', 'v1');
    await push('sweep/drop', 'v1', other);
    const before = diskBytes(suite.storageDir);
    assert.equal((await call('DELETE', '/projects/sweep/repositories/drop')).status, 200);
    const run = await call('POST', '/system/gc/schedule', { schedule: { type: 'Manual' }, parameters: { delete_untagged: false, time_window: 0, workers: 2 } });
    assert.equal(run.status, 201, JSON.stringify(run.json));
    const id = run.location!.split('/').pop();
    const done = await until('GC to finish', async () => {
      const r = (await call('GET', `/system/gc/${id}`)).json as { job_status: string };
      return ['Success', 'Error', 'Stopped'].includes(r.job_status) ? r.job_status : undefined;
    }, 60_000);
    assert.equal(done, 'Success');
    const log = (await call('GET', `/system/gc/${id}/log`)).json as string;
    assert.match(log, /deleted \d+ blobs/);
    const metrics = await (await fetch(`${suite.jobserviceUrl}/metrics`)).text();
    assert.match(metrics, /harbor_jobservice_job_runs_total\{type="GARBAGE_COLLECTION",status="Success"\} 1/);
    const afterBytes = diskBytes(suite.storageDir);
    assert.ok(before - afterBytes >= 3 << 20, `the 3 MiB layer is freed: disk ${before} → ${afterBytes}`);
    await dockerd.docker(['rmi', '-f', `${suite.host}/sweep/keep:v1`]).catch(() => undefined);
    const pulled = await dockerd.docker(['pull', `${suite.host}/sweep/keep:v1`], { timeoutMs: 120_000 });
    assert.match(pulled.stdout, /Digest: sha256:/);
  });
});

function diskBytes(dir: string): number {
  return Number(execFileSync('du', ['-sb', dir]).toString().split('\t')[0]);
}
