// The console's session login: cookie attributes, Redis-backed sessions, CSRF on unsafe methods, logout.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { startTestCore, type TestCore } from './helpers.js';

describe('session login', () => {
  let core: TestCore;
  before(async () => {
    core = await startTestCore();
  });
  after(() => core.stop());

  const login = (principal: string, password: string) => fetch(`${core.url}/c/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ principal, password }),
  });

  test('a good login sets an HttpOnly SameSite session cookie kept in Redis under the run\'s prefix', async () => {
    const res = await login('admin', 'Harbor12345');
    assert.equal(res.status, 200);
    const cookie = res.headers.get('set-cookie')!;
    assert.match(cookie, /^sid=[A-Za-z0-9_-]{20,}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=3600$/);
    const sid = /^sid=([^;]+)/.exec(cookie)![1];
    const redis = new Redis('redis://127.0.0.1:6379/0');
    try {
      assert.ok(await redis.exists(`${core.keyPrefix}session:${sid}`));
    } finally {
      await redis.quit();
    }
  });

  test('bad credentials are 401 and set no cookie; robots cannot sign in; missing fields are 400', async () => {
    const bad = await login('admin', 'wrong');
    assert.equal(bad.status, 401);
    assert.equal(bad.headers.get('set-cookie'), null);
    const missing = await fetch(`${core.url}/c/login`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'principal=admin' });
    assert.equal(missing.status, 400);
  });

  test('the cookie authenticates API calls; unsafe calls need the CSRF header; logout ends the session', async () => {
    const res = await login('admin', 'Harbor12345');
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    const csrf = res.headers.get('x-harbor-csrf-token')!;
    assert.ok(csrf);
    const me = await fetch(`${core.url}/api/v2.0/users/current`, { headers: { Cookie: cookie } });
    assert.equal(me.status, 200);
    assert.equal(me.headers.get('x-harbor-csrf-token'), csrf);
    const body = JSON.stringify({ project_name: 'via-session' });
    const noCsrf = await fetch(`${core.url}/api/v2.0/projects`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/json' }, body });
    assert.equal(noCsrf.status, 403);
    const wrongCsrf = await fetch(`${core.url}/api/v2.0/projects`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/json', 'X-Harbor-CSRF-Token': 'x' }, body });
    assert.equal(wrongCsrf.status, 403);
    const ok = await fetch(`${core.url}/api/v2.0/projects`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/json', 'X-Harbor-CSRF-Token': csrf }, body });
    assert.equal(ok.status, 201);
    const out = await fetch(`${core.url}/c/log_out`, { headers: { Cookie: cookie } });
    assert.equal(out.status, 200);
    assert.match(out.headers.get('set-cookie')!, /Max-Age=0/);
    assert.equal((await fetch(`${core.url}/api/v2.0/users/current`, { headers: { Cookie: cookie } })).status, 401);
  });

  test('the token service honours the session on GET (the console reads manifests); a forged or ended session is anonymous', async () => {
    const admin = { Authorization: `Basic ${Buffer.from('admin:Harbor12345').toString('base64')}`, 'Content-Type': 'application/json' };
    assert.equal((await fetch(`${core.url}/api/v2.0/projects`, { method: 'POST', headers: admin, body: JSON.stringify({ project_name: 'tok-private' }) })).status, 201);
    const claims = async (cookie: string | undefined) => {
      const res = await fetch(`${core.url}/service/token?service=harbor-registry&scope=repository:tok-private/app:pull,push`, { headers: cookie ? { Cookie: cookie } : {} });
      assert.equal(res.status, 200);
      const { token } = (await res.json()) as { token: string };
      return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { sub: string; access: Array<{ actions: string[] }> };
    };
    const res = await login('admin', 'Harbor12345');
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    const mine = await claims(cookie);
    assert.equal(mine.sub, 'admin');
    // as with Basic credentials: the admin's whole grant for the repository (Harbor replaces, not intersects)
    assert.ok(['pull', 'push', 'delete'].every((a) => mine.access[0].actions.includes(a)), JSON.stringify(mine.access));
    const forged = await claims('sid=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    assert.deepEqual(forged.access.flatMap((a) => a.actions), []);
    await fetch(`${core.url}/c/log_out`, { headers: { Cookie: cookie } });
    assert.deepEqual((await claims(cookie)).access.flatMap((a) => a.actions), []);
  });

  test('a forged session id is just anonymous', async () => {
    const res = await fetch(`${core.url}/api/v2.0/users/current`, { headers: { Cookie: 'sid=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } });
    assert.equal(res.status, 401);
  });

  test('the session_timeout setting sets the cookie lifetime and the idle expiry of new and used sessions', async () => {
    const admin = { Authorization: `Basic ${Buffer.from('admin:Harbor12345').toString('base64')}`, 'Content-Type': 'application/json' };
    const put = await fetch(`${core.url}/api/v2.0/configurations`, { method: 'PUT', headers: admin, body: JSON.stringify({ session_timeout: 2 }) });
    assert.equal(put.status, 200);
    // the replica that changed a setting reads it again at once (others within the cache time)
    const res = await login('admin', 'Harbor12345');
    assert.match(res.headers.get('set-cookie')!, /Max-Age=120$/);
    const sid = /^sid=([^;]+)/.exec(res.headers.get('set-cookie')!)![1];
    const redis = new Redis('redis://127.0.0.1:6379/0');
    try {
      const ttl = await redis.ttl(`${core.keyPrefix}session:${sid}`);
      assert.ok(ttl > 100 && ttl <= 120, `ttl ${ttl}`);
    } finally {
      await redis.quit();
    }
  });
});
