// Garbage collection against the real registry (pushes over HTTP into its filesystem store) and PostgreSQL:
// what no artifact references goes from disk and index, what is referenced stays, a dry run changes
// nothing, the time window protects fresh uploads, and a push racing the sweep of its blob wins.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createDriver } from '@harbor/storage';
import { startHarborRegistry, type HarborRegistry } from '@harbor/testkit';
import { gcHandler } from '../src/handlers/gc.js';
import { startJobWorld, type JobWorld } from './helpers.js';

const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const OCI = 'application/vnd.oci.image.manifest.v1+json';

describe('garbage collection', () => {
  let w: JobWorld;
  let reg: HarborRegistry;
  const blobFile = (digest: string) => join(reg.storageDir, 'docker/registry/v2/blobs/sha256', digest.slice(7, 9), digest.slice(7), 'data');

  before(async () => {
    w = await startJobWorld();
    reg = await startHarborRegistry({ databaseUrl: w.database.url });
    const storage = createDriver('filesystem', { rootdirectory: reg.storageDir });
    await w.runtime({ GARBAGE_COLLECTION: gcHandler(w.db, storage) as never });
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

  async function pushImage(repo: string, tag: string, layers: Buffer[]): Promise<{ manifest: string; blobs: string[] }> {
    const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', nonce: randomBytes(8).toString('hex') }));
    const blobs = [await pushBlob(repo, config)];
    for (const l of layers) blobs.push(await pushBlob(repo, l));
    const body = Buffer.from(JSON.stringify({
      schemaVersion: 2, mediaType: OCI,
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: blobs[0], size: config.length },
      layers: layers.map((l, i) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: blobs[i + 1], size: l.length })),
    }));
    const res = await fetch(`${reg.url}/v2/${repo}/manifests/${tag}`, { method: 'PUT', body, headers: { 'Content-Type': OCI } });
    assert.equal(res.status, 201, await res.text());
    return { manifest: sha(body), blobs };
  }

  async function gc(params: Record<string, unknown>) {
    const { taskId } = await w.run('GARBAGE_COLLECTION', params);
    return w.waitTask(taskId, ['Success', 'Error', 'Stopped'], 30_000);
  }
  const age = (digests: string[], hours: number) =>
    w.db.query(`UPDATE blob SET update_time = now() - make_interval(hours => $2) WHERE digest = ANY($1::text[])`, [digests, hours]);
  const blobRows = async (digests: string[]) =>
    (await w.db.query<{ digest: string }>('SELECT digest FROM blob WHERE digest = ANY($1::text[])', [digests])).rows.map((r) => r.digest);

  test('deleted artifacts lose their manifest, config and layers; shared and referenced blobs stay; dry run first changes nothing', async () => {
    const shared = randomBytes(2048);
    const a = await pushImage('gc/app', 'a', [randomBytes(4096), shared]);
    const b = await pushImage('gc/app', 'b', [randomBytes(1024), shared]);
    await w.db.query('DELETE FROM artifact WHERE digest = $1', [a.manifest]);
    const gone = [a.manifest, a.blobs[0], a.blobs[1]];
    const kept = [b.manifest, ...b.blobs];
    await age([...gone, ...kept], 3);

    const dry = await gc({ dry_run: true });
    assert.equal(dry.status, 'Success');
    assert.equal((dry.extra_attrs as { blobs: number }).blobs, 3);
    assert.deepEqual((await blobRows(gone)).length, 3, 'dry run deletes nothing');
    assert.ok(gone.every((d) => existsSync(blobFile(d))));

    const run = await gc({});
    assert.equal(run.status, 'Success');
    const attrs = run.extra_attrs as { blobs: number; freed_bytes: number };
    assert.equal(attrs.blobs, 3);
    assert.ok(attrs.freed_bytes > 4096);
    assert.deepEqual(await blobRows(gone), []);
    assert.ok(gone.every((d) => !existsSync(blobFile(d))), 'content gone from disk');
    const refs = await w.db.query('SELECT 1 FROM artifact_blob WHERE digest_af = $1', [a.manifest]);
    assert.equal(refs.rowCount, 0, 'the deleted artifact\'s references are dropped');
    assert.equal((await blobRows(kept)).length, kept.length);
    assert.ok(kept.every((d) => existsSync(blobFile(d))), 'referenced content stays');
    const pulled = await fetch(`${reg.url}/v2/gc/app/manifests/b`, { headers: { Accept: OCI } });
    assert.equal(pulled.status, 200);
  });

  test('the time window protects recent uploads; delete_untagged removes untagged artifacts first', async () => {
    const orphan = await pushBlob('gc/loose', randomBytes(512));
    assert.equal((await gc({ time_window: 2 })).status, 'Success');
    assert.deepEqual(await blobRows([orphan]), [orphan], 'a blob younger than the window stays');
    await age([orphan], 3);
    const untagged = await pushImage('gc/loose', 'temp', [randomBytes(300)]);
    await w.db.query('DELETE FROM tag WHERE artifact_id IN (SELECT id FROM artifact WHERE digest = $1)', [untagged.manifest]);
    await age([untagged.manifest, ...untagged.blobs], 3);
    const run = await gc({ delete_untagged: true });
    assert.equal(run.status, 'Success');
    assert.equal((run.extra_attrs as { artifacts: number }).artifacts, 1);
    assert.deepEqual(await blobRows([orphan, untagged.manifest, ...untagged.blobs]), []);
  });

  test('a push racing the sweep of its blob wins: it waits for the sweep, then stores the blob afresh', async () => {
    const data = randomBytes(8192);
    const digest = await pushBlob('gc/race', data);
    // The sweep of this blob, exactly as GC does it, held open while the push arrives.
    const tx = await w.db.connect();
    try {
      await tx.query('BEGIN');
      await tx.query(`UPDATE blob SET status = 'delete' WHERE digest = $1`, [digest]);
      await tx.query(`SELECT id FROM blob WHERE digest = $1 AND status = 'delete' FOR UPDATE`, [digest]);
      await tx.query(`UPDATE blob SET status = 'deleting' WHERE digest = $1`, [digest]);
      const storage = createDriver('filesystem', { rootdirectory: reg.storageDir });
      await storage.delete(`/docker/registry/v2/blobs/sha256/${digest.slice(7, 9)}/${digest.slice(7)}`);
      const push = pushBlob('gc/race', data);
      await new Promise((r) => setTimeout(r, 300));
      await tx.query('DELETE FROM blob WHERE digest = $1', [digest]);
      await tx.query('COMMIT');
      assert.equal(await push, digest);
    } finally {
      tx.release();
    }
    assert.ok(existsSync(blobFile(digest)), 'stored again');
    const got = await fetch(`${reg.url}/v2/gc/race/blobs/${digest}`);
    assert.equal(got.status, 200);
    assert.ok(Buffer.from(await got.arrayBuffer()).equals(data));
    const [row] = (await w.db.query<{ status: string }>('SELECT status FROM blob WHERE digest = $1', [digest])).rows;
    assert.equal(row.status, 'none');
  });

  test('a blob GC has marked but not yet swept is taken back by a push that references it', async () => {
    const layer = randomBytes(700);
    const digest = await pushBlob('gc/mark', layer);
    await age([digest], 3);
    await w.db.query(`UPDATE blob SET status = 'delete' WHERE digest = $1`, [digest]);
    const img = await pushImage('gc/mark', 'v1', [layer]);
    assert.ok(img.blobs.includes(digest));
    const [row] = (await w.db.query<{ status: string }>('SELECT status FROM blob WHERE digest = $1', [digest])).rows;
    assert.equal(row.status, 'none');
    assert.equal((await gc({})).status, 'Success');
    assert.ok(existsSync(blobFile(digest)), 'referenced now: kept');
  });

  test('pushes going on during a GC run all succeed while old garbage goes', async () => {
    const old = await Promise.all(Array.from({ length: 20 }, () => pushBlob('gc/busy', randomBytes(256))));
    await age(old, 5);
    const [runResult, ...pushes] = await Promise.all([
      gc({ workers: 3 }),
      ...Array.from({ length: 10 }, (_, i) => pushImage('gc/busy', `t${i}`, [randomBytes(1500), randomBytes(900)])),
    ]);
    assert.equal(runResult.status, 'Success');
    assert.deepEqual(await blobRows(old), []);
    for (const p of pushes) {
      for (const d of [p.manifest, ...p.blobs]) assert.ok(existsSync(blobFile(d)), `${d} of a concurrent push kept`);
    }
  });
});
