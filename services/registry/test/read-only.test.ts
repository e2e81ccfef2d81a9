// The suite's read-only mode (the `read_only` setting core keeps in `properties`): pulls go on, every
// write on /v2 is refused with 403 DENIED, and writes work again once the mode is off.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createPool, type Pool } from '@harbor/db/sql';
import { pushBlob, pushImage, randomBlob, startTestRegistry, type TestRegistry } from './helpers.js';

let registry: TestRegistry;
let db: Pool;
before(async () => {
  registry = await startTestRegistry();
  db = createPool(registry.databaseUrl, { max: 1, application: 'read-only-test' });
});
after(async () => {
  await db.end();
  await registry.stop();
});

const setReadOnly = (on: boolean) => db.query(
  `INSERT INTO properties (k, v) VALUES ('read_only', $1) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v`, [String(on)]);
// The registry reads the setting through a cache of a few seconds.
const waitForCache = () => new Promise((r) => setTimeout(r, 5_200));

test('read-only refuses writes with DENIED and keeps serving reads', async () => {
  const image = await pushImage(registry.url, 'library/app', 'v1');
  await setReadOnly(true);
  await waitForCache();
  const base = `${registry.url}/v2/library/app`;
  const refused: Array<[string, RequestInit]> = [
    [`${base}/blobs/uploads/`, { method: 'POST' }],
    [`${base}/manifests/v2`, { method: 'PUT', body: image.manifest, headers: { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' } }],
    [`${base}/manifests/${image.digest}`, { method: 'DELETE' }],
    [`${base}/manifests/v1`, { method: 'DELETE' }],
  ];
  for (const [url, init] of refused) {
    const res = await fetch(url, init);
    assert.equal(res.status, 403, `${init.method} ${url}`);
    const body = (await res.json()) as { errors: Array<{ code: string; message: string }> };
    assert.equal(body.errors[0]!.code, 'DENIED');
    assert.match(body.errors[0]!.message, /read only mode/);
  }
  const pulled = await fetch(`${base}/manifests/v1`, { headers: { Accept: 'application/vnd.oci.image.manifest.v1+json' } });
  assert.equal(pulled.status, 200, 'pulls go on');
  assert.equal((await fetch(`${base}/tags/list`)).status, 200);
  const { rows } = await db.query(`SELECT t.name FROM tag t JOIN repository r ON r.id = t.repository_id WHERE r.name = 'library/app'`);
  assert.deepEqual(rows.map((r) => r.name), ['v1'], 'nothing changed');

  await setReadOnly(false);
  await waitForCache();
  await pushBlob(registry.url, 'library/app', randomBlob().data);
});
