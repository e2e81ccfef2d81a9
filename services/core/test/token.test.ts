// The token service against the real database: who gets which actions, in every way clients ask.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { hashPassword, hashSecret, TokenVerifier, ROLE_IDS } from '@harbor/auth';
import { createPrismaClient, type PrismaClient } from '@harbor/db';
import { basic, startTestCore, type TestCore } from './helpers.js';

describe('token service', () => {
  let core: TestCore;
  let db: PrismaClient;
  let verifier: TokenVerifier;

  before(async () => {
    core = await startTestCore();
    db = createPrismaClient(core.databaseUrl);
    verifier = new TokenVerifier({ issuer: 'harbor-token-issuer', service: 'harbor-registry', rootCertBundlePem: readFileSync(core.certPath, 'utf8') });
    const priv = await db.project.create({ data: { name: 'secret', public: false } });
    const pw = await hashPassword('Passw0rd!');
    for (const [name, role] of [['dev', ROLE_IDS.developer], ['gst', ROLE_IDS.guest], ['own', ROLE_IDS.projectAdmin]] as const) {
      const u = await db.user.create({ data: { username: name, password: pw } });
      await db.projectMember.create({ data: { projectId: priv.id, entityId: u.id, entityType: 'u', role } });
    }
    await db.user.create({ data: { username: 'outsider', password: pw } });
    await db.robot.create({
      data: {
        name: 'secret+ci', secret: await hashSecret('Robot5ecret'), projectId: priv.id, level: 'project',
        permissions: [{ kind: 'project', namespace: 'secret', access: [{ resource: 'repository', action: 'pull' }, { resource: 'repository', action: 'push' }] }],
      },
    });
    await db.robot.create({
      data: { name: 'off', secret: await hashSecret('Robot5ecret'), level: 'system', disabled: true, permissions: [] },
    });
  });
  after(async () => {
    await db.$disconnect();
    await core.stop();
  });

  async function token(query: string, headers: Record<string, string> = {}) {
    const res = await fetch(`${core.url}/service/token?service=harbor-registry&${query}`, { headers });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }
  function actions(body: Record<string, unknown>, name: string): string[] {
    const access = verifier.verify(body.token as string).access;
    return [...(access.find((a) => a.name === name)?.actions ?? [])].sort();
  }

  test('docker login: no credentials and no scope → 401; admin with the initial password → token', async () => {
    const anon = await token('account=admin&client_id=docker&offline_token=true');
    assert.equal(anon.status, 401);
    assert.deepEqual(anon.body, { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] });
    const ok = await token('account=admin&client_id=docker&offline_token=true', basic('admin', 'Harbor12345'));
    assert.equal(ok.status, 200);
    assert.equal(ok.body.token, ok.body.access_token);
    assert.equal(ok.body.expires_in, 1800);
    assert.ok(ok.body.refresh_token, 'offline login returns a refresh token');
    assert.equal(verifier.verify(ok.body.token as string).subject, 'admin');
  });

  test('wrong password and unknown users are 401; an unknown service is 400', async () => {
    assert.equal((await token('scope=repository:library/x:pull', basic('admin', 'nope'))).status, 401);
    assert.equal((await token('scope=repository:library/x:pull', basic('ghost', 'nope'))).status, 401);
    const res = await fetch(`${core.url}/service/token?service=other&scope=repository:library/x:pull`);
    assert.equal(res.status, 400);
  });

  test('granted actions follow the caller\'s role, replaced not intersected', async () => {
    const scope = 'scope=repository:secret/app:pull,push';
    assert.deepEqual(actions((await token(scope, basic('dev', 'Passw0rd!'))).body, 'secret/app'), ['pull', 'push']);
    assert.deepEqual(actions((await token(scope, basic('gst', 'Passw0rd!'))).body, 'secret/app'), ['pull']);
    assert.deepEqual(actions((await token('scope=repository:secret/app:pull', basic('own', 'Passw0rd!'))).body, 'secret/app'), ['*', 'delete', 'pull', 'push']);
    assert.deepEqual(actions((await token(scope, basic('outsider', 'Passw0rd!'))).body, 'secret/app'), []);
    assert.deepEqual(actions((await token(scope)).body, 'secret/app'), [], 'anonymous on a private project');
    assert.deepEqual(actions((await token('scope=repository:library/busybox:pull,push')).body, 'library/busybox'), ['pull'], 'anonymous on a public project');
    assert.deepEqual(actions((await token('scope=repository:nosuch/app:pull', basic('admin', 'Harbor12345'))).body, 'nosuch/app'), []);
  });

  test('catalog only for admins; several scopes in one parameter and repeated parameters', async () => {
    const admin = await token('scope=registry:catalog:*&scope=repository:library/a:pull repository:secret/b:push', basic('admin', 'Harbor12345'));
    assert.deepEqual(actions(admin.body, 'catalog'), ['*']);
    assert.ok(actions(admin.body, 'library/a').includes('pull'));
    assert.ok(actions(admin.body, 'secret/b').includes('push'));
    assert.deepEqual(actions((await token('scope=registry:catalog:*', basic('dev', 'Passw0rd!'))).body, 'catalog'), []);
  });

  test('POST password grant (ctr, helm) and refresh_token grant (docker)', async () => {
    const form = (fields: Record<string, string>) => fetch(`${core.url}/service/token`, {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields),
    });
    const res = await form({ grant_type: 'password', username: 'dev', password: 'Passw0rd!', service: 'harbor-registry', client_id: 'containerd', scope: 'repository:secret/app:pull,push repository:library/x:pull' });
    assert.equal(res.status, 200);
    const body = (await res.json()) as Record<string, string>;
    assert.deepEqual(actions(body, 'secret/app'), ['pull', 'push']);
    const refreshed = await form({ grant_type: 'refresh_token', refresh_token: body.refresh_token, service: 'harbor-registry', scope: 'repository:secret/app:pull' });
    assert.equal(refreshed.status, 200);
    assert.deepEqual(actions((await refreshed.json()) as Record<string, unknown>, 'secret/app'), ['pull', 'push']);
    const forged = await form({ grant_type: 'refresh_token', refresh_token: body.token, service: 'harbor-registry' });
    assert.equal(forged.status, 401, 'an access token is not a refresh token');
    assert.equal((await form({ grant_type: 'password', username: 'dev', password: 'bad', service: 'harbor-registry' })).status, 401);
  });

  test('robot accounts: their permissions, never more; disabled robots refused', async () => {
    const ok = await token('scope=repository:secret/app:pull,push,delete', basic('robot$secret+ci', 'Robot5ecret'));
    assert.equal(ok.status, 200);
    assert.deepEqual(actions(ok.body, 'secret/app'), ['pull', 'push']);
    assert.equal(verifier.verify(ok.body.token as string).subject, 'robot$secret+ci');
    assert.equal((await token('scope=repository:secret/app:pull', basic('robot$off', 'Robot5ecret'))).status, 401);
    assert.equal((await token('scope=repository:secret/app:pull', basic('robot$secret+ci', 'wrong'))).status, 401);
  });
});
