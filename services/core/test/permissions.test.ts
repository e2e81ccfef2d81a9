// GET /api/v2.0/permissions: grantable robot permissions, the system level for system admins only.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrismaClient } from '@harbor/db';
import { PermissionsSchema } from '@harbor/contracts';
import { addUsers, basic, startTestCore, type TestCore } from './helpers.js';

let core: TestCore;
before(async () => {
  core = await startTestCore();
  const db = createPrismaClient(core.databaseUrl);
  await addUsers(db, ['someone']);
  await db.$disconnect();
});
after(async () => { await core.stop(); });

const get = (headers: Record<string, string> = {}) => fetch(`${core.url}/api/v2.0/permissions`, { headers });

test('system admins see both levels, others the project level only, anonymous callers nothing', async () => {
  const admin = PermissionsSchema.parse(await (await get(basic('admin', 'Harbor12345'))).json());
  assert.ok(admin.system?.some((p) => p.resource === 'user' && p.action === 'create'));
  assert.ok(admin.project?.some((p) => p.resource === 'repository' && p.action === 'push'));
  const user = await get(basic('someone', 'Passw0rd!'));
  assert.equal(user.status, 200);
  const body = PermissionsSchema.parse(await user.json());
  assert.equal(body.system, undefined);
  assert.deepEqual(body.project, admin.project);
  const anonymous = await get();
  assert.equal(anonymous.status, 401);
  assert.equal(((await anonymous.json()) as { errors: Array<{ code: string }> }).errors[0]!.code, 'UNAUTHORIZED');
});
