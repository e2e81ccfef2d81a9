// Service endpoints: ping, version, health (against a real registry process), systeminfo, current user.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarborRegistry, type HarborRegistry } from '@harbor/testkit';
import { basic, startTestCore, type TestCore } from './helpers.js';

describe('system endpoints', () => {
  let core: TestCore;
  let registry: HarborRegistry;
  before(async () => {
    registry = await startHarborRegistry();
    core = await startTestCore({ registryURL: registry.url, externalURL: 'https://harbor.example.com' });
  });
  after(async () => {
    await core.stop();
    await registry.stop();
  });

  test('ping and version', async () => {
    assert.equal(await (await fetch(`${core.url}/api/v2.0/ping`)).text(), 'Pong');
    assert.deepEqual(await (await fetch(`${core.url}/api/version`)).json(), { version: 'v2.0' });
  });

  test('current user: 401 for anonymous callers and bad credentials, the profile for the admin', async () => {
    const anon = await fetch(`${core.url}/api/v2.0/users/current`);
    assert.equal(anon.status, 401);
    assert.equal(((await anon.json()) as { errors: Array<{ code: string }> }).errors[0].code, 'UNAUTHORIZED');
    assert.equal((await fetch(`${core.url}/api/v2.0/users/current`, { headers: basic('admin', 'wrong') })).status, 401);
    const me = (await (await fetch(`${core.url}/api/v2.0/users/current`, { headers: basic('admin', 'Harbor12345') })).json()) as Record<string, unknown>;
    assert.equal(me.username, 'admin');
    assert.equal(me.sysadmin_flag, true);
    assert.equal(me.user_id, 1);
    assert.equal('password' in me, false);
  });

  test('systeminfo: a subset for anonymous callers, the URLs for signed-in ones', async () => {
    const anon = (await (await fetch(`${core.url}/api/v2.0/systeminfo`)).json()) as Record<string, unknown>;
    assert.equal(anon.auth_mode, 'db_auth');
    assert.equal(anon.external_url, undefined);
    const full = (await (await fetch(`${core.url}/api/v2.0/systeminfo`, { headers: basic('admin', 'Harbor12345') })).json()) as Record<string, unknown>;
    assert.equal(full.external_url, 'https://harbor.example.com');
    assert.equal(full.registry_url, 'harbor.example.com');
  });

  test('health reports each component, and a registry that went away', async () => {
    const up = (await (await fetch(`${core.url}/api/v2.0/health`)).json()) as { status: string; components: Array<{ name: string; status: string }> };
    assert.equal(up.status, 'healthy');
    assert.deepEqual(up.components.map((c) => c.name).sort(), ['core', 'database', 'registry']);
    await registry.stop();
    const down = (await (await fetch(`${core.url}/api/v2.0/health`)).json()) as { status: string; components: Array<{ name: string; status: string }> };
    assert.equal(down.status, 'unhealthy');
    assert.equal(down.components.find((c) => c.name === 'registry')?.status, 'unhealthy');
    registry = await startHarborRegistry();
  });
});
