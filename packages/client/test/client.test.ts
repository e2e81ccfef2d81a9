// The typed client against the whole suite (npm start's path): Basic credentials as scripts use them, and
// the console's cookie session with its CSRF token, including the manifest read through /v2/ with a token
// the token service issues for the session.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { buildTestImage, makeTempDir, removeDir, skopeoCopy, startHarborSuite, type HarborSuite } from '@harbor/testkit';
import { ApiClientError, HarborClient } from '../src/index.js';

let suite: HarborSuite;
let dir: string;

before(async () => {
  suite = await startHarborSuite();
  dir = makeTempDir('client-test');
});
after(async () => {
  await suite?.stop();
  if (dir) removeDir(dir);
});

/** fetch with a cookie jar, as a browser keeps the console's `sid`. */
function cookieFetch(): typeof fetch {
  const jar = new Map<string, string>();
  return async (input, init) => {
    const headers = new Headers(init?.headers);
    if (jar.size) headers.set('Cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(input, { ...init, headers });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return res;
  };
}

test('with Basic credentials: paged lists with totals, created ids, and Harbor errors as ApiClientError', async () => {
  const api = new HarborClient({ baseUrl: suite.url, basic: { username: 'admin', password: 'Harbor12345' } });
  const id = await api.createProject({ project_name: 'client-a', metadata: { public: 'false' } });
  assert.match(String(id), /^\d+$/);
  for (let i = 0; i < 3; i++) await api.createProject({ project_name: `paged-${i}` });
  const page = await api.projects({ page: 1, page_size: 2, q: 'name=~paged-' });
  assert.equal(page.items.length, 2);
  assert.equal(page.total, 3, JSON.stringify(page.items.map((p) => p.name)));
  const dup = await api.createProject({ project_name: 'client-a' }).then(() => null, (e: unknown) => e);
  assert.ok(dup instanceof ApiClientError);
  assert.equal(dup.status, 409);
  assert.equal(dup.code, 'CONFLICT');
  assert.match(dup.message, /client-a|exist/i);
  const bad = await api.projects({ page_size: 'x' as unknown as number }).then(() => null, (e: unknown) => e);
  assert.ok(bad instanceof ApiClientError && bad.status === 422, String(bad));
  const wrong = new HarborClient({ baseUrl: suite.url, basic: { username: 'admin', password: 'nope-Nope1' } });
  const denied = await wrong.currentUser().then(() => null, (e: unknown) => e);
  assert.ok(denied instanceof ApiClientError && denied.status === 401);
});

test('the console session: sign-in, CSRF carried to writes, refused without it, signed out after logout', async () => {
  let unauthorized = 0;
  const f = cookieFetch();
  const api = new HarborClient({ baseUrl: suite.url, fetch: f, onUnauthorized: () => unauthorized++ });
  const failed = await api.login('admin', 'wrong-Password1').then(() => null, (e: unknown) => e);
  assert.ok(failed instanceof ApiClientError && failed.status === 401);
  await api.login('admin', 'Harbor12345');
  assert.equal((await api.currentUser()).username, 'admin');
  await api.createProject({ project_name: 'client-session' });
  const perms = await api.permissions('/project/1');
  assert.ok(perms.some((p) => p.resource === 'repository' && p.action === 'pull'), JSON.stringify(perms));
  // The same cookie without the token (another tab's transport before any response): a forged write.
  const forged = new HarborClient({ baseUrl: suite.url, fetch: f });
  const refused = await forged.deleteProject('client-session').then(() => null, (e: unknown) => e);
  assert.ok(refused instanceof ApiClientError && refused.status === 403, String(refused));
  assert.equal((await api.project('client-session')).name, 'client-session');
  await api.logout();
  const after = await api.currentUser().then(() => null, (e: unknown) => e);
  assert.ok(after instanceof ApiClientError && after.status === 401);
  assert.ok(unauthorized >= 2);
});

test('the manifest of a private artifact through /v2/ with the session’s token; nobody else’s session reads it', async () => {
  const admin = new HarborClient({ baseUrl: suite.url, basic: { username: 'admin', password: 'Harbor12345' } });
  await admin.createProject({ project_name: 'client-private' });
  const image = await buildTestImage(join(dir, 'img'));
  const digest = await skopeoCopy(image.ociRef, `docker://${suite.host}/client-private/busybox:1.0`, { destCreds: 'admin:Harbor12345' });
  const api = new HarborClient({ baseUrl: suite.url, fetch: cookieFetch() });
  await api.login('admin', 'Harbor12345');
  const text = await api.manifest('client-private/busybox', digest);
  const manifest = JSON.parse(text) as { schemaVersion: number; layers: unknown[] };
  assert.equal(manifest.schemaVersion, 2);
  assert.equal(manifest.layers.length, 1);
  assert.match(text, /\n {2}"schemaVersion": 2/, 'pretty-printed');
  // core reaches the registry the suite started (additions, health) wherever it listens
  const history = JSON.parse(await api.addition('client-private', 'busybox', digest, 'build_history')) as unknown[];
  assert.ok(Array.isArray(history));
  const health = await admin.health();
  assert.deepEqual(health.components.filter((c) => c.name === 'registry').map((c) => c.status), ['healthy']);
  const anonymous = new HarborClient({ baseUrl: suite.url, fetch: cookieFetch() });
  const denied = await anonymous.manifest('client-private/busybox', digest).then(() => null, (e: unknown) => e);
  assert.ok(denied instanceof ApiClientError && denied.status === 401, String(denied));
});
