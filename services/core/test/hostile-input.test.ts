// Core's API against hostile input: SQL-ish and LIKE-wildcard text in filters and path parameters is
// matched literally, a NUL anywhere in the request target is a 400, oversized bodies, names and paging
// values are 4xx — none a 500, and nothing written.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrismaClient, type PrismaClient } from '@harbor/db';
import { addUsers, startTestCore, type TestCore } from './helpers.js';
import { answer, noServerError, rawGet, refused, snapshot } from './hostile-kit.js';

const ODD_NAMES = ['a_b', 'a%b', 'a\\b', "o'neil", 'axb'];
const SQLISH = ["' OR 1=1 --", "'; DROP TABLE harbor_user; --", '%', '_', '\\', '%%', '\\%', '*', '" OR ""="'];

describe('hostile input against the API', () => {
  let core: TestCore;
  let db: PrismaClient;
  let before$: string | undefined;
  // The admin's console session: each of the many requests below is spared a password hash.
  let ADMIN: Record<string, string>;

  const get = (path: string, headers: Record<string, string> = ADMIN) => fetch(`${core.url}/api/v2.0${path}`, { headers });
  const send = (method: string, path: string, raw: string, headers: Record<string, string> = ADMIN) =>
    fetch(`${core.url}/api/v2.0${path}`, { method, headers: { ...headers, 'Content-Type': 'application/json' }, body: raw });
  const names = async (path: string, key: string): Promise<string[]> => {
    const a = await answer(get(path));
    assert.equal(a.status, 200, `${path}: ${a.text.slice(0, 200)}`);
    return (JSON.parse(a.text) as Array<Record<string, string>>).map((r) => r[key]).sort();
  };
  const enc = encodeURIComponent;

  before(async () => {
    core = await startTestCore();
    db = createPrismaClient(core.databaseUrl);
    const login = await fetch(`${core.url}/c/login`, { method: 'POST', body: new URLSearchParams({ principal: 'admin', password: 'Harbor12345' }) });
    assert.equal(login.status, 200);
    ADMIN = { Cookie: login.headers.get('set-cookie')!.split(';')[0], 'X-Harbor-CSRF-Token': login.headers.get('x-harbor-csrf-token')! };
    for (const username of ODD_NAMES) {
      const res = await send('POST', '/users', JSON.stringify({ username, email: `${enc(username).replace(/%/g, 'p')}@example.com`, realname: 'R', password: 'Passw0rd!' }));
      // Harbor refuses some of these characters in user names; the odd ones it keeps are stored verbatim
      assert.ok(res.status === 201 || res.status === 400, `${username} → ${res.status}`);
    }
    const created = (await db.user.findMany({ where: { username: { in: ODD_NAMES } } })).map((u) => u.username);
    if (created.length < ODD_NAMES.length) await addUsers(db, ODD_NAMES.filter((n) => !created.includes(n)));
    for (const name of ['a_b', 'axb']) {
      const res = await send('POST', '/robots', JSON.stringify({ name, level: 'system', duration: -1, permissions: [{ kind: 'project', namespace: '*', access: [{ resource: 'repository', action: 'pull' }] }] }));
      assert.equal(res.status, 201);
    }
    for (const username of ODD_NAMES) assert.equal((await send('POST', '/projects/library/members', JSON.stringify({ role_id: 3, member_user: { username } }))).status, 201);
    before$ = await snapshot(db);
  });
  after(async () => {
    const now = before$ === undefined ? undefined : await snapshot(db);
    await db?.$disconnect();
    await core?.stop();
    if (now !== undefined) assert.equal(now, before$, 'hostile input changed nothing');
  });

  test('SQL-ish and wildcard text in q=, name filters and searches matches itself, literally', async () => {
    for (const v of SQLISH) {
      const expectUsers = ODD_NAMES.filter((n) => n.includes(v)).sort();
      assert.deepEqual(await names(`/users/search?username=${enc(v)}`, 'username'), expectUsers, `search ${v}`);
      assert.deepEqual(await names(`/users?username=${enc(v)}`, 'username'), expectUsers, `username= ${v}`);
      assert.deepEqual(await names(`/users?q=${enc(`username=~${v}`)}`, 'username'), expectUsers, `q fuzzy ${v}`);
      assert.deepEqual(await names(`/robots?q=${enc(`name=~${v}`)}`, 'name'), ['a_b', 'axb'].filter((n) => n.includes(v)).map((n) => `robot$${n}`), `robots ${v}`);
      assert.deepEqual(await names(`/audit-logs?q=${enc(`resource=~${v}`)}&page_size=100`, 'resource'),
        [...ODD_NAMES, ...ODD_NAMES.map((n) => `library:${n}`), 'robot$a_b', 'robot$axb'].filter((n) => n.includes(v)).sort(), `audit ${v}`);
      // an exact match is exact (a leading backslash escapes the first character, as in Harbor's q)
      const exact = v.startsWith('\\') ? ODD_NAMES.filter((n) => n === v.slice(1)) : ODD_NAMES.filter((n) => n === v);
      assert.deepEqual(await names(`/users?q=${enc(`username=${v}`)}`, 'username'), exact, `q exact ${v}`);
    }
    for (const v of SQLISH) {
      assert.deepEqual(await names(`/projects?name=${enc(v)}`, 'name'), [], `projects name= ${v}`);
      assert.deepEqual(await names(`/projects/library/members?entityname=${enc(v)}`, 'entity_name'), ODD_NAMES.filter((n) => n.includes(v)).sort(), `members ${v}`);
    }
    assert.deepEqual(await names(`/users?q=${enc('username=a_b')}`, 'username'), ['a_b']);
    assert.deepEqual(await names(`/users?q=${enc('username={a_b axb}')}`, 'username'), ['a_b', 'axb']);
  });

  test('SQL-ish path parameters are unknown names or malformed ids, never a match', async () => {
    for (const v of SQLISH) {
      await refused(get(`/projects/${enc(v)}`), 404, 'NOT_FOUND');
      await refused(get(`/projects/${enc(v)}/members`), 404, 'NOT_FOUND');
      await refused(get(`/projects/${enc(v)}/summary`), 404, 'NOT_FOUND');
      await refused(get(`/users/${enc(v)}`), 422, 'UNPROCESSABLE_ENTITY');
      await refused(get(`/robots/${enc(v)}`), 422, 'UNPROCESSABLE_ENTITY');
      await refused(get(`/projects/library/members/${enc(v)}`), 400, 'BAD_REQUEST');
    }
    await refused(get(`/users/${enc('1 OR 1=1')}`), 422, 'UNPROCESSABLE_ENTITY');
    await refused(get(`/projects/${enc('1 OR 1=1')}`), 404, 'NOT_FOUND');
    await refused(get(`/projects/${enc("library' --")}`, { ...ADMIN, 'X-Is-Resource-Name': 'true' }), 404, 'NOT_FOUND');
    assert.equal((await answer(fetch(`${core.url}/api/v2.0/projects?project_name=${enc("library' OR '1'='1")}`, { method: 'HEAD', headers: ADMIN }))).status, 404);
    // dot segments, encoded slashes and case reach no other resource (sent raw: fetch would resolve `..` itself)
    for (const path of ['/api/v2.0/projects/library/../../users', '/api/v2.0/projects/..%2F..%2Fusers', '/api/v2.0/projects/%2E%2E',
      '/api/v2.0/projects/library%2F..', '/api/v2.0/projects/LIBRARY', '/api/v2.0/projects/Library/members', '/api/v2.0/users/1%2F..%2F2']) {
      const a = await answer(rawGet(core.url, path, ADMIN));
      assert.ok(a.status === 404 || a.status === 422, `${path} → ${a.status} ${a.text}`);
    }
    await refused(rawGet(core.url, '/api/v2.0/projects/%ED%A0%80', ADMIN), 400, 'BAD_REQUEST');
  });

  test('a NUL anywhere in the request target is a 400, however it is encoded', async () => {
    const targets = [
      '/projects/a%00b', '/projects/library%00', '/projects?name=%00', '/projects?owner=a%00', '/projects/library/members?entityname=%00',
      '/robots?q=name%3D%00', '/robots?q=name%3D%2500', '/audit-logs?q=resource%3D~%00', '/audit-logs?q=resource%3D~%2500',
      '/projects/library/logs?q=username%3D%00', '/users/search?username=%00', '/users?q=username%3D%2500', '/users/current/permissions?scope=/project/%00',
      '/projects/a%252500b', '/projects?sort=%00', '/projects?page=%00',
    ];
    for (const t of targets) await refused(get(t), 400, 'BAD_REQUEST', 'the request contains characters that cannot be stored');
    await refused(fetch(`${core.url}/service/token?service=harbor-registry&scope=repository:library/a%00:pull`, { headers: ADMIN }), 400, 'BAD_REQUEST');
    await refused(send('PUT', '/projects/library%00', '{}'), 400, 'BAD_REQUEST');
    // in JSON bodies the same characters, and lone surrogates, are refused by the body parser
    for (const raw of ['{"project_name":"a\\u0000b"}', '{"project_name":"a\\ud800"}']) await refused(send('POST', '/projects', raw), 400, 'BAD_REQUEST');
    // undecodable percent-encoding in a path parameter is a 400 too
    await refused(get('/projects/%E0%A4%A'), 400, 'BAD_REQUEST');
  });

  test('oversized bodies, names and paging values are 4xx', async () => {
    // deeply nested JSON is refused, never a crash
    await refused(send('POST', '/projects', `${'['.repeat(50_000)}${']'.repeat(50_000)}`), 422, 'UNPROCESSABLE_ENTITY');
    await refused(send('POST', '/projects', `{"project_name":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`), 422, 'UNPROCESSABLE_ENTITY');
    const huge = JSON.stringify({ project_name: 'x'.repeat(2 * 1024 * 1024) });
    for (const [method, path] of [['POST', '/projects'], ['PUT', '/projects/library'], ['POST', '/users'], ['POST', '/robots'], ['POST', '/projects/library/members']]) {
      await refused(send(method, path, huge), 400, 'BAD_REQUEST', /too large/);
    }
    const long = 'x'.repeat(10_000);
    await refused(send('POST', '/projects', JSON.stringify({ project_name: long })), 422, 'UNPROCESSABLE_ENTITY');
    await refused(send('POST', '/users', JSON.stringify({ username: long, email: 'l@example.com', realname: 'L', password: 'Passw0rd!' })), 422, 'UNPROCESSABLE_ENTITY');
    await refused(send('POST', '/robots', JSON.stringify({ name: long, level: 'system', duration: -1, permissions: [{ kind: 'project', namespace: '*', access: [{ resource: 'repository', action: 'pull' }] }] })), 422, 'UNPROCESSABLE_ENTITY');
    await refused(send('POST', '/projects/library/members', JSON.stringify({ role_id: 2, member_user: { username: long } })), 404, 'NOT_FOUND');
    await refused(get(`/projects/${long}`), 404, 'NOT_FOUND');
    await refused(get(`/projects/${long}/members`), 404, 'NOT_FOUND');
    assert.deepEqual(await names(`/users/search?username=${long}`, 'username'), []);
    assert.deepEqual(await names(`/projects?name=${long}`, 'name'), []);
    await noServerError(get(`/users?q=${enc(`username=~${long}`)}`), '10k q');
    await noServerError(get(`/users?sort=${Array.from({ length: 2000 }, () => '-username').join(',')}`), 'long sort');
    // page_size past the maximum or not an integer: 422, as go-swagger answers
    for (const qs of ['page_size=1e9', 'page_size=1000000000', 'page_size=101', 'page=1e9', 'page=abc', 'page_size=99999999999999999999', 'page=9007199254740993']) {
      await refused(get(`/projects?${qs}`), 422, 'UNPROCESSABLE_ENTITY');
      await refused(get(`/users?${qs}`), 422, 'UNPROCESSABLE_ENTITY');
    }
    // Harbor sets no minimum: page 0 or -1 is the first page, a page past the end is empty
    assert.deepEqual(await names('/projects?page=-1', 'name'), ['library']);
    assert.deepEqual(await names('/projects?page=0&page_size=1', 'name'), ['library']);
    assert.deepEqual(await names('/projects?page=99999999999&page_size=100', 'name'), []);
  });
});
