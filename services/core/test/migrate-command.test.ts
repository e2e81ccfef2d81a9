// `main.js migrate`: the Helm chart's pre-install/pre-upgrade Job applies the schema and exits, without
// starting the API (no Redis needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createPool } from '@harbor/db/sql';
import { createTestDatabase } from '@harbor/testkit';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));

test('migrate applies every migration once and exits 0', async () => {
  const database = await createTestDatabase();
  try {
    const env = { ...process.env, CORE_DATABASE_URL: database.url, CORE_LOG_LEVEL: 'warn', CORE_REDIS_URL: 'redis://127.0.0.1:1/0' };
    const args = ['--conditions=development', '--import', 'tsx', main, 'migrate'];
    for (let round = 0; round < 2; round++) {
      const res = spawnSync(process.execPath, args, { env, encoding: 'utf8', timeout: 120_000 });
      assert.equal(res.status, 0, res.stderr);
    }
    const client = createPool(database.url);
    try {
      const { rows } = await client.query('SELECT count(*)::int AS n, count(finished_at)::int AS done FROM "_prisma_migrations"');
      assert.ok(rows[0].n > 0);
      assert.equal(rows[0].done, rows[0].n);
      const users = await client.query('SELECT count(*)::int AS n FROM harbor_user');
      assert.equal(users.rows[0].n, 0, 'migrate must not create the admin: that is the running core\'s job');
    } finally {
      await client.end();
    }
  } finally {
    await database.drop();
  }
});
