// /api/v2.0/configurations against the real database: who may read and change the settings, Harbor's
// {value, editable} shape, every kind of bad body (nothing written), and each setting taking effect.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationsResponseSchema, GeneralInfoSchema } from '@harbor/contracts';
import { createPrismaClient, type PrismaClient } from '@harbor/db';
import { createLogger } from '@harbor/telemetry';
import { CoreConfigSchema } from '../src/config.js';
import { startCore } from '../src/server.js';
import { addUsers, basic, startTestCore, type TestCore } from './helpers.js';
import { addSystemRobot, errorCode, jsonApi } from './json-api.js';

const ADMIN = basic('admin', 'Harbor12345');
const ALICE = basic('alice', 'Passw0rd!');

describe('configurations API', () => {
  let core: TestCore;
  let db: PrismaClient;
  const api = jsonApi(() => core.url);
  const put = (body: unknown, headers: Record<string, string> = ADMIN) => api('/configurations', { method: 'PUT', headers, body });
  const settings = async () => ConfigurationsResponseSchema.parse((await api('/configurations', { headers: ADMIN })).json);
  const stored = async () => Object.fromEntries((await db.properties.findMany()).map((p) => [p.k, p.v]));
  const systeminfo = async (headers: Record<string, string> = ADMIN) => GeneralInfoSchema.parse((await api('/systeminfo', { headers })).json);

  before(async () => {
    core = await startTestCore({ settings: { cacheSeconds: 60 } });
    db = createPrismaClient(core.databaseUrl);
    await addSystemRobot(db, 'ops', 'Ops5ecretX', [{ resource: '*', action: '*' }]);
  });
  after(async () => {
    await db.$disconnect();
    await core.stop();
  });

  test('GET: every key as {value, editable} with Harbor\'s defaults, never a secret', async () => {
    const res = await api('/configurations', { headers: ADMIN });
    assert.equal(res.status, 200);
    const body = res.json as Record<string, { value: unknown; editable: boolean }>;
    assert.deepEqual(body.auth_mode, { value: 'db_auth', editable: true }, 'only the admin exists: the auth mode may change');
    assert.deepEqual(body.project_creation_restriction, { value: 'everyone', editable: true });
    assert.deepEqual(body.self_registration, { value: false, editable: true });
    assert.deepEqual(body.token_expiration, { value: 30, editable: true });
    assert.deepEqual(body.robot_token_duration, { value: 30, editable: true });
    assert.deepEqual(body.robot_name_prefix, { value: 'robot$', editable: true });
    assert.deepEqual(body.read_only, { value: false, editable: true });
    assert.deepEqual(body.notification_enable, { value: true, editable: true });
    assert.deepEqual(body.storage_per_project, { value: -1, editable: true });
    assert.deepEqual(body.skip_audit_log_database, { value: false, editable: true });
    for (const secret of ['ldap_search_password', 'oidc_client_secret', 'uaa_client_secret']) assert.equal(secret in body, false, secret);
    ConfigurationsResponseSchema.parse(body);
  });

  test('only system administrators read and change them', async () => {
    await addUsers(db, ['alice']);
    for (const [headers, status] of [[{}, 401], [ALICE, 403], [basic('robot$ops', 'Ops5ecretX'), 403]] as const) {
      assert.equal((await api('/configurations', { headers })).status, status);
      const res = await put({ self_registration: true }, headers);
      assert.equal(res.status, status);
    }
    assert.deepEqual(await stored(), {});
  });

  test('bad bodies: 4xx with Harbor\'s error body, and not one key written', async () => {
    const cases: Array<[unknown, number]> = [
      [{ bogus: 1 }, 400],
      [{ self_registration: true, bogus: 1 }, 400],
      [{ self_registration: 'true' }, 422],
      [{ token_expiration: '30' }, 422],
      [{ token_expiration: 1.5 }, 422],
      [{ token_expiration: 0 }, 400],
      [{ token_expiration: -5, self_registration: true }, 400],
      [{ robot_token_duration: 0 }, 400],
      [{ project_creation_restriction: 'nobody' }, 400],
      [{ project_creation_restriction: 5 }, 422],
      [{ auth_mode: 'none' }, 400],
      [{ storage_per_project: 0 }, 400],
      [{ robot_name_prefix: '' }, 400],
      [{ robot_name_prefix: 'a:b' }, 400],
      [{ ldap_scope: 3 }, 400],
      [{ skip_audit_log_database: true }, 400],
      [{ audit_log_forward_endpoint: 'not an endpoint' }, 400],
      [[{ read_only: true }], 422],
    ];
    for (const [body, status] of cases) {
      const res = await put(body);
      assert.equal(res.status, status, JSON.stringify(body));
    }
    assert.equal((await api('/configurations', { method: 'PUT', headers: ADMIN, raw: '{oops' })).status, 400);
    assert.equal((await api('/configurations', { method: 'PUT', headers: ADMIN, raw: 'null' })).status, 400);
    assert.deepEqual(await stored(), {});
    assert.equal((await put({})).status, 200, 'an empty object changes nothing');
    assert.equal((await put({ self_registration: null })).status, 200, 'null means "not given"');
    assert.deepEqual(await stored(), {});
  });

  test('the auth mode: no mode this installation lacks; fixed once users other than the admin exist', async () => {
    await db.user.deleteMany({ where: { username: 'alice' } });
    assert.equal((await settings()).auth_mode?.editable, true);
    const unsupported = await put({ auth_mode: 'ldap_auth' });
    assert.equal(unsupported.status, 400);
    assert.match((unsupported.json as { errors: Array<{ message: string }> }).errors[0]!.message, /not supported/);
    await addUsers(db, ['alice']);
    assert.equal((await settings()).auth_mode?.editable, false);
    const fixed = await put({ auth_mode: 'oidc_auth' });
    assert.equal(fixed.status, 400);
    assert.match((fixed.json as { errors: Array<{ message: string }> }).errors[0]!.message, /cannot be modified as new users have been inserted/);
    assert.equal((await put({ auth_mode: 'db_auth' })).status, 200, 'the same mode is no change');
  });

  test('project_creation_restriction=adminonly: only system administrators create projects', async () => {
    assert.equal((await put({ project_creation_restriction: 'adminonly' })).status, 200);
    assert.equal((await systeminfo()).project_creation_restriction, 'adminonly');
    const refused = await api('/projects', { method: 'POST', headers: ALICE, body: { project_name: 'alices' } });
    assert.equal(refused.status, 403);
    assert.equal(errorCode(refused), 'FORBIDDEN');
    assert.equal(await db.project.count({ where: { name: 'alices' } }), 0);
    assert.equal((await api('/projects', { method: 'POST', headers: ADMIN, body: { project_name: 'admins' } })).status, 201);
    assert.equal((await put({ project_creation_restriction: 'everyone' })).status, 200);
    assert.equal((await api('/projects', { method: 'POST', headers: ALICE, body: { project_name: 'alices' } })).status, 201);
  });

  test('self_registration: anonymous sign-up from the portal when on; never through the API with credentials', async () => {
    const signUp = (name: string, cookie?: string) => api('/users', {
      method: 'POST', headers: cookie ? { Cookie: cookie } : {},
      body: { username: name, email: `${name}@example.com`, realname: name, password: 'Passw0rd!' },
    });
    assert.equal((await signUp('early', 'sid=portal')).status, 401, 'off: anonymous callers cannot create users');
    assert.equal((await systeminfo({})).self_registration, false);
    assert.equal((await put({ self_registration: true })).status, 200);
    assert.equal((await systeminfo({})).self_registration, true, 'anonymous callers see it too');
    assert.equal((await signUp('newbie', 'sid=portal')).status, 201);
    assert.equal((await signUp('scripted')).status, 403, 'self-registration cannot be triggered via API');
    assert.equal((await api('/users/current', { headers: basic('newbie', 'Passw0rd!') })).status, 200);
    assert.equal((await put({ self_registration: false })).status, 200);
    assert.equal((await signUp('late', 'sid=portal')).status, 401);
  });

  test('token_expiration: the registry token\'s lifetime, in minutes', async () => {
    const token = async () => {
      const res = await fetch(`${core.url}/service/token?service=harbor-registry&scope=repository:library/x:pull`, { headers: ADMIN });
      const body = (await res.json()) as { token: string; expires_in: number };
      const claims = JSON.parse(Buffer.from(body.token.split('.')[1]!, 'base64url').toString()) as { exp: number; iat: number };
      return { expiresIn: body.expires_in, lifetime: claims.exp - claims.iat };
    };
    assert.deepEqual(await token(), { expiresIn: 1800, lifetime: 1800 });
    assert.equal((await put({ token_expiration: 5 })).status, 200);
    assert.deepEqual(await token(), { expiresIn: 300, lifetime: 300 });
  });

  test('robot_name_prefix: robots are named and sign in with it', async () => {
    const perms = [{ kind: 'project', namespace: 'library', access: [{ resource: 'repository', action: 'pull' }] }];
    const made = await api('/robots', { method: 'POST', headers: ADMIN, body: { name: 'ci', level: 'project', duration: -1, permissions: perms } });
    assert.equal(made.status, 201);
    const secret = (made.json as { secret: string }).secret;
    assert.equal((made.json as { name: string }).name, 'robot$library+ci');
    assert.equal((await put({ robot_name_prefix: 'bot-' })).status, 200);
    const robots = await api('/robots?q=Level%3Dproject,ProjectID%3D1', { headers: ADMIN });
    assert.deepEqual((robots.json as Array<{ name: string }>).map((r) => r.name), ['bot-library+ci']);
    assert.equal((await api('/projects/library', { headers: basic('bot-library+ci', secret) })).status, 200);
    assert.equal((await api('/projects/library', { headers: basic('robot$library+ci', secret) })).status, 401);
    const res = await fetch(`${core.url}/service/token?service=harbor-registry&scope=repository:library/x:pull`, { headers: basic('bot-library+ci', secret) });
    const claims = JSON.parse(Buffer.from(((await res.json()) as { token: string }).token.split('.')[1]!, 'base64url').toString()) as { sub: string };
    assert.equal(claims.sub, 'bot-library+ci');
    assert.equal((await put({ robot_name_prefix: 'robot$' })).status, 200);
  });

  test('read_only: every change but the settings is refused with 403 DENIED; reading goes on', async () => {
    assert.equal((await put({ read_only: true, notification_enable: false, robot_token_duration: 7 })).status, 200);
    const info = await systeminfo();
    assert.equal(info.read_only, true);
    assert.equal(info.notification_enable, false);
    const refused = await api('/projects', { method: 'POST', headers: ADMIN, body: { project_name: 'during-ro' } });
    assert.equal(refused.status, 403);
    assert.equal(errorCode(refused), 'DENIED');
    assert.equal((await api('/labels', { method: 'POST', headers: ADMIN, body: { name: 'x', scope: 'g' } })).status, 403);
    assert.equal((await api('/projects', { headers: ADMIN })).status, 200);
    assert.equal((await put({ read_only: false })).status, 200);
    assert.equal((await api('/projects', { method: 'POST', headers: ADMIN, body: { project_name: 'after-ro' } })).status, 201);
    assert.equal((await settings()).robot_token_duration?.value, 7);
  });

  test('audit log forwarding: events go to the syslog endpoint, and with skip_audit_log_database only there', async () => {
    const lines: string[] = [];
    const server: Server = createServer((socket) => socket.on('data', (d) => lines.push(...d.toString().split('\n').filter(Boolean))));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      assert.equal((await put({ audit_log_forward_endpoint: '127.0.0.1:1' })).status, 400, 'an endpoint that does not answer');
      assert.equal((await put({ audit_log_forward_endpoint: `127.0.0.1:${port}` })).status, 200);
      assert.equal((await api('/labels', { method: 'POST', headers: ADMIN, body: { name: 'forwarded', scope: 'g' } })).status, 201);
      await waitFor(() => lines.some((l) => l.includes('resource:forwarded')));
      assert.match(lines.find((l) => l.includes('resource:forwarded'))!, /^<6>\S+ \S+ audit\[\d+\]: operator="admin" .*action:create, resource:forwarded, resource_type:label/);
      assert.equal(await db.auditLog.count({ where: { resource: 'forwarded' } }), 1, 'kept in the database too');

      assert.equal((await put({ skip_audit_log_database: true })).status, 200);
      assert.equal((await api('/labels', { method: 'POST', headers: ADMIN, body: { name: 'only-forwarded', scope: 'g' } })).status, 201);
      await waitFor(() => lines.some((l) => l.includes('resource:only-forwarded')));
      assert.equal(await db.auditLog.count({ where: { resource: 'only-forwarded' } }), 0);
      assert.equal((await put({ audit_log_forward_endpoint: '' })).status, 400, 'skipping the database needs an endpoint');
      assert.equal((await put({ skip_audit_log_database: false, audit_log_forward_endpoint: '' })).status, 200);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test('changes are in the audit log, stored as Harbor stores them, and seen by another core on the same database', async () => {
    const logs = await db.auditLog.findMany({ where: { resourceType: 'configuration' }, orderBy: { id: 'asc' } });
    assert.ok(logs.length >= 10);
    assert.ok(logs.some((l) => l.operation === 'update' && l.resource === 'project_creation_restriction' && l.username === 'admin'));
    const kept = await stored();
    assert.equal(kept.token_expiration, '5');
    assert.equal(kept.read_only, 'false');
    assert.equal(kept.robot_name_prefix, 'robot$');

    const dataDir = await mkdtemp(join(tmpdir(), 'core-replica-'));
    const replica = await startCore(
      CoreConfigSchema.parse({ http: { addr: '127.0.0.1:0' }, database: { url: core.databaseUrl }, dataDir, redis: { keyPrefix: core.keyPrefix }, settings: { cacheSeconds: 0 } }),
      createLogger('core', 'silent'),
    );
    try {
      const info = async () => (await (await fetch(`${replica.url}/api/v2.0/systeminfo`, { headers: ADMIN })).json()) as { project_creation_restriction: string };
      assert.equal((await info()).project_creation_restriction, 'everyone');
      assert.equal((await put({ project_creation_restriction: 'adminonly' })).status, 200);
      assert.equal((await info()).project_creation_restriction, 'adminonly');
      const refused = await fetch(`${replica.url}/api/v2.0/projects`, {
        method: 'POST', headers: { ...ALICE, 'Content-Type': 'application/json' }, body: JSON.stringify({ project_name: 'via-replica' }),
      });
      assert.equal(refused.status, 403);
    } finally {
      await replica.close();
      await rm(dataDir, { recursive: true, force: true });
      await put({ project_creation_restriction: 'everyone' });
    }
  });
});

async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
