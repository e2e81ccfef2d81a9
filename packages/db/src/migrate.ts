// Applies prisma/migrations at service start-up without the Prisma CLI (whose `migrate deploy` takes ~11 s
// here). The bookkeeping is Prisma's own `_prisma_migrations` table, so `prisma migrate status/deploy`
// agree with what this module did, and the lock is Prisma's own advisory-lock key, so replicas starting
// together and a concurrent `prisma migrate deploy` take turns instead of racing.
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { withDatabase } from './url.js';

/** The key Prisma's schema engine passes to pg_advisory_lock around every migrate command. */
const PRISMA_MIGRATE_LOCK_KEY = 72707369;

/** The migrations folder shipped with this package: `<package>/prisma/migrations`, from src/ and dist/. */
export const migrationsDir = fileURLToPath(new URL('../prisma/migrations/', import.meta.url));

export interface MigrateOptions {
  log?: (msg: string) => void;
  /** Defaults to this package's migrations. */
  migrationsDir?: string;
  /** How long to wait for another migrator to finish before failing; default 120 s. */
  lockTimeoutMs?: number;
}

export interface MigrateResult {
  /** Names of the migrations this call applied, in order (empty when already up to date). */
  applied: string[];
}

interface LocalMigration {
  name: string;
  sql: string;
  checksum: string;
}

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

// Same definition as Prisma's schema engine creates, so either side may create it first.
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum"            VARCHAR(64) NOT NULL,
  "finished_at"         TIMESTAMPTZ,
  "migration_name"      VARCHAR(255) NOT NULL,
  "logs"                TEXT,
  "rolled_back_at"      TIMESTAMPTZ,
  "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/** Folders in name order (Prisma's order: the timestamp prefix), each with its migration.sql. */
async function readMigrations(dir: string): Promise<LocalMigration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const bytes = await readFile(join(dir, name, 'migration.sql'));
      // Prisma's checksum is the SHA-256 of the file's bytes, hex encoded.
      return { name, sql: bytes.toString('utf8'), checksum: createHash('sha256').update(bytes).digest('hex') };
    }),
  );
}

/**
 * Applies every pending migration, each in its own transaction, under Prisma's advisory lock. Refuses
 * to run while the table records a failed migration (as `prisma migrate deploy` does, error P3009).
 * Migrations must therefore be transaction-safe (no CREATE INDEX CONCURRENTLY, no BEGIN/COMMIT).
 */
export async function migrateDatabase(databaseUrl: string, opts: MigrateOptions = {}): Promise<MigrateResult> {
  const log = opts.log ?? (() => {});
  const local = await readMigrations(opts.migrationsDir ?? migrationsDir);
  const client = new pg.Client({ connectionString: databaseUrl });
  // A dropped connection rejects the pending query; without a listener it would also crash the process.
  client.on('error', () => {});
  await client.connect();
  try {
    await lock(client, opts.lockTimeoutMs ?? 120_000);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const pending = planPending(local, await loadRows(client), log);
      for (const m of pending) {
        log(`applying migration ${m.name}`);
        await applyOne(client, m);
      }
      log(pending.length ? `applied ${pending.length} migration(s)` : 'database schema is up to date');
      return { applied: pending.map((m) => m.name) };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK_KEY]).catch(() => {});
    }
  } finally {
    await client.end().catch(() => {});
  }
}

async function lock(client: pg.Client, timeoutMs: number): Promise<void> {
  // lock_timeout bounds the wait for the advisory lock; reset so it never applies to migration DDL.
  await client.query(`SET lock_timeout = ${Math.max(1, Math.floor(timeoutMs))}`);
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
  } catch (err) {
    if ((err as { code?: string }).code !== '55P03') throw err;
    throw new Error(`timed out after ${timeoutMs} ms waiting for another migration run to finish`, { cause: err });
  } finally {
    await client.query('RESET lock_timeout').catch(() => {});
  }
}

async function loadRows(client: pg.Client): Promise<MigrationRow[]> {
  const { rows } = await client.query<MigrationRow>(
    'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at',
  );
  return rows;
}

function planPending(local: LocalMigration[], rows: MigrationRow[], log: (msg: string) => void): LocalMigration[] {
  const failed = rows.find((r) => r.finished_at === null && r.rolled_back_at === null);
  if (failed) {
    throw new Error(
      `migration ${failed.migration_name} is recorded as failed; fix the database, then mark it with ` +
        '`prisma migrate resolve --applied|--rolled-back` before starting again',
    );
  }
  const applied = new Map<string, MigrationRow>();
  for (const r of rows) if (r.finished_at !== null && r.rolled_back_at === null) applied.set(r.migration_name, r);
  const localNames = new Set(local.map((m) => m.name));
  for (const name of applied.keys()) {
    if (!localNames.has(name)) log(`warning: migration ${name} is applied but not present locally`);
  }
  for (const m of local) {
    const row = applied.get(m.name);
    if (row && row.checksum !== m.checksum) log(`warning: migration ${m.name} was modified after it was applied`);
  }
  return local.filter((m) => !applied.has(m.name));
}

async function applyOne(client: pg.Client, m: LocalMigration): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, $3, clock_timestamp(), 0)`,
      [randomUUID(), m.checksum, m.name],
    );
    // No parameters: the simple-query protocol runs a multi-statement script as one call.
    await client.query(m.sql);
    await client.query(
      `UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1
       WHERE migration_name = $1 AND finished_at IS NULL`,
      [m.name],
    );
    await client.query('COMMIT');
  } catch (err) {
    // The transaction leaves no trace, so the next start simply tries again.
    await client.query('ROLLBACK').catch(() => {});
    throw new Error(`migration ${m.name} failed: ${(err as Error).message}`, { cause: err });
  }
}

/** Creates the database named in `databaseUrl` (via the server's `postgres` database) unless it exists. */
export async function ensureDatabase(databaseUrl: string): Promise<{ created: boolean }> {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  if (!name) throw new Error('the database URL does not name a database');
  const admin = new pg.Client({ connectionString: withDatabase(databaseUrl, 'postgres') });
  admin.on('error', () => {});
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return { created: false };
    await admin.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
    return { created: true };
  } catch (err) {
    // Another process created it between our check and CREATE: 42P04, or 23505 from the catalog index.
    const code = (err as { code?: string }).code;
    if (code === '42P04' || code === '23505') return { created: false };
    throw err;
  } finally {
    await admin.end().catch(() => {});
  }
}
