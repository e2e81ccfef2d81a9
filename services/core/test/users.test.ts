// /api/v2.0/users against the real database: every endpoint for admins, the user themselves, other
// users, anonymous callers and robots; passwords and CLI secrets proven through /service/token; hostile
// bodies and queries answered with 4xx; nothing secret ever in a response.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword, hashSecret, PASSWORD_POLICY_MESSAGE, ROLE_IDS } from '@harbor/auth';
import { PASSWORD_RULE_MESSAGE, UserRespSchema, UserSearchRespItemSchema } from '@harbor/contracts';
import { createPrismaClient, type PrismaClient } from '@harbor/db';
import { basic, startTestCore, type TestCore } from './helpers.js';

const ADMIN = basic('admin', 'Harbor12345');
const PW = 'Passw0rdX';
const STRICT_USER = UserRespSchema.strict();

describe('users API', () => {
  let core: TestCore;
  let db: PrismaClient;
  let privId: number;
  let pubId: number;
  const ids: Record<string, number> = {};

  const api = (path: string, init: { method?: string; headers?: Record<string, string>; body?: unknown; raw?: string } = {}) =>
    fetch(`${core.url}/api/v2.0${path}`, {
      method: init.method ?? 'GET',
      headers: { ...(init.body !== undefined || init.raw !== undefined ? { 'Content-Type': 'application/json' } : {}), ...init.headers },
      body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
    });
  const errorOf = async (res: Response) => ((await res.json()) as { errors: Array<{ code: string; message: string }> }).errors[0];
  const create = (u: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = ADMIN) =>
    api('/users', { method: 'POST', headers, body: { username: u, email: `${u}@example.com`, realname: `Real ${u}`, password: PW, ...extra } });
  const token = (u: string, p: string) => fetch(`${core.url}/service/token?service=harbor-registry&account=${encodeURIComponent(u)}`, { headers: basic(u, p) });
  const as = (u: string, p = PW) => basic(u, p);

  before(async () => {
    core = await startTestCore();
    db = createPrismaClient(core.databaseUrl);
    for (const u of ['alice', 'bob', 'carol', 'dave']) {
      const res = await create(u);
      assert.equal(res.status, 201, u);
      ids[u] = Number(res.headers.get('location')!.split('/').pop());
    }
    privId = (await db.project.create({ data: { name: 'priv', public: false } })).id;
    pubId = (await db.project.findUniqueOrThrow({ where: { name: 'library' } })).id;
    await db.projectMember.create({ data: { projectId: privId, entityId: ids.alice, entityType: 'u', role: ROLE_IDS.guest } });
    await db.projectMember.create({ data: { projectId: privId, entityId: ids.carol, entityType: 'u', role: ROLE_IDS.developer } });
    const secret = await hashSecret('Robot5ecret');
    await db.robot.create({ data: { name: 'priv+ci', secret, projectId: privId, level: 'project',
      permissions: [{ kind: 'project', namespace: 'priv', access: [{ resource: 'repository', action: 'pull' }] }] } });
    await db.robot.create({ data: { name: 'auditor', secret, level: 'system',
      permissions: [{ kind: 'system', namespace: '/', access: [{ resource: 'user', action: 'list' }, { resource: 'user', action: 'read' }] }] } });
    // created behind the API's back, to prove old rows without e-mail still render
    await db.user.create({ data: { username: 'legacy', password: await hashPassword(PW) } });
  });
  after(async () => {
    await db.$disconnect();
    await core.stop();
  });

  test('create: admin only (self-registration is off) → 201 + Location; the new user can log in', async () => {
    const res = await create('erin');
    assert.equal(res.status, 201);
    assert.match(res.headers.get('location')!, /^\/api\/v2\.0\/users\/\d+$/);
    assert.equal((await token('erin', PW)).status, 200);
    assert.equal((await create('anon1', {}, {})).status, 401);
    assert.equal((await create('fromalice', {}, as('alice'))).status, 403);
    assert.equal((await create('fromrobot', {}, basic('robot$auditor', 'Robot5ecret'))).status, 403, 'robot lacks user:create');
    assert.equal((await create('fromci', {}, basic('robot$priv+ci', 'Robot5ecret'))).status, 403);
    const sneaky = await create('sneaky', { sysadmin_flag: true });
    assert.equal(sneaky.status, 201);
    assert.equal((await db.user.findUniqueOrThrow({ where: { username: 'sneaky' } })).sysadminFlag, false, 'unknown fields are ignored');
  });

  test('create: conflicts and Harbor\'s validation (400/422, never 500)', async () => {
    assert.equal((await create('alice', { email: 'other@example.com' })).status, 409);
    const dupMail = await create('alice2', { email: 'alice@example.com' });
    assert.equal(dupMail.status, 409);
    assert.equal((await errorOf(dupMail)).code, 'CONFLICT');
    const weak = await create('weak', { password: 'password' });
    assert.equal(weak.status, 400);
    assert.equal((await errorOf(weak)).message, PASSWORD_RULE_MESSAGE);
    const long = await create('longpw', { password: `Aa1${'x'.repeat(200)}` });
    assert.equal(long.status, 400);
    assert.equal((await errorOf(long)).message, PASSWORD_POLICY_MESSAGE);
    const cases: Array<[Record<string, unknown>, number]> = [
      [{ email: 'not-an-email' }, 400], [{ realname: 'x'.repeat(10 * 1024) }, 400], [{ realname: 'a,b' }, 400],
      [{ comment: 'c'.repeat(31) }, 400], [{ username: '' }, 400], [{ username: 'u'.repeat(256) }, 422],
      [{ username: 42 }, 422], [{ password: ['Passw0rdX'] }, 422], [{ email: { $ne: '' } }, 422], [{ realname: null }, 400],
      [{ username: 'nul\u0000byte' }, 400], [{ realname: 'nul\u0000byte' }, 400], [{ email: 'n\u0000l@example.com' }, 400],
    ];
    for (const [extra, status] of cases) assert.equal((await create(`v${status}x`, extra)).status, status, JSON.stringify(extra).slice(0, 80));
    for (const raw of ['{oops', '[]', '"str"', 'null', '12']) {
      const res = await api('/users', { method: 'POST', headers: ADMIN, raw });
      assert.ok(res.status === 400 || res.status === 422, `${raw} → ${res.status}`);
    }
    assert.equal((await api('/users', { method: 'POST', headers: ADMIN, raw: JSON.stringify({ realname: 'x'.repeat(100_000) }) })).status, 400, 'over the body limit');
    assert.equal((await create('anonbad', { username: 7 }, {})).status, 422, 'type errors come first, as go-swagger binds before the handler');
    assert.equal((await create('anonweak', { password: 'weak' }, {})).status, 401, 'permission before content');
  });

  test('create: SQL-ish and unicode values are stored verbatim', async () => {
    const evil = "x'); DROP TABLE harbor_user; --";
    const res = await create('sqlish', { realname: evil.replace(/[,~#$%]/g, ''), comment: "' OR 1=1 --" });
    assert.equal(res.status, 201);
    const u = (await (await api(res.headers.get('location')!.slice('/api/v2.0'.length), { headers: ADMIN })).json()) as Record<string, unknown>;
    assert.equal(u.comment, "' OR 1=1 --");
    const uni = await api('/users', { method: 'POST', headers: ADMIN, body: { username: "o'brien-张伟-🚀", email: 'zw@example.com', realname: 'Zoë 张伟 🚀', password: PW } });
    assert.equal(uni.status, 201);
    assert.equal((await token("o'brien-张伟-🚀", PW)).status, 200);
    const got = (await (await api(uni.headers.get('location')!.slice('/api/v2.0'.length), { headers: ADMIN })).json()) as Record<string, unknown>;
    assert.equal(got.realname, 'Zoë 张伟 🚀');
    assert.equal((await db.user.count()) > 5, true, 'the table is still there');
  });

  test('list: admins and robots with user:list; paging, q, sort; UserResp only, no secrets', async () => {
    assert.equal((await api('/users')).status, 401);
    assert.equal((await api('/users', { headers: as('alice') })).status, 403);
    assert.equal((await api('/users', { headers: basic('robot$priv+ci', 'Robot5ecret') })).status, 403);
    assert.equal((await api('/users', { headers: basic('robot$auditor', 'Robot5ecret') })).status, 200);
    const res = await api('/users?page_size=2&sort=username', { headers: ADMIN });
    assert.equal(res.status, 200);
    const total = Number(res.headers.get('x-total-count'));
    assert.ok(total >= 8);
    assert.match(res.headers.get('link')!, /<\/api\/v2\.0\/users\?page=2&page_size=2&sort=username>; rel="next"/);
    const text = await res.text();
    assert.doesNotMatch(text, /password|secret|scrypt/i);
    const page = JSON.parse(text) as unknown[];
    for (const u of page) STRICT_USER.parse(u);
    assert.deepEqual(page.map((u) => (u as { username: string }).username), ['alice', 'bob']);
    const all = (await (await api('/users?page_size=100', { headers: ADMIN })).json()) as Array<{ username: string; email: string }>;
    assert.equal(all.length, total);
    assert.ok(!all.some((u) => u.username === 'admin'), 'Harbor leaves the default admin out');
    assert.equal(all.find((u) => u.username === 'legacy')!.email, '');
    const names = async (qs: string) => ((await (await api(`/users?${qs}`, { headers: ADMIN })).json()) as Array<{ username: string }>).map((u) => u.username);
    assert.deepEqual(await names('q=username%3D~LIC'), ['alice']);
    assert.deepEqual(await names('q=username%3Dbob'), ['bob']);
    assert.deepEqual(await names('email=carol%40'), ['carol']);
    assert.deepEqual(await names('q=username%3Dbob&username=dav'), ['dave'], 'the username parameter replaces q\'s');
    assert.deepEqual(await names(`q=user_id%3D${ids.bob}`), ['bob']);
    assert.deepEqual(await names('q=user_id%3D1'), ['admin'], 'asking by id includes the default admin');
    assert.deepEqual(await names('q=username%3D~%25'), [], 'LIKE wildcards match themselves');
    assert.deepEqual((await names('q=username%3D{alice bob carol}&sort=-username')), ['carol', 'bob', 'alice']);
    for (const bad of ['q=username', 'q=user_id%3Dabc', 'q=user_id%3D99999999999', 'q=username%3D~%2500', 'q=sysadmin_flag%3Dmaybe']) {
      assert.equal((await api(`/users?${bad}`, { headers: ADMIN })).status, 400, bad);
    }
    assert.equal((await api('/users?page_size=101', { headers: ADMIN })).status, 422);
    assert.equal((await api('/users?sort=password', { headers: ADMIN })).status, 200, 'unknown sort keys are ignored');
    assert.equal((await api('/users?q=username%3Dbad', { headers: as('alice') })).status, 403, 'permission before the query');
  });

  test('search: any authenticated caller, fuzzy, paged, ids and names only', async () => {
    assert.equal((await api('/users/search?username=a')).status, 401);
    const res = await api('/users/search?username=A&page_size=1', { headers: as('bob') });
    assert.equal(res.status, 200);
    assert.ok(Number(res.headers.get('x-total-count')) >= 3);
    assert.match(res.headers.get('link')!, /rel="next"/);
    const items = (await res.json()) as unknown[];
    assert.equal(items.length, 1);
    for (const i of items) UserSearchRespItemSchema.strict().parse(i);
    const robot = await api('/users/search?username=ali', { headers: basic('robot$priv+ci', 'Robot5ecret') });
    assert.deepEqual(await robot.json(), [{ user_id: ids.alice, username: 'alice' }]);
    assert.deepEqual(await (await api('/users/search?username=admin', { headers: ADMIN })).json(), []);
    // a NUL in the request target is refused before any handler (core's input guard)
    assert.equal((await api('/users/search?username=%00', { headers: ADMIN })).status, 400);
    assert.equal((await api('/users/search', { headers: ADMIN })).status, 422);
    assert.equal((await api('/users/search?username=', { headers: ADMIN })).status, 422);
  });

  test('get: admin any, self, others 403, anonymous 401, unknown 404', async () => {
    const self = await api(`/users/${ids.bob}`, { headers: as('bob') });
    assert.equal(self.status, 200);
    const body = STRICT_USER.parse(await self.json());
    assert.deepEqual([body.username, body.email, body.realname, body.sysadmin_flag], ['bob', 'bob@example.com', 'Real bob', false]);
    assert.equal((await api(`/users/${ids.bob}`, { headers: ADMIN })).status, 200);
    assert.equal((await api(`/users/${ids.bob}`, { headers: basic('robot$auditor', 'Robot5ecret') })).status, 200);
    assert.equal((await api(`/users/${ids.bob}`, { headers: as('alice') })).status, 403);
    assert.equal((await api(`/users/${ids.bob}`, { headers: basic('robot$priv+ci', 'Robot5ecret') })).status, 403);
    assert.equal((await api(`/users/${ids.bob}`)).status, 401);
    for (const id of ['424242', '0', '-3', '99999999999999']) assert.equal((await api(`/users/${id}`, { headers: ADMIN })).status, 404, id);
    for (const id of ['abc', '1.5', '1e3', "1'%20OR%20'1'%3D'1"]) assert.equal((await api(`/users/${id}`, { headers: ADMIN })).status, 422, id);
    assert.equal((await api('/users/99999', { headers: as('alice') })).status, 403, 'permission before existence');
  });

  test('update profile: self and admin; validation; e-mail conflicts', async () => {
    const put = (id: number | string, body: unknown, headers: Record<string, string>) => api(`/users/${id}`, { method: 'PUT', headers, body });
    assert.equal((await put(ids.bob, { email: 'bob2@example.com', realname: 'Bobby', comment: 'hi' }, as('bob'))).status, 200);
    const got = (await (await api(`/users/${ids.bob}`, { headers: as('bob') })).json()) as Record<string, unknown>;
    assert.deepEqual([got.email, got.realname, got.comment], ['bob2@example.com', 'Bobby', 'hi']);
    assert.equal((await put(ids.bob, { email: 'bob@example.com', realname: 'Bob' }, ADMIN)).status, 200);
    assert.equal((await put(ids.bob, { email: 'x@example.com', realname: 'X' }, as('alice'))).status, 403);
    assert.equal((await put(ids.bob, { email: 'x@example.com', realname: 'X' }, {})).status, 401);
    assert.equal((await put(ids.bob, { email: 'alice@example.com', realname: 'X' }, as('bob'))).status, 409);
    assert.equal((await put(ids.bob, { realname: 'X' }, as('bob'))).status, 400);
    assert.equal((await put(ids.bob, { email: 'x@example.com', realname: 'y'.repeat(10240) }, as('bob'))).status, 400);
    assert.equal((await put(ids.bob, { email: 'x@example.com', realname: 7 }, as('bob'))).status, 422);
    assert.equal((await put(ids.bob, { email: 'x@example.com', realname: 'a\u0000b' }, as('bob'))).status, 400);
    assert.equal((await put(424242, { email: 'x@example.com', realname: 'X' }, ADMIN)).status, 404);
    assert.equal((await put(ids.bob, { email: 'x@example.com', realname: 'X', username: 'hijack', sysadmin_flag: true }, as('bob'))).status, 200);
    const after = await db.user.findUniqueOrThrow({ where: { id: ids.bob } });
    assert.deepEqual([after.username, after.sysadminFlag], ['bob', false]);
  });

  test('password: self with the old one, admins without; then /service/token takes only the new one', async () => {
    const put = (id: number, body: unknown, headers: Record<string, string>) => api(`/users/${id}/password`, { method: 'PUT', headers, body });
    const wrong = await put(ids.dave, { old_password: 'Wr0ngPassword', new_password: 'N3wPassword' }, as('dave'));
    assert.equal(wrong.status, 403);
    assert.equal((await errorOf(wrong)).message, 'Current password is incorrect');
    assert.equal((await put(ids.dave, { old_password: 'Wr0ngPassword', new_password: 'weak' }, as('dave'))).status, 403, 'the old password is checked first');
    assert.equal((await put(ids.dave, { new_password: 'N3wPassword' }, as('dave'))).status, 403, 'self needs the old password');
    const same = await put(ids.dave, { old_password: PW, new_password: PW }, as('dave'));
    assert.equal(same.status, 400);
    assert.equal((await errorOf(same)).message, 'New password is identical to old password');
    assert.equal((await put(ids.dave, { old_password: PW, new_password: 'weakpass' }, as('dave'))).status, 400);
    assert.equal((await put(ids.dave, { old_password: PW, new_password: 12345678 }, as('dave'))).status, 422);
    assert.equal((await put(ids.dave, { old_password: PW, new_password: 'N3wPassword' }, as('alice'))).status, 403);
    assert.equal((await put(ids.dave, { old_password: PW, new_password: 'N3wPassword' }, {})).status, 401);
    assert.equal((await put(ids.dave, { old_password: PW, new_password: 'N3wPassword' }, as('dave'))).status, 200);
    assert.equal((await token('dave', 'N3wPassword')).status, 200);
    assert.equal((await token('dave', PW)).status, 401);
    assert.equal((await put(ids.dave, { new_password: 'Adm1nReset' }, ADMIN)).status, 200, 'admins reset without the old password');
    assert.equal((await token('dave', 'Adm1nReset')).status, 200);
    assert.equal((await put(424242, { new_password: 'Adm1nReset' }, ADMIN)).status, 404);
    const stored = await db.user.findUniqueOrThrow({ where: { id: ids.dave } });
    assert.ok(!stored.password.includes('Adm1nReset'), 'stored hashed');
  });

  test('sysadmin flag: admins only, not on themselves; promotion gives system access', async () => {
    const put = (id: number | string, body: unknown, headers: Record<string, string>) => api(`/users/${id}/sysadmin`, { method: 'PUT', headers, body });
    assert.equal((await put(ids.carol, { sysadmin_flag: true }, as('carol'))).status, 403);
    assert.equal((await put(ids.carol, { sysadmin_flag: true }, {})).status, 401);
    assert.equal((await put(ids.carol, { sysadmin_flag: 'true' }, ADMIN)).status, 422);
    assert.equal((await put(1, { sysadmin_flag: false }, ADMIN)).status, 403, 'not on yourself');
    assert.equal((await put(424242, { sysadmin_flag: true }, ADMIN)).status, 404);
    assert.equal((await put(ids.carol, { sysadmin_flag: true }, ADMIN)).status, 200);
    assert.equal((await api('/users', { headers: as('carol') })).status, 200);
    assert.equal(STRICT_USER.parse(await (await api(`/users/${ids.carol}`, { headers: ADMIN })).json()).sysadmin_flag, true);
    assert.equal((await put(ids.carol, {}, ADMIN)).status, 200, 'a missing flag is false, as Go decodes it');
    assert.equal((await api('/users', { headers: as('carol') })).status, 403);
  });

  test('CLI secret: self or admin; policy; Basic login with it on the API and the token service', async () => {
    const put = (id: number, body: unknown, headers: Record<string, string>) => api(`/users/${id}/cli_secret`, { method: 'PUT', headers, body });
    assert.equal((await put(ids.alice, { secret: 'Cl1SecretValue' }, {})).status, 401);
    assert.equal((await put(ids.alice, { secret: 'Cl1SecretValue' }, as('bob'))).status, 403);
    assert.equal((await put(ids.alice, { secret: 'short1A' }, as('alice'))).status, 400);
    assert.equal((await put(ids.alice, { secret: `Aa1${'z'.repeat(130)}` }, as('alice'))).status, 400, 'at most 128');
    assert.equal((await put(ids.alice, { secret: 5 }, as('alice'))).status, 422);
    const ok = await put(ids.alice, { secret: 'Cl1SecretValue' }, as('alice'));
    assert.equal(ok.status, 200);
    assert.equal(await ok.text(), '');
    assert.equal((await token('alice', 'Cl1SecretValue')).status, 200);
    assert.equal((await api('/users/current', { headers: as('alice', 'Cl1SecretValue') })).status, 200);
    assert.equal((await token('alice', PW)).status, 200, 'the password still works');
    assert.equal((await put(ids.alice, { secret: 'Adm1nSetSecret' }, ADMIN)).status, 200);
    assert.equal((await token('alice', 'Cl1SecretValue')).status, 401, 'one secret at a time');
    assert.equal((await token('alice', 'Adm1nSetSecret')).status, 200);
    assert.equal((await put(424242, { secret: 'Adm1nSetSecret' }, ADMIN)).status, 404);
    const me = await (await api(`/users/${ids.alice}`, { headers: as('alice') })).text();
    assert.doesNotMatch(me, /Adm1nSetSecret|secret|password/i);
  });

  test('current permissions: project scope, relative or absolute, by role, robot and public flag', async () => {
    const perms = async (qs: string, headers: Record<string, string>) => {
      const res = await api(`/users/current/permissions?${qs}`, { headers });
      assert.equal(res.status, 200, qs);
      return ((await res.json()) as Array<{ resource: string; action: string }>).map((p) => `${p.resource}:${p.action}`);
    };
    assert.equal((await api(`/users/current/permissions?scope=/project/${privId}`)).status, 401);
    const guest = await perms(`scope=/project/${privId}&relative=true`, as('alice', 'Adm1nSetSecret'));
    assert.ok(guest.includes('repository:pull') && guest.includes('.:read'));
    assert.ok(!guest.includes('repository:push') && !guest.includes('member:create'));
    const absolute = await perms(`scope=/project/${privId}`, as('alice', 'Adm1nSetSecret'));
    assert.ok(absolute.includes(`/project/${privId}/repository:pull`) && absolute.includes(`/project/${privId}:read`));
    assert.deepEqual(await perms(`scope=/project/${privId}&relative=false`, as('alice', 'Adm1nSetSecret')), absolute);
    const admin = await perms(`scope=/project/${privId}&relative=1`, ADMIN);
    assert.ok(admin.includes('repository:push') && admin.includes('member:create') && admin.includes('.:delete'));
    assert.deepEqual(await perms(`scope=/project/${privId}&relative=true`, as('bob')), [], 'not a member of a private project');
    const pub = await perms(`scope=/project/${pubId}&relative=true`, as('bob'));
    assert.ok(pub.includes('repository:pull') && !pub.includes('repository:push'));
    assert.deepEqual(await perms(`scope=/project/${privId}&relative=true`, basic('robot$priv+ci', 'Robot5ecret')), ['repository:pull']);
    const narrowed = await perms(`scope=/project/${privId}/repository&relative=true`, ADMIN);
    assert.ok(narrowed.includes('.:pull') && !narrowed.some((p) => p.startsWith('member')), 'relative to a deeper scope keeps only what lies under it');
    for (const scope of ['', 'scope=/project/424242', 'scope=/project/abc', 'scope=/project/99999999999999', "scope=/project/1'--"]) {
      assert.deepEqual(await perms(`${scope}&relative=true`, ADMIN), [], scope);
    }
    const system = await perms('scope=/system&relative=true', ADMIN);
    assert.ok(system.includes('user:create'));
    assert.deepEqual(await perms('scope=/system&relative=true', as('bob')), []);
    assert.deepEqual(await perms('scope=/system', basic('robot$auditor', 'Robot5ecret')), ['/system/user:read', '/system/user:list']);
  });

  test('hostile inputs on every endpoint: 4xx or success, never 5xx', async () => {
    const bodies: unknown[] = [
      null, [], [1, 2], 'str', 0, true, {}, { username: { a: 1 } }, { email: ['a@b.co'] }, { new_password: null, old_password: 5 },
      { secret: '\u0000Aa1aaaaaa' }, { realname: '\u0000' }, { email: 'a@b.co', realname: 'é'.repeat(200) }, { sysadmin_flag: 'yes' },
      { username: "'; DELETE FROM harbor_user; --", email: 'q@example.com', realname: 'Q', password: 'Aa1zzzzzz' },
      { username: 'nul-pass', email: 'n@example.com', realname: 'N', password: 'Aa1\u0000zzzzz' },
      { email: 'x@example.com', realname: '\ud800', comment: '\udfff' }, { __proto__: { sysadmin_flag: true } },
    ];
    // console sessions (the portal's way in) spare each of these requests a password hash
    const session = async (u: string, p: string) => {
      const res = await fetch(`${core.url}/c/login`, { method: 'POST', body: new URLSearchParams({ principal: u, password: p }) });
      assert.equal(res.status, 200);
      const sid = /sid=([^;]+)/.exec(res.headers.get('set-cookie')!)![1];
      return { Cookie: `sid=${sid}`, 'X-Harbor-CSRF-Token': res.headers.get('x-harbor-csrf-token')! };
    };
    const adminSession = await session('admin', 'Harbor12345');
    const bobSession = await session('bob', PW);
    const targets = ['/users', `/users/${ids.bob}`, `/users/${ids.bob}/password`, `/users/${ids.bob}/sysadmin`, `/users/${ids.bob}/cli_secret`];
    for (const path of targets) {
      for (const body of bodies) {
        for (const headers of [adminSession, bobSession]) {
          const res = await api(path, { method: path === '/users' ? 'POST' : 'PUT', headers, raw: typeof body === 'string' && body !== 'str' ? body : JSON.stringify(body) });
          assert.ok(res.status < 500, `${path} ${JSON.stringify(body)} → ${res.status}`);
          if (headers === adminSession) assert.ok(res.status !== 401 && res.status !== 403, `the admin's session reaches ${path}`);
        }
      }
    }
    const queries = ['q=%00', 'q=username%3D%00', 'q=email%3D~%27%20OR%201%3D1', 'q=creation_time%3D[2020-01-01~]', 'q=creation_time%3D[x~y]',
      'q=update_time%3D9999-99-99', 'q=user_id%3D{1%202%20x}', 'q=user_id%3D[~-99999999999]', 'sort=%00', 'page=-1&page_size=-1', 'page=99999999999999999999'];
    for (const qs of queries) assert.ok((await api(`/users?${qs}`, { headers: ADMIN })).status < 500, qs);
    const underscore = (await (await api('/users/search?username=_', { headers: ADMIN })).json()) as Array<{ username: string }>;
    assert.deepEqual(underscore.map((u) => u.username), ["'; DELETE FROM harbor_user; --"], '_ matches itself, not any character');
    for (const qs of ['username=%27%20OR%20%271%27%3D%271', 'username=%5C', 'username=%25', 'username=' + 'x'.repeat(5000)]) {
      const res = await api(`/users/search?${qs}`, { headers: ADMIN });
      assert.equal(res.status, 200, qs);
      const found = await res.json();
      assert.deepEqual(found, [], `${qs} ${JSON.stringify(found)}`);
    }
    assert.equal((await api('/users/search?username=a', { headers: basic('nul\u0000user', PW) })).status, 401);
  });

  test('delete: admins only, not themselves; memberships go; name and e-mail can be reused', async () => {
    const del = (id: number | string, headers: Record<string, string>) => api(`/users/${id}`, { method: 'DELETE', headers });
    assert.equal((await del(ids.carol, {})).status, 401);
    assert.equal((await del(ids.carol, as('bob'))).status, 403);
    assert.equal((await del(ids.carol, basic('robot$auditor', 'Robot5ecret'))).status, 403);
    assert.equal((await del(1, ADMIN)).status, 403, 'not yourself, not the default admin');
    assert.equal((await del(424242, ADMIN)).status, 404);
    assert.equal((await del(ids.carol, ADMIN)).status, 200);
    assert.equal((await del(ids.carol, ADMIN)).status, 404, 'already deleted');
    assert.equal((await api(`/users/${ids.carol}`, { headers: ADMIN })).status, 404);
    assert.equal((await api(`/users/${ids.carol}/password`, { method: 'PUT', headers: ADMIN, body: { new_password: 'Adm1nReset' } })).status, 404);
    assert.equal((await api(`/users/${ids.carol}`, { method: 'PUT', headers: ADMIN, body: { email: 'c@example.com', realname: 'C' } })).status, 404);
    assert.equal(await db.projectMember.count({ where: { entityId: ids.carol, entityType: 'u' } }), 0);
    const row = await db.user.findUniqueOrThrow({ where: { id: ids.carol } });
    assert.deepEqual([row.username, row.email, row.deleted], [`carol#${ids.carol}`, `carol@example.com#${ids.carol}`, true]);
    assert.equal((await token('carol', PW)).status, 401);
    assert.deepEqual(await (await api('/users/search?username=carol', { headers: ADMIN })).json(), []);
    const again = await create('carol');
    assert.equal(again.status, 201);
    const newId = Number(again.headers.get('location')!.split('/').pop());
    assert.notEqual(newId, ids.carol);
    assert.equal((await token('carol', PW)).status, 200);
    const perms = (await (await api(`/users/current/permissions?scope=/project/${privId}&relative=true`, { headers: as('carol') })).json()) as unknown[];
    assert.deepEqual(perms, [], 'the new carol does not inherit the old one\'s membership');
  });
});
