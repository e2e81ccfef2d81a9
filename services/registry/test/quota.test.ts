// Project storage quotas at push time (real PostgreSQL and Redis): blob uploads (chunked and monolithic),
// cross-repository mounts and manifest PUTs are refused with Harbor's 403 DENIED and message once they
// would take a project past its limit; blobs the project already holds cost nothing; unlimited and
// quota-less projects take anything; refusals and crossings of 85% become quota events on the stream.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { TokenMinter } from '@harbor/auth';
import { EVENT_STREAM_FIELD, RegistryEventSchema, type QuotaEvent, type RegistryEvent } from '@harbor/contracts';
import { createPool, type Pool } from '@harbor/db/sql';
import { generateSigningCert } from '@harbor/testkit';
import { Redis } from 'ioredis';
import { formatBytes } from '../src/domain/quotas/project-quotas.js';
import { pushBlob, sha256, startTestRegistry, type TestRegistry } from './helpers.js';

const SERVICE = 'harbor-registry';
const ISSUER = 'harbor-token-issuer';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

describe('project storage quotas', () => {
  const prefix = `registry-test-${randomBytes(6).toString('hex')}:`;
  let reg: TestRegistry;
  let db: Pool;
  let redis: Redis;
  let minter: TokenMinter;

  before(async () => {
    redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0');
    const cert = await generateSigningCert();
    minter = new TokenMinter({ issuer: ISSUER, privateKeyPem: cert.keyPem });
    reg = await startTestRegistry({
      auth: { token: { realm: 'http://127.0.0.1:1/service/token', service: SERVICE, issuer: ISSUER, rootcertbundle: cert.certPath } },
      redis: { addr: '127.0.0.1:6379', keyprefix: prefix },
    });
    db = createPool(reg.databaseUrl, { max: 2, application: 'quota-test' });
  });
  after(async () => {
    await db.end();
    await reg.stop();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  /** A project as core makes it, with a quota row (none when `hard` is undefined). */
  const project = async (name: string, hard?: number) => {
    const { rows } = await db.query<{ id: number }>('INSERT INTO project (name) VALUES ($1) RETURNING id', [name]);
    if (hard !== undefined) {
      await db.query(`INSERT INTO quota (reference, reference_id, hard) VALUES ('project', $1, $2::jsonb)`, [String(rows[0]!.id), JSON.stringify({ storage: hard })]);
    }
    return rows[0]!.id;
  };
  const used = async (name: string) => Number((await db.query<{ n: string }>(
    `SELECT coalesce(sum(b.size), 0)::text AS n FROM project_blob pb JOIN blob b ON b.id = pb.blob_id JOIN project p ON p.id = pb.project_id
     WHERE p.name = $1`, [name])).rows[0]!.n);
  /** Full rights on the repositories, as alice. */
  const as = (...repos: string[]) => ({
    Authorization: `Bearer ${minter.mint({ subject: 'alice', audience: SERVICE, access: repos.map((name) => ({ type: 'repository', name, actions: ['pull', 'push', 'delete'] })) }).token}`,
  });
  const errorOf = async (res: Response) => {
    const { code, message } = ((await res.json()) as { errors: Array<{ code: string; message: string }> }).errors[0]!;
    return { code, message };
  };
  /** A chunked upload: POST, PATCH, then PUT with the digest. */
  const upload = async (repo: string, data: Buffer) => {
    const headers = as(repo);
    const start = await fetch(`${reg.url}/v2/${repo}/blobs/uploads/`, { method: 'POST', headers });
    assert.equal(start.status, 202);
    const location = new URL(start.headers.get('location')!, reg.url);
    const patch = await fetch(location, { method: 'PATCH', body: data, headers: { ...headers, 'Content-Type': 'application/octet-stream' } });
    assert.equal(patch.status, 202);
    const done = new URL(patch.headers.get('location')!, reg.url);
    done.searchParams.set('digest', sha256(data));
    return { res: await fetch(done, { method: 'PUT', headers }), session: done.pathname };
  };
  const monolithic = (repo: string, data: Buffer) =>
    fetch(`${reg.url}/v2/${repo}/blobs/uploads/?digest=${sha256(data)}`, {
      method: 'POST', body: data, headers: { ...as(repo), 'Content-Type': 'application/octet-stream' },
    });
  const mount = (repo: string, from: string, digest: string) =>
    fetch(`${reg.url}/v2/${repo}/blobs/uploads/?mount=${digest}&from=${from}`, { method: 'POST', headers: as(repo, from) });
  const headBlob = (repo: string, digest: string) => fetch(`${reg.url}/v2/${repo}/blobs/${digest}`, { method: 'HEAD', headers: as(repo) }).then((r) => r.status);
  const manifestOf = (blobs: Buffer[]) => Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: OCI_MANIFEST,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(blobs[0]!), size: blobs[0]!.length },
    layers: blobs.slice(1).map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha256(l), size: l.length })),
  }));
  const putManifest = (repo: string, ref: string, body: Buffer) =>
    fetch(`${reg.url}/v2/${repo}/manifests/${ref}`, { method: 'PUT', body, headers: { ...as(repo), 'Content-Type': OCI_MANIFEST } });
  const quotaEvents = async (projectName: string, count: number, timeoutMs = 5_000): Promise<QuotaEvent[]> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const events: RegistryEvent[] = (await redis.xrange(`${prefix}events`, '-', '+')).map(([, fields]) => {
        assert.equal(fields[0], EVENT_STREAM_FIELD);
        return RegistryEventSchema.parse(JSON.parse(fields[1]!));
      });
      const mine = events.filter((e): e is QuotaEvent => 'project_name' in e && e.project_name === projectName);
      if (mine.length >= count || Date.now() > deadline) return mine;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const message = (adding: number, usedBefore: number, hard: number) =>
    `adding ${formatBytes(adding)} of storage resource, which when updated to current usage of ${formatBytes(usedBefore)} will exceed the configured upper limit of ${formatBytes(hard)}.`;

  test('Harbor\'s byte display', () => {
    assert.deepEqual([0, 1023, 1024, 1536, 3000, 1024 ** 2, 5 * 1024 ** 3, 1280, 1331].map(formatBytes),
      ['0 B', '1023 B', '1.0 KiB', '1.5 KiB', '2.9 KiB', '1.0 MiB', '5.0 GiB', '1.2 KiB', '1.3 KiB']);
  });

  test('blob uploads: refused over the limit with DENIED and Harbor\'s message, the session dropped; held blobs cost nothing', async () => {
    const id = await project('small', 3000);
    const first = randomBytes(2048);
    assert.equal((await upload('small/app', first)).res.status, 201);
    assert.equal(await used('small'), 2048);

    const second = randomBytes(2048);
    const refused = await upload('small/app', second);
    assert.equal(refused.res.status, 403);
    assert.equal(refused.res.headers.get('docker-distribution-api-version'), 'registry/2.0');
    assert.deepEqual(await errorOf(refused.res), { code: 'DENIED', message: message(2048, 2048, 3000) });
    assert.equal((await fetch(`${reg.url}${refused.session}`, { headers: as('small/app') })).status, 404, 'the upload session is gone');
    assert.equal(await headBlob('small/app', sha256(second)), 404);

    const mono = await monolithic('small/app', second);
    assert.equal(mono.status, 403, 'a monolithic POST with its digest is checked too');
    assert.equal((await errorOf(mono)).code, 'DENIED');

    // The project holds `first`: pushing it again, here or into another repository of the project, is free.
    assert.equal((await upload('small/app', first)).res.status, 201);
    assert.equal((await monolithic('small/other', first)).status, 201);
    assert.equal(await used('small'), 2048, 'counted once');
    assert.equal(await headBlob('small/other', sha256(first)), 200);

    const events = await quotaEvents('small', 2);
    assert.deepEqual(events.map(({ id: _id, time: _time, ...rest }) => rest), [
      { action: 'quota_exceed', repository: 'small/app', operator: 'alice', project_id: id, project_name: 'small', digest: sha256(second),
        used: 2048, hard: 3000, adding: 2048, message: message(2048, 2048, 3000) },
      { action: 'quota_exceed', repository: 'small/app', operator: 'alice', project_id: id, project_name: 'small', digest: sha256(second),
        used: 2048, hard: 3000, adding: 2048, message: message(2048, 2048, 3000) },
    ]);
  });

  test('cross-repository mounts: a blob new to the project counts; one the project holds does not', async () => {
    await project('source', -1);
    await project('target', 1100);
    const big = randomBytes(2000);
    const small = randomBytes(1000);
    await pushBlob(reg.url, 'source/app', big, as('source/app'));
    await pushBlob(reg.url, 'source/app', small, as('source/app'));

    const refused = await mount('target/app', 'source/app', sha256(big));
    assert.equal(refused.status, 403);
    assert.deepEqual(await errorOf(refused), { code: 'DENIED', message: message(2000, 0, 1100) });
    assert.equal(await headBlob('target/app', sha256(big)), 404, 'not mounted');

    assert.equal((await mount('target/app', 'source/app', sha256(small))).status, 201);
    assert.equal(await used('target'), 1000);
    assert.equal((await mount('target/other', 'target/app', sha256(small))).status, 201, 'held by the project: free');
    assert.equal(await used('target'), 1000);
    const events = await quotaEvents('target', 2);
    assert.deepEqual(events.map((e) => [e.action, e.repository, e.digest, e.used, e.adding]), [
      ['quota_exceed', 'target/app', sha256(big), 0, 2000],
      ['quota_warning', 'target/app', sha256(small), 1000, 1000],
    ], 'the accepted mount took usage past 85%');
  });

  test('manifest PUT: the manifest and blobs new to the project count; re-tagging a held manifest is free', async () => {
    const blobs = [randomBytes(500), randomBytes(1500)];
    const manifest = manifestOf(blobs);
    const exact = 2000 + manifest.length;
    await project('exact', exact);
    for (const b of blobs) await pushBlob(reg.url, 'exact/app', b, as('exact/app'));
    assert.equal((await putManifest('exact/app', 'v1', manifest)).status, 201, 'usage may reach the limit exactly');
    assert.equal(await used('exact'), exact);
    assert.equal((await putManifest('exact/app', 'v2', manifest)).status, 201, 'the project holds the manifest: free');
    assert.equal((await putManifest('exact/app', sha256(manifest), manifest)).status, 201);

    const other = manifestOf([blobs[1]!, blobs[0]!]);
    const refused = await putManifest('exact/app', 'v3', other);
    assert.equal(refused.status, 403);
    assert.deepEqual(await errorOf(refused), { code: 'DENIED', message: message(other.length, exact, exact) });
    const tags = await (await fetch(`${reg.url}/v2/exact/app/tags/list`, { headers: as('exact/app') })).json() as { tags: string[] };
    assert.deepEqual(tags.tags, ['v1', 'v2'], 'nothing recorded');
    assert.equal(await used('exact'), exact);
    // The blobs alone stay below 85%; the manifest takes usage to 100%.
    assert.deepEqual((await quotaEvents('exact', 2)).map((e) => [e.action, e.tag, e.digest, e.used, e.adding]), [
      ['quota_warning', 'v1', sha256(manifest), exact, manifest.length],
      ['quota_exceed', 'v3', sha256(other), exact, other.length],
    ]);
  });

  test('unlimited projects and projects without a quota take anything', async () => {
    await project('unlimited', -1);
    await project('no-quota');
    for (const repo of ['unlimited/app', 'no-quota/app', 'made-by-push/app']) {
      assert.equal((await upload(repo, randomBytes(4096))).res.status, 201, repo);
    }
    assert.deepEqual(await quotaEvents('unlimited', 0), []);
  });

  test('a push that takes usage past 85% warns once; pushes already above do not', async () => {
    const id = await project('warn', 10_000);
    assert.equal((await monolithic('warn/app', randomBytes(5000))).status, 201);
    assert.deepEqual(await quotaEvents('warn', 0, 0), [], '50%: no warning');
    const crossing = randomBytes(4000);
    assert.equal((await upload('warn/app', crossing)).res.status, 201);
    assert.equal((await monolithic('warn/app', randomBytes(500))).status, 201);
    await quotaEvents('warn', 1);
    await new Promise((r) => setTimeout(r, 200)); // room for a wrong second warning to arrive
    assert.deepEqual((await quotaEvents('warn', 1)).map(({ id: _id, time: _time, ...rest }) => rest), [
      { action: 'quota_warning', repository: 'warn/app', operator: 'alice', project_id: id, project_name: 'warn', digest: sha256(crossing),
        used: 9000, hard: 10_000, adding: 4000, message: 'quota usage reach 85%: resource storage used 8.8 KiB of 9.8 KiB' },
    ]);
  });

  test('with per-project quotas turned off nothing is enforced', async () => {
    await project('off', 100);
    await db.query(`INSERT INTO properties (k, v) VALUES ('quota_per_project_enable', 'false') ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v`);
    await new Promise((r) => setTimeout(r, 5_200)); // the registry reads settings through a cache of a few seconds
    assert.equal((await monolithic('off/app', randomBytes(1000))).status, 201);
    await db.query(`UPDATE properties SET v = 'true' WHERE k = 'quota_per_project_enable'`);
  });
});
