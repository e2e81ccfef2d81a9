// The start-up migrator against real PostgreSQL: fresh apply, idempotence, concurrent replicas, failure
// rollback, ensureDatabase, and agreement with the real Prisma CLI's view of the migrations table.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '@harbor/testkit';
import { ensureDatabase, migrateDatabase, migrationsDir } from '../src/index.js';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));

function runPrisma(args: string[], databaseUrl: string) {
  return spawnSync(join(packageRoot, 'node_modules/.bin/prisma'), args, {
    cwd: packageRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: '1' },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

async function localMigrations(): Promise<string[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

describe('migrateDatabase', () => {
  const dbs: TestDatabase[] = [];
  const fresh = async () => {
    const db = await createTestDatabase();
    dbs.push(db);
    return db;
  };
  after(async () => {
    for (const db of dbs) await db.drop();
  });

  test('applies every migration to a fresh database, then is a no-op', async () => {
    const db = await fresh();
    const expected = await localMigrations();
    assert.ok(expected.length >= 2);
    const logs: string[] = [];
    const first = await migrateDatabase(db.url, { log: (m) => logs.push(m) });
    assert.deepEqual(first.applied, expected);
    assert.ok(logs.some((l) => l.includes(expected[0])));

    const second = await migrateDatabase(db.url);
    assert.deepEqual(second.applied, []);

    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      db.url,
      'SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name',
    );
    assert.deepEqual(rows.map((r) => r.migration_name), expected);
    for (const r of rows) {
      const bytes = await readFile(join(migrationsDir, r.migration_name, 'migration.sql'));
      assert.equal(r.checksum, createHash('sha256').update(bytes).digest('hex'));
      assert.ok(r.finished_at instanceof Date);
      assert.equal(r.applied_steps_count, 1);
    }
  });

  test('creates the public library project owned by user 1', async () => {
    const db = await fresh();
    await migrateDatabase(db.url);
    const rows = await query<{ name: string; owner_id: number; public: boolean; deleted: boolean }>(
      db.url,
      "SELECT name, owner_id, public, deleted FROM project WHERE name = 'library'",
    );
    assert.deepEqual(rows, [{ name: 'library', owner_id: 1, public: true, deleted: false }]);
  });

  test('three replicas migrating at once each succeed and apply every migration exactly once', async () => {
    const db = await fresh();
    const expected = await localMigrations();
    const results = await Promise.all([1, 2, 3].map(() => migrateDatabase(db.url)));
    const applied = results.flatMap((r) => r.applied).sort();
    assert.deepEqual(applied, expected);
    const rows = await query<{ n: number }>(db.url, 'SELECT count(*)::int AS n FROM _prisma_migrations');
    assert.equal(rows[0].n, expected.length);
    const library = await query<{ n: number }>(db.url, "SELECT count(*)::int AS n FROM project WHERE name = 'library'");
    assert.equal(library[0].n, 1);
  });

  test('a failing migration is rolled back entirely and not recorded, earlier ones stay applied', async () => {
    const db = await fresh();
    const dir = await mkdtemp(join(tmpdir(), 'harbor-migrations-'));
    try {
      await cp(migrationsDir, dir, { recursive: true });
      const broken = '99990101000000_broken';
      await mkdir(join(dir, broken));
      await writeFile(
        join(dir, broken, 'migration.sql'),
        'CREATE TABLE half_done (id int);\nINSERT INTO no_such_table VALUES (1);\n',
      );
      await assert.rejects(migrateDatabase(db.url, { migrationsDir: dir }), /99990101000000_broken failed/);
      const tables = await query(db.url, "SELECT 1 FROM pg_tables WHERE tablename = 'half_done'");
      assert.equal(tables.length, 0);
      const rows = await query<{ migration_name: string }>(db.url, 'SELECT migration_name FROM _prisma_migrations');
      assert.deepEqual(rows.map((r) => r.migration_name).sort(), await localMigrations());
      // The real migrations alone are now up to date.
      assert.deepEqual((await migrateDatabase(db.url)).applied, []);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('refuses to run over a migration recorded as failed', async () => {
    const db = await fresh();
    await migrateDatabase(db.url);
    await query(
      db.url,
      "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at) VALUES ($1, 'x', 'zz_failed', now())",
      [randomBytes(16).toString('hex')],
    );
    await assert.rejects(migrateDatabase(db.url), /zz_failed is recorded as failed/);
  });

  test('prisma migrate status (the real CLI) reports the database up to date', async () => {
    const db = await fresh();
    await migrateDatabase(db.url);
    const res = runPrisma(['migrate', 'status'], db.url);
    assert.equal(res.status, 0, `${res.stdout}\n${res.stderr}`);
    assert.match(res.stdout, /Database schema is up to date!/);
  });

  test('schema.prisma matches the migrations (prisma migrate diff over a shadow database)', async () => {
    const db = await fresh();
    const res = runPrisma(
      ['migrate', 'diff', '--from-migrations', 'prisma/migrations', '--to-schema-datamodel', 'prisma/schema.prisma', '--exit-code'],
      db.url,
    );
    assert.equal(res.status, 0, `schema.prisma has changes no migration holds; run migration:create\n${res.stdout}${res.stderr}`);
    const shadows = await query(db.url, "SELECT datname FROM pg_database WHERE datname LIKE 'prisma\\_shadow\\_%'");
    assert.deepEqual(shadows, [], 'the shadow database is dropped afterwards');
  });
});

describe('ensureDatabase', () => {
  const base = process.env.TEST_DATABASE_URL || 'postgresql://root@127.0.0.1:5432/postgres';
  const name = `harbor_test_ensure_${randomBytes(4).toString('hex')}`;
  const url = (() => {
    const u = new URL(base);
    u.pathname = `/${name}`;
    return u.toString();
  })();
  before(async () => {
    await query(base, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
  after(async () => {
    await query(base, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });

  test('creates a missing database once, concurrent callers included', async () => {
    const results = await Promise.all([ensureDatabase(url), ensureDatabase(url)]);
    assert.equal(results.filter((r) => r.created).length, 1);
    assert.deepEqual(await ensureDatabase(url), { created: false });
    assert.deepEqual(await query<{ ok: number }>(url, 'SELECT 1 AS ok'), [{ ok: 1 }]);
  });
});
