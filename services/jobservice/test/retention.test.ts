// Tag retention against the real registry (images pushed over HTTP) and PostgreSQL: a dry run changes
// nothing but reports what it would do; a real run deletes exactly what the rules say — latestPushedK
// keeps the newest tags of a covered repository, an immutable tag stays, repositories the rules do not
// cover are untouched — with accessories and untagged index children going along and the project's
// blob claims released; a missing policy fails without retries.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import type { PolicyRule, RetentionPolicy } from '@harbor/contracts';
import { startHarborRegistry, type HarborRegistry } from '@harbor/testkit';
import { retentionHandler } from '../src/handlers/retention.js';
import { deleteArtifact } from '../src/store/artifact-delete.sql.js';
import { startJobWorld, type JobWorld } from './helpers.js';

const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const OCI = 'application/vnd.oci.image.manifest.v1+json';
const INDEX = 'application/vnd.oci.image.index.v1+json';
const HOUR = 3_600_000;

const rule = (template: string, params: Record<string, unknown>, repoPattern = '**', extra: Partial<PolicyRule> = {}): PolicyRule => ({
  disabled: false, action: 'retain', template, params,
  tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: '**', extras: '{"untagged":true}' }],
  scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: repoPattern }] },
  ...extra,
});

describe('tag retention', () => {
  let w: JobWorld;
  let reg: HarborRegistry;

  before(async () => {
    w = await startJobWorld();
    reg = await startHarborRegistry({ databaseUrl: w.database.url });
    await w.runtime({ RETENTION: retentionHandler(w.db) as never });
  });
  after(async () => {
    await reg?.stop();
    await w?.close();
  });

  async function pushBlob(repo: string, data: Buffer): Promise<string> {
    const digest = sha(data);
    const res = await fetch(`${reg.url}/v2/${repo}/blobs/uploads/?digest=${digest}`, { method: 'POST', body: data, headers: { 'Content-Type': 'application/octet-stream' } });
    assert.equal(res.status, 201, await res.text());
    return digest;
  }

  async function putManifest(repo: string, ref: string, body: Buffer, type: string): Promise<string> {
    const res = await fetch(`${reg.url}/v2/${repo}/manifests/${ref}`, { method: 'PUT', body, headers: { 'Content-Type': type } });
    assert.equal(res.status, 201, await res.text());
    return sha(body);
  }

  /** An image with its own layer; by tag, or by digest when `tag` is null. Its manifest digest and size. */
  async function pushImage(repo: string, tag: string | null, extra: Record<string, unknown> = {}): Promise<{ digest: string; size: number; layer: string }> {
    const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', nonce: randomBytes(8).toString('hex') }));
    const layerData = randomBytes(512);
    const [configDigest, layer] = [await pushBlob(repo, config), await pushBlob(repo, layerData)];
    const body = Buffer.from(JSON.stringify({
      schemaVersion: 2, mediaType: OCI,
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: layer, size: layerData.length }],
      ...extra,
    }));
    const digest = await putManifest(repo, tag ?? sha(body), body, OCI);
    return { digest, size: body.length, layer };
  }

  /** Sets when an artifact (and its tags) was pushed, `hoursAgo` before now. */
  const pushedAgo = (digest: string, hoursAgo: number) => w.db.query(
    `WITH a AS (UPDATE artifact SET push_time = now() - make_interval(hours => $2) WHERE digest = $1 RETURNING id)
     UPDATE tag SET push_time = now() - make_interval(hours => $2) WHERE artifact_id IN (SELECT id FROM a)`, [digest, hoursAgo]);
  const projectId = async (name: string) => (await w.db.query<{ id: number }>('SELECT id FROM project WHERE name = $1', [name])).rows[0]!.id;
  const addPolicy = async (project: string, rules: PolicyRule[]) => {
    const id = await projectId(project);
    const data: RetentionPolicy = { algorithm: 'or', rules, trigger: { kind: 'Schedule', settings: { cron: '' } }, scope: { level: 'project', ref: id } };
    const { rows } = await w.db.query<{ id: number }>(
      `INSERT INTO retention_policy (scope_level, scope_reference, trigger_kind, data) VALUES ('project', $1, 'Schedule', $2) RETURNING id`, [String(id), JSON.stringify(data)]);
    return rows[0]!.id;
  };
  const run = async (policyId: number, dryRun: boolean) => {
    const { taskId, jobId } = await w.run('RETENTION', { policy_id: policyId, dry_run: dryRun });
    const task = await w.waitTask(taskId, ['Success', 'Error', 'Stopped'], 30_000);
    return { task, attrs: (task.extra_attrs ?? {}) as Record<string, unknown>, log: (await w.store.log(jobId)) ?? '' };
  };
  const tagsOf = async (repo: string) =>
    (await w.db.query<{ name: string }>('SELECT t.name FROM tag t JOIN repository r ON r.id = t.repository_id WHERE r.name = $1 ORDER BY t.name', [repo])).rows.map((r) => r.name);
  const artifactCount = async (repo: string) => (await w.db.query<{ n: number }>('SELECT count(*)::int AS n FROM artifact WHERE repository_name = $1', [repo])).rows[0]!.n;
  const pull = (repo: string, ref: string) => fetch(`${reg.url}/v2/${repo}/manifests/${ref}`, { headers: { Accept: `${OCI}, ${INDEX}` } }).then(async (r) => { await r.arrayBuffer(); return r.status; });

  test('latestPushedK 2: the dry run changes nothing; the run keeps the two newest and the immutable tag, in covered repositories only', async () => {
    const v: Record<string, string> = {};
    for (const [i, tag] of ['v1', 'v2', 'v3', 'v4'].entries()) {
      v[tag] = (await pushImage('ret/app', tag)).digest;
      await pushedAgo(v[tag], 10 - i);
    }
    // v4 also answers to "latest": one candidate with two tags
    const m = await fetch(`${reg.url}/v2/ret/app/manifests/v4`, { headers: { Accept: OCI } });
    await putManifest('ret/app', 'latest', Buffer.from(await m.arrayBuffer()), OCI);
    await pushedAgo(v.v4, 6);
    for (const tag of ['a', 'b', 'c']) await pushedAgo((await pushImage('ret/other', tag)).digest, 20);
    const pid = await projectId('ret');
    await w.db.query(`INSERT INTO immutable_tag_rule (project_id, tag_filter, disabled) VALUES ($1, $2, false)`, [pid, JSON.stringify({
      template: 'immutable_template', action: 'immutable',
      tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: 'v1' }],
      scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] },
    })]);
    // a disabled immutability rule protects nothing
    await w.db.query(`INSERT INTO immutable_tag_rule (project_id, tag_filter, disabled) VALUES ($1, $2, true)`, [pid, JSON.stringify({
      template: 'immutable_template', tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: 'v2' }],
      scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] },
    })]);
    const policy = await addPolicy('ret', [rule('latestPushedK', { latestPushedK: 2 }, 'app')]);

    const dry = await run(policy, true);
    assert.equal(dry.task.status, 'Success', dry.task.status_message);
    assert.deepEqual([dry.attrs.dry_run, dry.attrs.total, dry.attrs.retained, dry.attrs.deleted, dry.attrs.immutable], [true, 4, 3, 1, 1]);
    assert.equal(dry.attrs.repository, 'ret/app');
    assert.deepEqual(await tagsOf('ret/app'), ['latest', 'v1', 'v2', 'v3', 'v4'], 'a dry run deletes nothing');
    assert.match(dry.log, /Repository ret\/app: 4 candidates, 3 retained, 1 to delete \(dry run\)/);
    assert.match(dry.log, /\| ret\/app:v2 +\| sha256:[0-9a-f]{12} \| \d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \| - +\| DEL +\|/);
    assert.match(dry.log, /\| ret\/app:v1 .*\| IMMUTABLE \|/);
    assert.match(dry.log, /\| ret\/app:latest,v4 .*\| RETAIN +\|/);

    const real = await run(policy, false);
    assert.equal(real.task.status, 'Success', real.task.status_message);
    assert.deepEqual([real.attrs.dry_run, real.attrs.total, real.attrs.retained, real.attrs.deleted], [false, 4, 3, 1]);
    assert.deepEqual(await tagsOf('ret/app'), ['latest', 'v1', 'v3', 'v4']);
    assert.equal(await artifactCount('ret/app'), 3);
    assert.match(real.log, new RegExp(`Deleted ret/app@${v.v2} \\(tags v2\\)`));
    assert.deepEqual(await tagsOf('ret/other'), ['a', 'b', 'c'], 'a repository no rule covers is left alone');
    assert.equal(await pull('ret/app', 'v2'), 404);
    assert.equal(await pull('ret/app', v.v2), 404);
    for (const tag of ['v1', 'v3', 'v4', 'latest']) assert.equal(await pull('ret/app', tag), 200, tag);

    // a second run finds nothing more to do
    const again = await run(policy, false);
    assert.deepEqual([again.attrs.total, again.attrs.deleted], [3, 0]);
  });

  test('deleted artifacts take their accessories and untagged index children; blob claims are released; untagged artifacts count', async () => {
    const child1 = await pushImage('multi/app', null);
    const child2 = await pushImage('multi/app', null);
    const index = Buffer.from(JSON.stringify({
      schemaVersion: 2, mediaType: INDEX,
      manifests: [child1, child2].map((c, i) => ({ mediaType: OCI, digest: c.digest, size: c.size, platform: { architecture: i ? 'arm64' : 'amd64', os: 'linux' } })),
    }));
    const indexDigest = await putManifest('multi/app', 'multi', index, INDEX);
    await pushedAgo(indexDigest, 5);
    const old = await pushImage('multi/app', 'old');
    await pushedAgo(old.digest, 8);
    const sig = await pushImage('multi/app', null, { artifactType: 'application/vnd.dev.cosign.artifact.sig.v1+json', subject: { mediaType: OCI, digest: old.digest, size: old.size } });
    const loose = await pushImage('multi/app', null);
    await pushedAgo(loose.digest, 9);
    const fresh = await pushImage('multi/app', 'fresh');
    await pushedAgo(fresh.digest, 1);
    const pid = await projectId('multi');
    const claimed = async (digest: string) => (await w.db.query(
      'SELECT 1 FROM project_blob pb JOIN blob b ON b.id = pb.blob_id WHERE pb.project_id = $1 AND b.digest = $2', [pid, digest])).rowCount;
    assert.equal(await claimed(child1.layer), 1);

    const policy = await addPolicy('multi', [rule('latestPushedK', { latestPushedK: 1 })]);
    const out = await run(policy, false);
    assert.equal(out.task.status, 'Success', out.task.status_message);
    // candidates: the index, old, the untagged loose image and fresh (children and the signature are not)
    assert.deepEqual([out.attrs.total, out.attrs.retained, out.attrs.deleted], [4, 1, 3]);
    const { rows } = await w.db.query<{ digest: string }>('SELECT digest FROM artifact WHERE repository_name = $1', ['multi/app']);
    assert.deepEqual(rows.map((r) => r.digest), [fresh.digest], 'index, children, signature and the untagged image are gone');
    assert.deepEqual(await tagsOf('multi/app'), ['fresh']);
    assert.equal(await claimed(child1.layer), 0, 'the project no longer claims the deleted layers');
    assert.equal(await claimed(fresh.layer), 1);
    assert.match(out.log, new RegExp(`Deleted multi/app@${indexDigest} \\(tags multi\\) with 2 accessories and children`));
    assert.match(out.log, new RegExp(`Deleted multi/app@${old.digest} \\(tags old\\) with 1 accessories and children`));
    assert.ok(!out.log.includes(sig.digest.slice(7, 19)), 'the signature is not a candidate');
  });

  test('an artifact re-tagged since it was judged, or one an index refers to, is kept', async () => {
    const img = await pushImage('guard/app', 'one');
    const [{ id }] = (await w.db.query<{ id: number }>('SELECT id FROM artifact WHERE digest = $1', [img.digest])).rows;
    assert.deepEqual(await deleteArtifact(w.db, id, ['other']), { kind: 'changed', tags: ['one'] });
    const child = await pushImage('guard/app', 'child');
    await putManifest('guard/app', 'idx', Buffer.from(JSON.stringify({
      schemaVersion: 2, mediaType: INDEX, manifests: [{ mediaType: OCI, digest: child.digest, size: child.size, platform: { architecture: 'amd64', os: 'linux' } }],
    })), INDEX);
    const [{ id: childId }] = (await w.db.query<{ id: number }>('SELECT id FROM artifact WHERE digest = $1', [child.digest])).rows;
    assert.deepEqual(await deleteArtifact(w.db, childId, ['child']), { kind: 'referenced' });
    assert.deepEqual(await deleteArtifact(w.db, 987654321, []), { kind: 'gone' });
    assert.deepEqual((await deleteArtifact(w.db, id, ['one'])).kind, 'deleted');
  });

  test('a scheduled run (as core schedules a policy) becomes a SCHEDULE execution of the policy', async () => {
    await pushImage('timed/app', 'a');
    const policy = await addPolicy('timed', [rule('always', {})]);
    const scheduler = `RETENTION:${policy}`;
    await w.queues.schedule(scheduler, 'RETENTION', '* * * * * *', { vendor_type: 'RETENTION', vendor_id: policy, params: { policy_id: policy, dry_run: false } });
    try {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const { rows } = await w.db.query<{ status: string; trigger: string }>(
          `SELECT status, trigger FROM execution WHERE vendor_type = 'RETENTION' AND vendor_id = $1 AND status <> 'Running'`, [policy]);
        if (rows.length) {
          assert.deepEqual([rows[0].status, rows[0].trigger], ['Success', 'SCHEDULE']);
          break;
        }
        assert.ok(Date.now() < deadline, 'no scheduled run finished');
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      await w.queues.unschedule(scheduler, 'RETENTION');
    }
    assert.deepEqual(await tagsOf('timed/app'), ['a']);
  });

  test('a policy that is gone, or cannot be evaluated, fails at once without retries', async () => {
    const gone = await run(424242, false);
    assert.equal(gone.task.status, 'Error');
    assert.match(gone.task.status_message, /retention policy 424242 not found/);
    assert.equal(gone.task.run_count, 1);
    await pushImage('broken/app', 'x');
    const policy = await addPolicy('broken', [rule('latestPushedK', {})]);
    const bad = await run(policy, false);
    assert.equal(bad.task.status, 'Error');
    assert.match(bad.task.status_message, /missing required parameter latestPushedK/);
    assert.equal(bad.task.run_count, 1);
    assert.deepEqual(await tagsOf('broken/app'), ['x']);
  });
});
