// Core against callers trying to get more than they hold: scope escalation at the token service, names
// no registry could serve, huge scope lists, robots after expiry or disable, cookie-only (CSRF) writes,
// and repeated wrong passwords. Every refusal is the right 4xx with Harbor's error body, and the
// database is left exactly as it was.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ROLE_IDS, TokenVerifier } from '@harbor/auth';
import { createPrismaClient, type PrismaClient } from '@harbor/db';
import { addUsers, basic, startTestCore, TEST_PASSWORD, type TestCore } from './helpers.js';
import { answer, refused, snapshot } from './hostile-kit.js';

const ADMIN = basic('admin', 'Harbor12345');
const OWNER = basic('owner', TEST_PASSWORD);
const DEV = basic('dev', TEST_PASSWORD);
const GST = basic('gst', TEST_PASSWORD);
const OUT = basic('outsider', TEST_PASSWORD);
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

describe('hostile callers against core', () => {
  let core: TestCore;
  let db: PrismaClient;
  let verifier: TokenVerifier;
  let robot: { id: number; name: string; secret: string };

  const url = (path: string) => `${core.url}${path}`;
  const json = (method: string, path: string, headers: Record<string, string>, body: unknown) =>
    fetch(url(path), { method, headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const tokenGet = (query: string, headers: Record<string, string> = {}) => fetch(url(`/service/token?service=harbor-registry&${query}`), { headers });
  const tokenPost = (fields: Record<string, string>) =>
    fetch(url('/service/token'), { method: 'POST', headers: FORM, body: new URLSearchParams({ service: 'harbor-registry', ...fields }) });
  /** The actions a token answer grants, per requested name, in request order. */
  const grants = async (res: Response | Promise<Response>): Promise<Array<[string, string[]]>> => {
    const a = await answer(res);
    assert.equal(a.status, 200, a.text.slice(0, 300));
    const { token } = JSON.parse(a.text) as { token: string };
    return verifier.verify(token).access.map((e) => [e.name, [...e.actions].sort()]);
  };

  before(async () => {
    core = await startTestCore();
    db = createPrismaClient(core.databaseUrl);
    verifier = new TokenVerifier({ issuer: 'harbor-token-issuer', service: 'harbor-registry', rootCertBundlePem: readFileSync(core.certPath, 'utf8') });
    await addUsers(db, ['owner', 'dev', 'gst', 'outsider', 'victim']);
    for (const name of ['secret', 'other']) assert.equal((await json('POST', '/api/v2.0/projects', name === 'secret' ? OWNER : ADMIN, { project_name: name })).status, 201);
    for (const [username, role_id] of [['dev', ROLE_IDS.developer], ['gst', ROLE_IDS.guest]] as const) {
      assert.equal((await json('POST', '/api/v2.0/projects/secret/members', OWNER, { role_id, member_user: { username } })).status, 201);
    }
    const created = await json('POST', '/api/v2.0/robots', OWNER, {
      name: 'ci', level: 'project', duration: -1,
      permissions: [{ kind: 'project', namespace: 'secret', access: [{ resource: 'repository', action: 'push' }, { resource: 'repository', action: 'pull' }] }],
    });
    assert.equal(created.status, 201);
    robot = (await created.json()) as typeof robot;
  });
  after(async () => {
    await db.$disconnect();
    await core.stop();
  });

  test('scope escalation: a token carries what the role holds, never what was asked', async () => {
    const before = await snapshot(db);
    const greedy = 'scope=repository:secret/app:pull,push,delete,*&scope=repository:other/app:pull,push&scope=registry:catalog:*';
    assert.deepEqual(await grants(tokenGet(greedy, GST)), [['secret/app', ['pull']], ['other/app', []], ['catalog', []]]);
    assert.deepEqual(await grants(tokenGet(greedy, DEV)), [['secret/app', ['pull', 'push']], ['other/app', []], ['catalog', []]]);
    assert.deepEqual(await grants(tokenGet(greedy, OUT)), [['secret/app', []], ['other/app', []], ['catalog', []]]);
    assert.deepEqual(await grants(tokenGet(greedy)), [['secret/app', []], ['other/app', []], ['catalog', []]], 'anonymous');
    assert.deepEqual(await grants(tokenGet(greedy, basic(robot.name, robot.secret))), [['secret/app', ['pull', 'push']], ['other/app', []], ['catalog', []]]);
    // other resource types and classes grant nothing, whatever is asked
    const odd = 'scope=repository(plugin):secret/app:pull&scope=blob:secret/app:pull&scope=registry:other:*';
    assert.deepEqual(await grants(tokenGet(odd, ADMIN)), [['secret/app', []], ['secret/app', []], ['other', []]]);
    // the POST grants of ctr and helm, and docker's refresh grant, decide the same way
    const pw = (await (await tokenPost({ grant_type: 'password', username: 'gst', password: TEST_PASSWORD, scope: 'repository:secret/app:push' })).json()) as Record<string, string>;
    assert.deepEqual(verifier.verify(pw.token).access.map((e) => [...e.actions]), [['pull']]);
    assert.deepEqual(await grants(tokenPost({ grant_type: 'refresh_token', refresh_token: pw.refresh_token, scope: 'repository:secret/app:push,delete' })), [['secret/app', ['pull']]]);
    assert.equal(await snapshot(db), before);
  });

  test('names no registry could serve get nothing, even for the project admin; none is a 500', async () => {
    const names = ['secret/../other/app', 'secret/./app', 'secret/a%2Fb', 'secret/a%252Fb', 'Secret/app', 'secret/App', 'secret/app/', 'secret//app',
      'secret/a\u0000b', 'secret/a\ud800b', `secret/${'a'.repeat(10_000)}`, 'secret/a b', "secret/a' OR 1=1 --"];
    for (const name of names) {
      const res = tokenPost({ grant_type: 'password', username: 'owner', password: TEST_PASSWORD, scope: `repository:${name}:pull,push` });
      // a name with a space splits into scopes that do not parse, and are dropped
      const granted = await grants(res);
      assert.equal(granted.length, name.includes(' ') ? 0 : 1, JSON.stringify(name.slice(0, 40)));
      for (const [, actions] of granted) assert.deepEqual(actions, [], JSON.stringify(name.slice(0, 40)));
    }
    // in a query string: a NUL is refused before anything is looked up; a lone surrogate is just another bad name
    await refused(tokenGet('scope=repository:secret/a%00b:pull', OWNER), 400, 'BAD_REQUEST', 'the request contains characters that cannot be stored');
    assert.deepEqual(await grants(tokenGet('scope=repository:secret/a%ED%A0%80b:pull', OWNER)), [['secret/a\ufffd\ufffd\ufffdb', []]]);
    assert.deepEqual(await grants(tokenGet('scope=repository:secret%2Fapp:pull', OWNER)), [['secret/app', ['*', 'delete', 'pull', 'push']]], '%2F is a slash once decoded');
  });

  test('huge scope lists and oversized token requests are 4xx', async () => {
    const scopes = (n: number) => Array.from({ length: n }, (_, i) => `repository:p${i}/app:pull`).join(' ');
    const ok = await grants(tokenPost({ grant_type: 'password', username: 'dev', password: TEST_PASSWORD, scope: scopes(100) }));
    assert.equal(ok.length, 100);
    await refused(tokenPost({ grant_type: 'password', username: 'dev', password: TEST_PASSWORD, scope: scopes(101) }), 400, 'BAD_REQUEST', /too many scopes/);
    await refused(tokenPost({ grant_type: 'password', username: 'dev', password: TEST_PASSWORD, scope: scopes(2000) }), 400, 'BAD_REQUEST', /too many scopes/);
    await refused(tokenPost({ grant_type: 'password', username: 'dev', password: TEST_PASSWORD, scope: scopes(5000) }), 400, 'BAD_REQUEST', /too large/);
    // one repeated scope is one scope
    assert.equal((await grants(tokenGet(Array.from({ length: 300 }, () => 'scope=repository:secret/app:pull').join('&'), DEV))).length, 1);
    // past the server's header limit the request never reaches the service
    assert.equal((await answer(tokenGet(Array.from({ length: 2000 }, (_, i) => `scope=repository:p${i}/app:pull`).join('&'), DEV))).status, 431);
  });

  test('robots after expiry or disable are refused on the API, the token service and with their refresh token', async () => {
    const auth = basic(robot.name, robot.secret);
    const probe = async () => ({
      api: (await answer(fetch(url('/api/v2.0/users/current/permissions?scope=/project/secret'), { headers: auth }))).status,
      get: (await answer(tokenGet('scope=repository:secret/app:pull', auth))).status,
      post: (await answer(tokenPost({ grant_type: 'password', username: robot.name, password: robot.secret, scope: 'repository:secret/app:pull' }))).status,
    });
    assert.deepEqual(await probe(), { api: 200, get: 200, post: 200 });
    const { refresh_token } = (await (await tokenPost({ grant_type: 'password', username: robot.name, password: robot.secret })).json()) as Record<string, string>;
    const refresh = () => tokenPost({ grant_type: 'refresh_token', refresh_token, scope: 'repository:secret/app:pull' });
    assert.equal((await answer(refresh())).status, 200);

    // the console's way: read the robot, send it back with `disable` flipped
    const shown = (await (await fetch(url(`/api/v2.0/robots/${robot.id}`), { headers: OWNER })).json()) as Record<string, unknown>;
    const body = { name: shown.name, level: shown.level, duration: shown.duration, description: shown.description, disable: true, permissions: shown.permissions };
    assert.equal((await json('PUT', `/api/v2.0/robots/${robot.id}`, OWNER, body)).status, 200);
    assert.deepEqual(await probe(), { api: 401, get: 401, post: 401 });
    await refused(fetch(url('/api/v2.0/users/current/permissions'), { headers: auth }), 401, 'UNAUTHORIZED', 'invalid username or password');
    await refused(refresh(), 401, 'UNAUTHORIZED', 'invalid refresh token');

    assert.equal((await json('PUT', `/api/v2.0/robots/${robot.id}`, OWNER, { ...body, disable: false })).status, 200);
    assert.deepEqual(await probe(), { api: 200, get: 200, post: 200 });
    await db.robot.update({ where: { id: robot.id }, data: { expiresAt: BigInt(Math.floor(Date.now() / 1000) - 60), duration: 1 } });
    assert.deepEqual(await probe(), { api: 401, get: 401, post: 401 });
    await refused(refresh(), 401, 'UNAUTHORIZED', 'invalid refresh token');
    await refused(tokenGet('scope=repository:secret/app:pull', basic('robot$secret+ci\u0000', robot.secret)), 401, 'UNAUTHORIZED');
    await refused(fetch(url('/api/v2.0/users/current'), { headers: basic('robot$\u0000', 'x') }), 401, 'UNAUTHORIZED');
    await db.robot.update({ where: { id: robot.id }, data: { expiresAt: -1n, duration: -1 } });
  });

  test('CSRF: a session cookie without the session\'s X-Harbor-CSRF-Token changes nothing', async () => {
    const signIn = async (principal: string, password: string) => {
      const res = await fetch(url('/c/login'), { method: 'POST', headers: FORM, body: new URLSearchParams({ principal, password }) });
      assert.equal(res.status, 200);
      return { cookie: res.headers.get('set-cookie')!.split(';')[0], csrf: res.headers.get('x-harbor-csrf-token')! };
    };
    const owner = await signIn('owner', TEST_PASSWORD);
    const admin = await signIn('admin', 'Harbor12345');
    const devMember = (await db.projectMember.findFirstOrThrow({ where: { entityId: (await db.user.findFirstOrThrow({ where: { username: 'dev' } })).id } })).id;
    const victim = (await db.user.findFirstOrThrow({ where: { username: 'victim' } })).id;
    const writes: Array<[string, string, unknown, typeof owner]> = [
      ['POST', '/api/v2.0/projects', { project_name: 'csrf' }, owner],
      ['PUT', '/api/v2.0/projects/secret', { metadata: { public: 'true' } }, owner],
      ['DELETE', '/api/v2.0/projects/other', undefined, admin],
      ['POST', '/api/v2.0/projects/secret/members', { role_id: 1, member_user: { username: 'outsider' } }, owner],
      ['PUT', `/api/v2.0/projects/secret/members/${devMember}`, { role_id: 1 }, owner],
      ['DELETE', `/api/v2.0/projects/secret/members/${devMember}`, undefined, owner],
      ['PUT', `/api/v2.0/users/${victim}/sysadmin`, { sysadmin_flag: true }, admin],
      ['PUT', `/api/v2.0/users/${victim}/password`, { new_password: 'Hijack3d!x' }, admin],
      ['DELETE', `/api/v2.0/users/${victim}`, undefined, admin],
      ['POST', '/api/v2.0/robots', { name: 'csrf', level: 'system', duration: -1, permissions: [{ kind: 'project', namespace: '*', access: [{ resource: 'repository', action: 'pull' }] }] }, admin],
      ['DELETE', `/api/v2.0/robots/${robot.id}`, undefined, owner],
      ['PATCH', `/api/v2.0/robots/${robot.id}`, { secret: 'Hijack3d!x' }, owner],
    ];
    const before = await snapshot(db);
    for (const [method, path, body, session] of writes) {
      const other = session === owner ? admin : owner;
      const wrong: Array<Record<string, string>> = [{}, { 'X-Harbor-CSRF-Token': '' }, { 'X-Harbor-CSRF-Token': other.csrf }, { 'X-Harbor-CSRF-Token': `${session.csrf}x` }];
      for (const extra of wrong) {
        const headers: Record<string, string> = { Cookie: session.cookie, ...extra, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) };
        await refused(fetch(url(path), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }), 403, 'FORBIDDEN', 'CSRF token invalid');
      }
    }
    // a form post (what a foreign page can send) is refused the same way
    await refused(fetch(url('/api/v2.0/projects'), { method: 'POST', headers: { Cookie: owner.cookie, ...FORM }, body: 'project_name=csrf' }), 403, 'FORBIDDEN');
    assert.equal(await snapshot(db), before);
    // reads need no token, and the right token lets the same write through
    assert.equal((await answer(fetch(url('/api/v2.0/projects/secret'), { headers: { Cookie: owner.cookie } }))).status, 200);
    const ok = await json('PUT', '/api/v2.0/projects/secret', { Cookie: owner.cookie, 'X-Harbor-CSRF-Token': owner.csrf }, { metadata: { auto_scan: 'false' } });
    assert.equal(ok.status, 200);
  });

  test('repeated wrong passwords are answered more and more slowly, on every way in', async () => {
    const attempts: Array<() => Promise<Response>> = [
      () => fetch(url('/c/login'), { method: 'POST', headers: FORM, body: new URLSearchParams({ principal: 'victim', password: 'wrong' }) }),
      () => fetch(url('/api/v2.0/users/current'), { headers: basic('victim', 'wrong') }),
      () => tokenGet('scope=repository:secret/app:pull', basic('victim', 'wrong')),
      () => tokenPost({ grant_type: 'password', username: 'victim', password: 'wrong' }),
    ];
    const before = await snapshot(db);
    const timed = async (attempt: () => Promise<Response>) => {
      const started = Date.now();
      await refused(attempt(), 401, 'UNAUTHORIZED');
      return Date.now() - started;
    };
    // three free attempts, then 250 ms, 500 ms, 1 s … counted per account across the console, the API and the token service
    for (const attempt of attempts.slice(0, 3)) await timed(attempt);
    assert.ok((await timed(attempts[3])) >= 240, 'the fourth failure waits');
    assert.ok((await timed(attempts[0])) >= 490, 'the fifth waits longer');
    assert.ok((await timed(attempts[1])) >= 990, 'the sixth longer still');
    // the right password still gets in (after the wait), and clears the count
    const started = Date.now();
    assert.equal((await answer(fetch(url('/api/v2.0/users/current'), { headers: basic('victim', TEST_PASSWORD) }))).status, 200);
    assert.ok(Date.now() - started >= 990);
    assert.equal(await snapshot(db), before, 'failed logins leave no trace in the tables');
  });
});
